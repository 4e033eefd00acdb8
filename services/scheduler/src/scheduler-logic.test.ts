import { describe, expect, it } from "vitest";
import { EventKinds, float32ToBin, uint16ToBin, type ClockTick, type ClusterTelemetry } from "@orbitwin/protocol";
import { packSnapshot, snapshotDigest, unpackSnapshot, type ClusterDefinitions, type TickDecision } from "@orbitwin/runtime";
import { testBatch, testClusterDefinition } from "@orbitwin/runtime/testing";
import { createSchedulerCore } from "./scheduler-config.js";
import { schedulerLogic, type SchedulerSnapshot, type SchedulerState } from "./scheduler-logic.js";

const RUN = "scheduler-logic";
const definitions: ClusterDefinitions = new Map(["a", "b"].map((c) => [c, { ...testClusterDefinition(RUN, c, 4), bus: { preset: "starlink-v2-mini-gpu" } }]));
const context = { definitions };

/** Healthy satellites with 16 accelerators each; satellite 2 of "b" loses 4 at tick 5. */
function batch(cluster: string, tick: number): ClusterTelemetry {
  const def = definitions.get(cluster)!;
  const n = def.satIds.length;
  const f32 = (v: number) => float32ToBin(new Float32Array(n).fill(v));
  const failed = new Uint16Array(n);
  if (cluster === "b" && tick >= 5) failed[2] = 4;
  return testBatch({
    run: RUN,
    cluster,
    satIds: def.satIds,
    tick,
    extra: {
      health: new Uint8Array(n),
      batterySoc: f32(0.9),
      clock: f32(1),
      dutyCycle: f32(1),
      consumedW: f32(12_000),
      junctionK: f32(340),
      junctionLimitK: f32(368),
      acceleratorsActive: uint16ToBin(new Uint16Array(n).fill(16).map((a, i) => (cluster === "b" && tick >= 5 && i === 2 ? a - 4 : a))),
      acceleratorsFailed: uint16ToBin(failed),
    },
  });
}

const tickOf = (tick: number): ClockTick => ({ v: 1, tick, simTimeMs: Date.UTC(2026, 0, 1) + tick * 60_000, dtMs: 60_000, epoch: 1, wantDigest: false });

function newLogic(seed = 7) {
  return schedulerLogic(
    createSchedulerCore({ seed, section: { policy: "first-fit", arrivals: [{ kind: "batch", ratePerHour: 120, accelerators: 8, acceleratorHours: 0.2 }] } }),
  );
}

/** Ticks [from, to) as the runner runs them: each cluster's batch, then the decision. */
async function run(logic: ReturnType<typeof newLogic>, state: SchedulerState, from: number, to: number): Promise<TickDecision[]> {
  const decisions: TickDecision[] = [];
  for (let tick = from; tick < to; tick++) {
    for (const c of definitions.keys()) logic.onBatch!(state, batch(c, tick), context);
    decisions.push(await logic.decide(state, tickOf(tick), context));
  }
  return decisions;
}

