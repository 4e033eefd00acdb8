import fc from "fast-check";
import { Unpackr } from "msgpackr";
import { describe, expect, it } from "vitest";
import { decodeUntrusted, encodeMessage } from "./codec.js";
import { decodeFlatMap, encodeFlatMap } from "./flat-map-codec.js";
import { clusterTelemetry } from "./messages/telemetry.js";

/** A tape of draws in [0, 1) from fast-check, read in turn (wrapping round), to drive a generator. */
const tape = fc.array(
  fc.noBias(fc.integer({ min: 0, max: 0x7fffffff })).map((n) => n / 0x80000000),
  { minLength: 64, maxLength: 256 },
);
function reader(draws: readonly number[]): () => number {
  let i = 0;
  return () => draws[i++ % draws.length]!;
}

// Every boundary of every form the public codec chooses between.
const EDGE_NUMBERS = [
  0,
  -0,
  1,
  0x7f,
  0x80,
  0xff,
  0x100,
  0xffff,
  0x10000,
  0xffffffff,
  2 ** 32,
  1_778_630_400_000,
  Number.MAX_SAFE_INTEGER,
  -1,
  -0x20,
  -0x21,
  -0x80,
  -0x81,
  -0x8000,
  -0x8001,
  -(2 ** 31),
  -(2 ** 31) - 1,
  0.5,
  -1.25,
  1e-300,
  Number.NaN,
  Infinity,
  -Infinity,
];
const EDGE_LENGTHS = [0, 1, 0x1f, 0x20, 0xff, 0x100, 0xffff, 0x10000];

function randomValue(next: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  switch (Math.floor(next() * 6)) {
    case 0:
      return pick(EDGE_NUMBERS);
    case 1:
      return (next() - 0.5) * 10 ** Math.floor(next() * 16);
    case 2:
      return next() < 0.5;
    case 3:
      return "x".repeat(pick(EDGE_LENGTHS.slice(0, 7)));
    case 4:
      return new Uint8Array(pick(EDGE_LENGTHS)).map((_, i) => (i * 31 + 7) & 0xff);
    default:
      return Math.floor(next() * 2 ** 32) - 2 ** 31;
  }
}

