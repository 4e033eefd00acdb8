/**
 * A fleet host writes a checkpoint tick's snapshots once that tick is complete, in the wait for
 * the next one, instead of while it steps the next; what it writes is still each cluster's state
 * as its next step starts, commands that arrive after the write included.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clusterCommand, clusterCommandReply, clusterTelemetry, encodeMessage, fleetTelemetry, subjects } from "@orbitwin/protocol";
import { CheckpointStore, LocalBus, type Bus, type KvStore } from "@orbitwin/runtime";
import { awaitMessage, startTwinOnBus, withOverrides, type TwinFixture } from "./twin-fixture.js";

const RUN = "checkpoint-ahead";
const CHECKPOINT_TICK = 2;
const CLUSTERS = ["w-p01", "w-p02", "w-p03"];
/** the satellite a command reaches after its cluster's snapshot was written */
const LATE = { cluster: "w-p02", sat: "w-p02-s03" };
const yaml = `
name: checkpoint-ahead
epoch: 2026-05-13T00:00:00Z
dt: 10s
duration: 1m
seed: 3
clusterSize: 6
checkpoint: { everyTicks: ${CHECKPOINT_TICK} }
constellations:
  - { kind: walker, name: w, planes: 3, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

/** The host's bus, with every checkpoint put recorded in `order` and `onPut` told of each key. */
function recordingPuts(bus: Bus, order: string[], onPut: (key: string) => void): Bus {
  const recording = (kv: KvStore): KvStore =>
    withOverrides(kv, {
      put: (key, value) => {
        order.push(`put ${key}`);
        onPut(key);
        return kv.put(key, value);
      },
    });
  return withOverrides(bus, { kv: async (bucket, options) => recording(await bus.kv(bucket, options)) });
}

const snapshotKey = (tick: number, cluster: string) => `t${String(tick).padStart(10, "0")}.cluster.${cluster}`;

let twin: TwinFixture | undefined;
afterEach(async () => {
  await twin?.stop();
  twin = undefined;
});

/** Steps the paused run `ticks` ticks on from `from` and waits for the last one's fleet aggregate. */
async function step(bus: Bus, from: number, ticks: number): Promise<void> {
  const target = from + ticks;
  const reached = awaitMessage(bus, subjects.fleet(RUN), (d) => (fleetTelemetry.decode(d).tick >= target ? true : undefined), `tick ${target}`);
  await bus.request(subjects.control(RUN, "step"), encodeMessage({ ticks }), { timeoutMs: 10_000 });
  await reached;
}

describe("a fleet host's checkpoint", () => {
  it("is written once its tick is complete, before the next tick, and again for a cluster whose commands came after", async () => {
    const bus = new LocalBus();
    const order: string[] = [];
    bus.subscribe(subjects.fleet(RUN), (m) => order.push(`fleet ${fleetTelemetry.decode(m.data).tick}`));
    bus.subscribe(subjects.allClusterTelemetry(RUN), (m) => {
      const t = clusterTelemetry.decode(m.data);
      order.push(`tlm ${t.tick} ${t.cluster}`);
    });
    let late: Promise<unknown> | undefined;
    let sent: (reply: Promise<unknown>) => void = () => undefined;
    const lateReply = new Promise<unknown>((resolve) => (sent = resolve));
    const onPut = (key: string) => {
      // The checkpoint's first snapshot is on its way: a command sent now reaches the host after the write.
      if (late || !key.startsWith(snapshotKey(CHECKPOINT_TICK, ""))) return;
      const command = clusterCommand.encode({
        v: 1,
        tick: CHECKPOINT_TICK,
        source: "test",
        commands: [{ sat: LATE.sat, destroy: "test: lost after the checkpoint" }],
      });
      late = bus.request(subjects.command(RUN, LATE.cluster), command, { timeoutMs: 10_000 }).then((r) => clusterCommandReply.decode(r.data));
      sent(late);
    };
    twin = await startTwinOnBus({ bus, run: RUN, hosts: 1, yaml, startPaused: true, busForHost: () => recordingPuts(bus, order, onPut) });

    await step(bus, -1, CHECKPOINT_TICK + 1);
    expect(await lateReply).toMatchObject({ ok: true, result: { cluster: LATE.cluster, accepted: 1, appliesAtTick: CHECKPOINT_TICK + 1 } });
    await step(bus, CHECKPOINT_TICK, 1);

    const header = (c: string) => `put ${snapshotKey(CHECKPOINT_TICK, c)}.n`;
    const firstNextTick = order.findIndex((e) => e.startsWith(`tlm ${CHECKPOINT_TICK + 1} `));
    for (const c of CLUSTERS) {
      const first = order.indexOf(header(c));
      expect(first).toBeGreaterThan(order.indexOf(`fleet ${CHECKPOINT_TICK}`));
      expect(first).toBeLessThan(firstNextTick);
      // Written once, or, for the cluster the late command changed, again before its own step.
      expect(order.filter((e) => e === header(c))).toHaveLength(c === LATE.cluster ? 2 : 1);
    }
    expect(order.lastIndexOf(header(LATE.cluster))).toBeLessThan(order.indexOf(`tlm ${CHECKPOINT_TICK + 1} ${LATE.cluster}`));

    const store = await CheckpointStore.open(bus, RUN);
    const snap = await store.load<{ pending: { decidedTick: number; command: object }[] }>(CHECKPOINT_TICK, `cluster.${LATE.cluster}`);
    expect(snap?.pending).toEqual([
      expect.objectContaining({ decidedTick: CHECKPOINT_TICK, command: { sat: LATE.sat, destroy: "test: lost after the checkpoint" } }),
    ]);
  });
});
