import { describe, expect, it } from "vitest";
import { ErrorCodes, buckets } from "@orbitwin/protocol";
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

describe("CheckpointStore integrity", () => {
  /** Flips one bit of the value under `key`, as a bad disk or a careless hand would. */
  async function flipByte(bus: LocalBus, run: string, key: string, at: number): Promise<void> {
    const kv = await bus.kv(buckets.checkpoints(run));
    const value = (await kv.get(key))!.value;
    value[at]! ^= 0x01;
    await kv.put(key, value);
  }

  it("refuses a snapshot with a flipped byte, naming its key and what is wrong", async () => {
    const bus = new LocalBus();
    const store = await CheckpointStore.open(bus, "flip");
    await store.save(7, "svc.thermal", { temps: new Float64Array(1000).fill(300), mode: "nominal" });
    expect((await store.load<{ mode: string }>(7, "svc.thermal"))?.mode).toBe("nominal");
    await flipByte(bus, "flip", "t0000000007.svc.thermal.0", 100);
    await expect(store.load(7, "svc.thermal")).rejects.toMatchObject({
      code: ErrorCodes.corruptCheckpoint,
      message: expect.stringMatching(
        /checkpoint 7 of svc\.thermal \(key t0000000007\.svc\.thermal\.\* in bucket ot-flip-checkpoints\): its bytes do not match the SHA-256/,
      ) as string,
    });
  });

  it("refuses a manifest with a flipped byte or of another run, and falls back to the newest valid one", async () => {
    const bus = new LocalBus();
    const store = await CheckpointStore.open(bus, "fall");
    for (const tick of [100, 200, 300]) await store.markComplete({ tick, epoch: 1, participants: ["h1"], savedAtMs: tick });
    await flipByte(bus, "fall", "t0000000300.manifest", 20);
    await expect(store.manifest(300)).rejects.toThrow(/checkpoint 300 \(key t0000000300\.manifest in bucket ot-fall-checkpoints\): its manifest does not/);
    // A manifest copied in from another run is foreign, however sound.
    const other = await CheckpointStore.open(bus, "other");
    await other.markComplete({ tick: 200, epoch: 1, participants: ["h1"], savedAtMs: 0 });
    const kv = await bus.kv(buckets.checkpoints("fall"));
    await kv.put("t0000000200.manifest", (await (await bus.kv(buckets.checkpoints("other"))).get("t0000000200.manifest"))!.value);
    await expect(store.manifest(200)).rejects.toThrow(/checkpoint 200 .*: it belongs to run other, not fall/);
    const refused: string[] = [];
    expect((await store.latestValid((err) => refused.push(err.message)))?.tick).toBe(100);
    expect(refused).toHaveLength(2);
    await store.discard(300);
    expect(await store.completeTicks()).toEqual([100, 200]);
  });
});