describe("encodeFlatMap", () => {
  it("writes the public codec's bytes for maps of numbers, booleans, ASCII strings and byte arrays", () => {
    fc.assert(
      fc.property(tape, (draws) => {
        const next = reader(draws);
        const entries = Math.floor(next() * 3) === 0 ? Math.floor(next() * 40) : Math.floor(next() * 12);
        const map: Record<string, unknown> = {};
        for (let k = 0; k < entries; k++) map[`k${k}${"_".repeat(Math.floor(next() * 40))}`] = randomValue(next);
        expect(Buffer.from(encodeFlatMap(map)!).toString("hex"), JSON.stringify(Object.keys(map))).toBe(Buffer.from(encodeMessage(map)).toString("hex"));
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it("writes a map of 65,536 entries with the codec's 32-bit header", () => {
    const map = Object.fromEntries(Array.from({ length: 0x10000 }, (_, i) => [`s${i}`, i]));
    expect(Buffer.compare(Buffer.from(encodeFlatMap(map)!), Buffer.from(encodeMessage(map)))).toBe(0);
  });

  it("leaves a map with anything else to the codec", () => {
    for (const map of [{ id: "é" }, { clé: 1 }, { ids: ["a", "b"] }, { nested: { a: 1 } }, { none: null }, { skipped: undefined }, { big: 2n ** 70n }]) {
      const bytes = (() => {
        try {
          return Buffer.from(encodeMessage(map)).toString("hex");
        } catch (err) {
          return String(err);
        }
      })();
      expect(encodeFlatMap(map), bytes).toBeUndefined();
    }
  });

  it("gives each message bytes of its own that later messages never overwrite", () => {
    const first = encodeFlatMap({ run: "r", tick: 1, column: new Uint8Array([1, 2, 3]) })!;
    const kept = Uint8Array.from(first);
    for (let i = 0; i < 5000; i++) encodeFlatMap({ run: "r", tick: i, column: new Uint8Array(i % 300).fill(9) });
    expect(first).toEqual(kept);
    expect(decodeUntrusted(first, "first")).toEqual({ run: "r", tick: 1, column: new Uint8Array([1, 2, 3]) });
  });

  it("is how a cluster's batch is encoded, and the batch reads back", () => {
    const columns = (n: number, width = 1) => new Uint8Array(new Float32Array(n * width).map((_, i) => i / 3).buffer);
    const batch = {
      v: 3 as const,
      run: "run-1",
      cluster: "shell-a-p001",
      tick: 70_000,
      simTimeMs: 1_778_630_400_000 + 70_000 * 10_000,
      count: 1000,
      posKm: columns(1000, 3),
      velKmS: columns(1000, 3),
      latDeg: columns(1000),
      lonDeg: columns(1000),
      altKm: columns(1000),
      sunlitFraction: columns(1000),
      status: new Uint8Array(1000),
    };
    const bytes = clusterTelemetry.encode(batch);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(encodeMessage(batch)))).toBe(0);
    expect(clusterTelemetry.decode(bytes)).toEqual(batch);
  });
});

/** msgpackr as the public codec reads without the flat path: the reference. */
const general = new Unpackr({ mapsAsObjects: true, moreTypes: false, int64AsType: "number" });

function generalRead(bytes: Uint8Array): unknown {
  try {
    return general.unpack(bytes);
  } catch {
    return undefined;
  }
}

/** A flat map written by hand in every form a reader may meet, not only the smallest. */
function handWritten(next: () => number): Uint8Array {
  const parts: number[] = [];
  const u16 = (v: number) => parts.push(v >>> 8, v & 0xff);
  const u32 = (v: number) => parts.push(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const head = (code: number, length: number, bytes: 1 | 2 | 4) => {
    parts.push(code);
    if (bytes === 1) parts.push(length);
    else if (bytes === 2) u16(length);
    else u32(length);
  };
  const ascii = (s: string) => {
    const form = Math.floor(next() * 3);
    if (form === 0 && s.length < 32) parts.push(0xa0 | s.length);
    else if (form === 1 && s.length < 256) head(0xd9, s.length, 1);
    else head(0xda, s.length, 2);
    for (const c of s) parts.push(c.charCodeAt(0));
  };
  const entries = Math.floor(next() * 20);
  if (next() < 0.7 && entries < 16) parts.push(0x80 | entries);
  else if (next() < 0.5) head(0xde, entries, 2);
  else head(0xdf, entries, 4);
  for (let e = 0; e < entries; e++) {
    ascii(`key${Math.floor(next() * 30)}`);
    const n = Math.floor(next() * 2 ** 32);
    const kind = Math.floor(next() * 12);
    if (kind === 0) parts.push(n & 0x7f);
    else if (kind === 1) parts.push(0xe0 | (n & 0x1f));
    else if (kind === 2) head(0xcc, n & 0xff, 1);
    else if (kind === 3) head(0xcd, n & 0xffff, 2);
    else if (kind === 4) head(0xce, n, 4);
    else if (kind === 5) head(0xd0, n & 0xff, 1);
    else if (kind === 6) head(0xd1, n & 0xffff, 2);
    else if (kind === 7) head(0xd2, n, 4);
    else if (kind === 8) {
      const f = new DataView(new ArrayBuffer(8));
      f.setFloat64(0, (next() - 0.5) * 1e9);
      parts.push(0xcb, ...new Uint8Array(f.buffer));
    } else if (kind === 9) parts.push([0xc0, 0xc2, 0xc3][n % 3]!);
    else if (kind === 10) ascii("v".repeat(n % 300));
    else {
      const length = [0, 3, 255, 256, 300][n % 5]!;
      if (length < 256 && next() < 0.5) head(0xc4, length, 1);
      else if (next() < 0.5) head(0xc5, length, 2);
      else head(0xc6, length, 4);
      for (let i = 0; i < length; i++) parts.push((i * 13) & 0xff);
    }
  }
  return Uint8Array.from(parts);
}

describe("decodeFlatMap", () => {
  it("reads what the general decoder reads, in every form of a flat map", () => {
    fc.assert(
      fc.property(tape, (draws) => {
        const bytes = handWritten(reader(draws));
        expect(decodeFlatMap(bytes, 1_000_000)).toEqual(generalRead(bytes));
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it("reads nothing the general decoder would read otherwise, whatever the bytes are cut or changed to", () => {
    let read = 0;
    fc.assert(
      fc.property(tape, (draws) => {
        const next = reader(draws);
        const bytes = handWritten(next);
        const cut = next() < 0.3 ? Math.floor(next() * bytes.length) : bytes.length;
        for (let flips = Math.floor(next() * 3); flips > 0; flips--) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        const mutated = next() < 0.2 ? Uint8Array.from([...bytes, Math.floor(next() * 256)]) : bytes.subarray(0, cut);
        const flat = decodeFlatMap(mutated, 1_000_000);
        if (flat === undefined) return;
        read++;
        expect(flat).toEqual(generalRead(mutated));
      }),
      { seed: 12, numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(300);
  });

  it("leaves to the general decoder what it must rename, refuse or count", () => {
    const withKey = (key: string) => Uint8Array.from([0x81, 0xa0 | key.length, ...Buffer.from(key), 0x01]);
    for (const key of ["__proto__", "constructor", "prototype", "clé"]) expect(decodeFlatMap(withKey(key), 10), key).toBeUndefined();
    expect(() => decodeUntrusted(withKey("constructor"), "batch")).toThrow(/forbidden key constructor/);
    const three = encodeFlatMap({ a: 1, b: 2, c: 3 })!;
    expect(decodeFlatMap(three, 2)).toBeUndefined();
    expect(() => decodeUntrusted(three, "batch", { maxBytes: 1000, maxDepth: 16, maxLength: 2 })).toThrow(/has 3 keys, over 2/);
    expect(decodeFlatMap(Uint8Array.from([0x81, 0xa1, 0x61, 0xca, 0x3f, 0x80, 0, 0]), 10)).toBeUndefined();
  });
});
