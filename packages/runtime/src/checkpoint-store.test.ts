import { describe, expect, it } from "vitest";
import { ErrorCodes, buckets } from "@orbitwin/protocol";
import { LocalBus } from "./bus/local-bus.js";
import type { KvStore } from "./bus/bus.js";
import { kvWith } from "./bus/kv-with.js";
import { CHUNKS_IN_FLIGHT, CheckpointStore, MANIFEST_FORMAT, packSnapshot, unpackSnapshot } from "./checkpoint-store.js";

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

/** `bus` with every KV store it opens from now on changed by `change`. */
function withKv(bus: LocalBus, change: (inner: KvStore) => KvStore): LocalBus {
  const open = bus.kv.bind(bus);
  bus.kv = async (bucket, options) => change(await open(bucket, options));
  return bus;
}

/** Calls that each finish a turn of the event loop later, as a server's answers do, counting how many are under way. */
function overlapping() {
  const seen = { now: 0, max: 0 };
  const later = async <T>(call: () => Promise<T>): Promise<T> => {
    seen.now++;
    seen.max = Math.max(seen.max, seen.now);
    await new Promise((turn) => setImmediate(turn));
    seen.now--;
    return call();
  };
  return { seen, later };
}

describe("CheckpointStore saves", () => {
  /** A bus whose checkpoint chunk writes overlap as a server's acks let them; the header's write is recorded. */
  function slowWrites(failKey?: string) {
    const { seen, later } = overlapping();
    const log = { headerWrittenWith: -1, headerWritten: false };
    const bus = withKv(new LocalBus(), (inner) =>
      kvWith(inner, {
        put: (key, value) => {
          if (!key.endsWith(".n")) return later(() => (key === failKey ? Promise.reject(new Error(`stream unavailable for ${key}`)) : inner.put(key, value)));
          log.headerWritten = true;
          log.headerWrittenWith = seen.now;
          return inner.put(key, value);
        },
      }),
    );
    return { bus, log, seen };
  }
  // About 6.4 MB: thirteen 512 KiB chunks.
  const state = { columns: Array.from({ length: 8 }, (_, k) => new Float64Array(100_000).map((_, i) => i * (k + 1) + 0.5)) };

  it("writes several chunks at once, at most CHUNKS_IN_FLIGHT, and the header after every chunk", async () => {
    const { bus, log, seen } = slowWrites();
    const store = await CheckpointStore.open(bus, "many");
    await store.save(5, "svc.thermal", state);
    expect(seen.max).toBe(CHUNKS_IN_FLIGHT);
    expect(log.headerWritten).toBe(true);
    expect(log.headerWrittenWith).toBe(0);
    expect(await store.load(5, "svc.thermal")).toEqual(state);
  });

  it("reads several chunks at once, at most CHUNKS_IN_FLIGHT, and puts them back in order", async () => {
    const bus = new LocalBus();
    const store = await CheckpointStore.open(bus, "reads");
    await store.save(5, "svc.thermal", state);
    const { seen, later } = overlapping();
    withKv(bus, (inner) => kvWith(inner, { get: (key) => later(() => inner.get(key)) }));
    expect(await (await CheckpointStore.open(bus, "reads")).load(5, "svc.thermal")).toEqual(state);
    expect(seen.max).toBe(CHUNKS_IN_FLIGHT);
  });

  it("fails the save when one chunk cannot be written, and writes no header", async () => {
    const { bus, log } = slowWrites("t0000000005.svc.thermal.2");
    const store = await CheckpointStore.open(bus, "lost");
    await expect(store.save(5, "svc.thermal", state)).rejects.toThrow(/stream unavailable for t0000000005.svc.thermal.2/);
    expect(log.headerWritten).toBe(false);
    expect(await store.load(5, "svc.thermal")).toBeUndefined();
  });
});

describe("CheckpointStore pruning", () => {
  it("keeps the newest complete checkpoints and deletes older ones whole, complete or not, reading only manifests", async () => {
    const read: string[] = [];
    const bus = withKv(new LocalBus(), (inner) =>
      kvWith(inner, {
        get: (key) => {
          read.push(key);
          return inner.get(key);
        },
        // A listing reads every key it lists (on NATS, to leave out other clients' delete markers), unless unread.
        keys: async (filter, options) => {
          const keys = await inner.keys(filter, options);
          if (!options?.unread) read.push(...keys);
          return keys;
        },
      }),
    );
    const store = await CheckpointStore.open(bus, "prune");
    const save = async (tick: number, complete: boolean) => {
      await store.save(tick, "h1.c1", { tick, state: new Float64Array(10).fill(tick) });
      await store.save(tick, "svc.thermal", { tick });
      if (complete) await store.markComplete({ tick, epoch: 1, participants: ["h1", "thermal"], savedAtMs: 0 });
    };
    await save(100, true);
    await save(150, false);
    await save(200, true);
    await save(300, true);
    await save(400, true);
    await save(450, false);
    read.length = 0;
    await store.prune(2);
    expect(read.every((key) => key.endsWith(".manifest"))).toBe(true);
    expect(await store.completeTicks()).toEqual([300, 400]);
    const ticksLeft = [...new Set((await (await bus.kv(buckets.checkpoints("prune"))).keys()).map((k) => k.slice(0, k.indexOf("."))))];
    expect(ticksLeft).toEqual(["t0000000300", "t0000000400", "t0000000450"]);
    expect(await store.load(300, "h1.c1")).toEqual({ tick: 300, state: new Float64Array(10).fill(300) });

    await store.dropAfter(300);
    expect(await store.completeTicks()).toEqual([300]);
    expect(await store.load(450, "svc.thermal")).toBeUndefined();
    await store.clear();
    expect(await (await bus.kv(buckets.checkpoints("prune"))).keys()).toEqual([]);
  });
});
