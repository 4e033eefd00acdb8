import { describe, expect, it } from "vitest";
import { packSnapshot, unpackSnapshot } from "./checkpoint-store.js";
import { snapshotPieces } from "./snapshot-pieces.js";

function joined(value: unknown): Uint8Array {
  const pieces = [...snapshotPieces(value, packSnapshot)];
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("snapshotPieces", () => {
  it("packs a snapshot whose pieces, joined, read back as the snapshot packed whole", () => {
    const cluster = (i: number) => ({ cluster: `c${i}`, arrays: { clock: new Float64Array([1, Number.NaN, -0]) }, commands: [{ sat: `s${i}`, clock: 0.5 }] });
    const snapshot = { controls: Array.from({ length: 20 }, (_, i) => cluster(i)), lastTick: 7, missing: undefined, nothing: null, name: "thermal" };
    expect(unpackSnapshot(joined(snapshot))).toEqual(unpackSnapshot(packSnapshot(snapshot)));
    expect(Object.is(unpackSnapshot<typeof snapshot>(joined(snapshot)).controls[3]!.arrays.clock[2], -0)).toBe(true);
  });

  it("writes every size of header msgpack has: fix, 16-bit and 32-bit counts", () => {
    for (const length of [0, 15, 16, 65_535, 65_536]) {
      const items = Array.from({ length }, (_, i) => i % 3);
      expect(unpackSnapshot(joined({ items }))).toEqual({ items });
    }
    for (const length of [0, 15, 16, 65_536]) {
      const keys = Object.fromEntries(Array.from({ length }, (_, i) => [`k${i}`, i]));
      expect(unpackSnapshot(joined(keys))).toEqual(keys);
    }
  });

  it("packs a top-level array's items one by one and anything deeper whole", () => {
    const item = { deep: [[1, 2], [3]], bytes: new Uint8Array(1000) };
    const pieces = [...snapshotPieces({ items: [item, item] }, packSnapshot)];
    // map header, key, array header, then one piece per item
    expect(pieces).toHaveLength(5);
    expect(pieces[3]).toEqual(packSnapshot(item));
  });
});
