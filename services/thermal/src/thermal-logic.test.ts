import { describe, expect, it } from "vitest";
import { EventKinds, float32ToBin, uint16ToBin, type ClockTick, type ClusterTelemetry } from "@orbitwin/protocol";
import { busPresets } from "@orbitwin/physics";
import { packSnapshot, snapshotDigest, unpackSnapshot, type ClusterDefinitions, type ParticipantEvent, type TickDecision } from "@orbitwin/runtime";
import { testBatch, testClusterDefinition } from "@orbitwin/runtime/testing";
import { expectedJunctionK } from "./sensor-check.js";
import { thermalLogic, thermalMargins, thermalStatus, type ThermalSnapshot, type ThermalState } from "./thermal-logic.js";
import { resolveThermalPolicy } from "./thermal-policy.js";

const RUN = "thermal-logic";
const preset = busPresets["starlink-v2-mini-gpu"]!;
const model = { junctionResistanceKPerW: preset.accelerator.junctionResistanceKPerW, busLoadW: preset.busLoadW };
const definitions: ClusterDefinitions = new Map(["a", "b"].map((c) => [c, { ...testClusterDefinition(RUN, c, 3), bus: { preset: "starlink-v2-mini-gpu" } }]));
const logic = thermalLogic(resolveThermalPolicy());
const context = { definitions };

/**
 * Tick `tick` of cluster `cluster`: compute nodes heating 4 K a tick (slot 2 of "b" faster), the
 * junction where physics puts it, batteries draining in a shadow that begins at tick 4.
 */
function batch(cluster: string, tick: number): ClusterTelemetry {
  const def = definitions.get(cluster)!;
  const n = def.satIds.length;
  const computeK = Float32Array.from({ length: n }, (_, i) => 300 + tick * (cluster === "b" && i === 2 ? 9 : 4) + i);
  const consumedW = new Float32Array(n).fill(preset.busLoadW + 16 * 600);
  const active = new Uint16Array(n).fill(16);
  return testBatch({
    run: RUN,
    cluster,
    satIds: def.satIds,
    tick,
    extra: {
      sunlitFraction: float32ToBin(new Float32Array(n).fill(tick >= 4 ? 0 : 1)),
      altKm: float32ToBin(new Float32Array(n).fill(550)),
      health: new Uint8Array(n),
      junctionK: float32ToBin(computeK.map((k, i) => expectedJunctionK(model, k, consumedW[i]!, 16))),
      junctionLimitK: float32ToBin(new Float32Array(n).fill(preset.accelerator.junctionLimitK)),
      tempComputeK: float32ToBin(computeK),
      consumedW: float32ToBin(consumedW),
      acceleratorsActive: uint16ToBin(active),
      batterySoc: float32ToBin(new Float32Array(n).fill(Math.max(0.05, 0.9 - 0.08 * tick))),
    },
  });
}

const tickOf = (tick: number): ClockTick => ({ v: 1, tick, simTimeMs: Date.UTC(2026, 0, 1) + tick * 60_000, dtMs: 60_000, epoch: 1, wantDigest: false });

/** Runs ticks [from, to) as the runner would: both batches, then the decision. */
async function run(state: ThermalState, from: number, to: number): Promise<{ events: ParticipantEvent[]; decisions: TickDecision[] }> {
  const events: ParticipantEvent[] = [];
  const decisions: TickDecision[] = [];
  for (let tick = from; tick < to; tick++) {
    for (const c of definitions.keys()) events.push(...(logic.onBatch!(state, batch(c, tick), context) ?? []));
    decisions.push(await logic.decide(state, tickOf(tick), context));
  }
  return { events, decisions };
}

