import { describe, expect, it } from "vitest";
import { CheckpointStore, LocalBus, silentLogger } from "@orbitwin/runtime";
import { CheckpointWriter } from "./checkpoint-writer.js";
import type { ClusterSnapshot } from "./cluster-actor.js";

const snap = (cluster: string) =>
  ({
    cluster,
    tick: 4,
    simTimeMs: 0,
    count: 0,
    burned: [],
    destroyed: new Uint8Array(0),
    pending: [],
    subsystems: null,
    faults: { applied: [], blackout: new Uint8Array(0), stuckThruster: new Uint8Array(0), sensorOffset: new Float64Array(0), temporary: [] },
  }) as unknown as ClusterSnapshot;

describe("CheckpointWriter", () => {
  it("stores every snapshot under its cluster and reports the tick when all are stored", async () => {
    const store = await CheckpointStore.open(new LocalBus(), "r");
    const writer = new CheckpointWriter(store, 4, silentLogger());
    for (const c of ["c1", "c2", "c3"]) await writer.write(snap(c));
    expect(await writer.finish()).toBe(4);
    expect((await store.load<ClusterSnapshot>(4, "cluster.c2"))?.cluster).toBe("c2");
  });

  it("waits for room once 32 writes are in flight", async () => {
    const release: (() => void)[] = [];
    const slowStore = { save: () => new Promise<void>((resolve) => release.push(resolve)) } as unknown as CheckpointStore;
    const writer = new CheckpointWriter(slowStore, 7, silentLogger());
    for (let i = 0; i < 31; i++) await writer.write(snap(`c${i}`));
    let roomMade = false;
    const thirtySecond = writer.write(snap("c31")).then(() => (roomMade = true));
    await Promise.resolve();
    expect(roomMade).toBe(false);
    release[0]!();
    await thirtySecond;
    expect(roomMade).toBe(true);
    release.forEach((r) => r());
    expect(await writer.finish()).toBe(7);
  });

  it("reports no checkpoint when a snapshot could not be stored", async () => {
    const failing = { save: () => Promise.reject(new Error("JetStream unavailable")) } as unknown as CheckpointStore;
    const writer = new CheckpointWriter(failing, 9, silentLogger());
    await writer.write(snap("c1"));
    expect(await writer.finish()).toBeUndefined();
  });
});