describe("scheduler logic", () => {
  it("places submitted jobs and the scenario's arrivals, and sets the loads of the satellites they run on", async () => {
    const logic = newLogic();
    const state = logic.initial();
    state.core.submit([{ id: "train", kind: "training", accelerators: 32, acceleratorHours: 2, checkpointIntervalS: 120 }]);
    const decisions = await run(logic, state, 0, 8);
    const kinds = decisions.flatMap((d) => d.events.map((e) => e.kind));
    expect(kinds).toContain(EventKinds.jobPlaced);
    expect(decisions[0]!.commands.get("a")).toEqual([
      { sat: "a-s1", load: 1 },
      { sat: "a-s2", load: 1 },
      { sat: "a-s3", load: 0 },
      { sat: "a-s4", load: 0 },
    ]);
    expect(state.core.status(0).tick).toBe(7);
  });

  it("refuses a batch whose columns do not fit its cluster and keeps the view as it was", () => {
    const logic = newLogic();
    const state = logic.initial();
    logic.onBatch!(state, batch("a", 0), context);
    const before = snapshotDigest(logic.snapshot(state));
    expect(() => logic.onBatch!(state, { ...batch("a", 1), batterySoc: new Uint8Array(3) }, context)).toThrow(/batterySoc/);
    expect(snapshotDigest(logic.snapshot(state))).toBe(before);
  });

  it("decides from a restored checkpoint exactly as it would have gone on (persist -> restore -> same digest)", async () => {
    const logic = newLogic();
    const original = logic.initial();
    original.core.submit([{ id: "train", kind: "training", accelerators: 32, acceleratorHours: 2, checkpointIntervalS: 120 }]);
    await run(logic, original, 0, 4);
    const saved = unpackSnapshot<SchedulerSnapshot>(packSnapshot(logic.snapshot(original)));
    const otherLogic = newLogic();
    const restored = otherLogic.restore(saved, otherLogic.initial(), context);
    expect(snapshotDigest(otherLogic.snapshot(restored))).toBe(snapshotDigest(logic.snapshot(original)));
    const goingOn = await run(logic, original, 4, 10);
    const replayed = await run(otherLogic, restored, 4, 10);
    expect(replayed).toEqual(goingOn);
    expect(snapshotDigest(otherLogic.snapshot(restored))).toBe(snapshotDigest(logic.snapshot(original)));
  });

  it("keeps no satellite ids in its snapshot and takes them from the definitions on restore", async () => {
    const logic = newLogic();
    const original = logic.initial();
    await run(logic, original, 0, 3);
    const saved = unpackSnapshot<SchedulerSnapshot>(packSnapshot(logic.snapshot(original)));
    expect(saved.views.map((v) => [v.cluster, v.count, "satIds" in v])).toEqual([
      ["a", 4, false],
      ["b", 4, false],
    ]);
    const restored = logic.restore(saved, logic.initial(), context);
    expect(restored.views.get("b")!.satIds).toBe(definitions.get("b")!.satIds);
    // A snapshot written while it still repeated the ids restores to the same state.
    const older = { ...saved, views: saved.views.map(({ count, ...v }) => ({ ...v, satIds: definitions.get(v.cluster)!.satIds.slice(0, count) })) };
    const fromOlder = logic.restore(older as unknown as SchedulerSnapshot, logic.initial(), context);
    expect(snapshotDigest(logic.snapshot(fromOlder))).toBe(snapshotDigest(logic.snapshot(original)));
  });

  it("refuses a snapshot whose clusters do not fit the run's definitions, and keeps its state", async () => {
    const logic = newLogic();
    const state = logic.initial();
    await run(logic, state, 0, 2);
    const saved = logic.snapshot(state);
    await run(logic, state, 2, 3);
    const before = snapshotDigest(logic.snapshot(state));
    const onlyA: ClusterDefinitions = new Map([["a", definitions.get("a")!]]);
    expect(() => logic.restore(saved, state, { definitions: onlyA })).toThrow(/scheduler snapshot names cluster b, which the run does not define/);
    expect(() => logic.restore(saved, state, { definitions: undefined })).toThrow(/names cluster a, which the run does not define/);
    const resized = { ...saved, views: saved.views.map((v) => ({ ...v, count: v.count + 1 })) };
    expect(() => logic.restore(resized, state, context)).toThrow(/checkpoint of cluster a: 5 satellites, its definition has 4/);
    expect(snapshotDigest(logic.snapshot(state))).toBe(before);
  });

  it("keeps jobs submitted over the bus after the checkpoint when it goes back to it", async () => {
    const logic = newLogic();
    const state = logic.initial();
    await run(logic, state, 0, 2);
    const checkpoint = logic.snapshot(state);
    state.core.submit([{ id: "late", kind: "batch", accelerators: 8, acceleratorHours: 1 }]);
    await run(logic, state, 2, 3);
    const back = logic.restore(checkpoint, state, context);
    expect(back.core.list(undefined, 100).jobs.find((j) => j.id === "late")).toMatchObject({ state: "queued" });
  });
});