describe("thermal logic", () => {
  it("throttles satellites whose junction nears its limit, sends each cluster's changes, and raises alarms", async () => {
    const state = logic.initial();
    const { events, decisions } = await run(state, 0, 11);
    const commanded = decisions.flatMap((d, tick) => [...d.commands].flatMap(([cluster, list]) => list.map((c) => ({ tick, cluster, ...c }))));
    expect(commanded.find((c) => c.clock !== undefined && c.clock < 1)).toMatchObject({ cluster: "b", sat: "b-s3" });
    expect(commanded.some((c) => c.safeMode === true)).toBe(true);
    expect(events.filter((e) => e.kind === EventKinds.thermalAlarm).length).toBe(state.alarmsRaised);
    expect(state.alarmsRaised).toBeGreaterThan(0);
    expect(thermalStatus(state)).toMatchObject({ tick: 10, satellitesTracked: 6, alarmsRaised: state.alarmsRaised });
    const margins = thermalMargins(state, 2);
    expect(margins.satellites).toHaveLength(2);
    expect(margins.satellites[0]!.marginK).toBeLessThanOrEqual(margins.satellites[1]!.marginK);
  });

  it("keeps a tick's decision when a batch of it comes again", async () => {
    const state = logic.initial();
    await run(state, 0, 3);
    const before = snapshotDigest(logic.snapshot(state));
    expect(logic.onBatch!(state, batch("b", 2), context)).toEqual([]);
    expect(snapshotDigest(logic.snapshot(state))).toBe(before);
  });

  it("decides from a restored checkpoint exactly as it would have gone on (persist -> restore -> same digest)", async () => {
    const original = logic.initial();
    await run(original, 0, 4);
    const saved = unpackSnapshot<ThermalSnapshot>(packSnapshot(logic.snapshot(original)));
    const restored = logic.restore(saved, logic.initial(), { definitions });
    expect(snapshotDigest(logic.snapshot(restored))).toBe(snapshotDigest(logic.snapshot(original)));
    const goingOn = await run(original, 4, 9);
    const replayed = await run(restored, 4, 9);
    expect(replayed).toEqual(goingOn);
    expect(snapshotDigest(logic.snapshot(restored))).toBe(snapshotDigest(logic.snapshot(original)));
  });

  it("keeps no satellite ids in its snapshot and takes them from the definitions on restore", async () => {
    const original = logic.initial();
    await run(original, 0, 4);
    const saved = unpackSnapshot<ThermalSnapshot>(packSnapshot(logic.snapshot(original)));
    expect(saved.controls.map((c) => [c.cluster, c.count, "satIds" in c])).toEqual([
      ["a", 3, false],
      ["b", 3, false],
    ]);
    const restored = logic.restore(saved, logic.initial(), { definitions });
    expect(restored.controls.get("b")!.satIds).toBe(definitions.get("b")!.satIds);
    expect(
      thermalMargins(restored, 6)
        .satellites.map((m) => m.sat)
        .sort(),
    ).toEqual([...definitions.values()].flatMap((d) => d.satIds).sort());
  });

  it("restores a snapshot written when it still repeated the satellite ids", async () => {
    const original = logic.initial();
    await run(original, 0, 4);
    const saved = unpackSnapshot<ThermalSnapshot>(packSnapshot(logic.snapshot(original)));
    const older = { ...saved, controls: saved.controls.map(({ count, ...c }) => ({ ...c, satIds: definitions.get(c.cluster)!.satIds.slice(0, count) })) };
    const restored = logic.restore(older as unknown as ThermalSnapshot, logic.initial(), { definitions });
    expect(snapshotDigest(logic.snapshot(restored))).toBe(snapshotDigest(logic.snapshot(original)));
  });

  it("refuses a snapshot whose clusters do not fit the run's definitions", async () => {
    const original = logic.initial();
    await run(original, 0, 2);
    const saved = logic.snapshot(original);
    const onlyA: ClusterDefinitions = new Map([["a", definitions.get("a")!]]);
    expect(() => logic.restore(saved, logic.initial(), { definitions: onlyA })).toThrow(/cluster b, which the run does not define/);
    const resized = { ...saved, controls: saved.controls.map((c) => ({ ...c, count: c.count + 1 })) };
    expect(() => logic.restore(resized, logic.initial(), { definitions })).toThrow(/a: 4 satellites, its definition has 3/);
  });

  it("counts the commands a host accepted", () => {
    const state = logic.initial();
    logic.commandsAccepted!(state, "a", 3);
    expect(thermalStatus(state).commandsSent).toBe(3);
  });
});
