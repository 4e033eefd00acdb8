import { describe, expect, it } from "vitest";
import { buckets } from "@orbitwin/protocol";
import { LocalBus } from "./bus/local-bus.js";
import { CheckpointStore, MANIFEST_FORMAT, packSnapshot, unpackSnapshot } from "./checkpoint-store.js";

describe("CheckpointStore manifests", () => {
  it("writes the format it knows and reads manifests older than formats (format 1)", async () => {
    const bus = new LocalBus();
    const store = await CheckpointStore.open(bus, "fmt");
    await store.markComplete({ tick: 3, epoch: 1, participants: ["h1"], savedAtMs: 0 });
    expect((await store.manifest(3))?.format).toBe(MANIFEST_FORMAT);
    const kv = await bus.kv(buckets.checkpoints("fmt"));
    await kv.put("t0000000006.manifest", packSnapshot({ tick: 6, epoch: 1, participants: ["h1"], savedAtMs: 0 }));
    expect((await store.latest())?.tick).toBe(6);
  });

  it("refuses a manifest of a newer format, naming the format and the checkpoint", async () => {
    const bus = new LocalBus();
    const store = await CheckpointStore.open(bus, "fmt");
    const kv = await bus.kv(buckets.checkpoints("fmt"));
    await kv.put("t0000000009.manifest", packSnapshot({ format: MANIFEST_FORMAT + 1, tick: 9, epoch: 1, participants: ["h1"], savedAtMs: 0 }));
    await expect(store.latest()).rejects.toThrow(
      new RegExp(`checkpoint 9 .* manifest format ${MANIFEST_FORMAT + 1}; this orbitwin reads formats 1 to ${MANIFEST_FORMAT}`),
    );
  });
});

describe("snapshots", () => {
  it("come back bit for bit, small and large, and a large one shares nothing with the next", () => {
    const large = { state: new Float64Array(300_000).map((_, i) => i / 7), ids: ["a", "b"] };
    const small = { tick: 4, nan: Number.NaN, bytes: new Uint8Array([1, 2, 3]) };
    const packedLarge = packSnapshot(large);
    const packedSmall = packSnapshot(small);
    expect(unpackSnapshot(packedLarge)).toEqual(large);
    expect(unpackSnapshot(packedSmall)).toEqual(small);
    // Packing again (strings too) must work and not write over what an earlier call returned.
    const next = { other: new Float64Array(300_000).fill(1), name: "after a large one" };
    expect(unpackSnapshot(packSnapshot(next))).toEqual(next);
    expect(unpackSnapshot(packSnapshot({ id: "small after large" }))).toEqual({ id: "small after large" });
    expect(unpackSnapshot(packedLarge)).toEqual(large);
  });
});
