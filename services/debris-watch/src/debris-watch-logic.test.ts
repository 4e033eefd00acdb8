import { describe, expect, it } from "vitest";
import { EventKinds, clusterDefinitionOf, type ClockTick, type DebrisWatchConfig, type EventKind, type RaisedEvent } from "@orbitwin/protocol";
import { walkerDelta } from "@orbitwin/physics";
import {
  packSnapshot,
  silentLogger,
  snapshotDigest,
  unpackSnapshot,
  type ClusterDefinitions,
  type ParticipantEvent,
  type TickDecision,
} from "@orbitwin/runtime";
import { resolveDebrisConfig } from "./config.js";
import {
  debrisWatchLogic,
  debrisWatchStatus,
  listConjunctions,
  showConjunction,
  type DebrisWatchSnapshot,
  type DebrisWatchState,
} from "./debris-watch-logic.js";

const RUN = "debris-logic";
const EPOCH_MS = Date.UTC(2026, 4, 13);
const DT_MS = 30_000;
const TARGET = "w-s3";
const elements = walkerDelta({ planes: 2, satsPerPlane: 4, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs: EPOCH_MS });
const definitions: ClusterDefinitions = new Map([
  ["w", clusterDefinitionOf({ run: RUN, constellation: "w", cluster: "w", satIds: elements.map((_, i) => `w-s${i + 1}`), elements })],
]);

function logicFor(raw: DebrisWatchConfig) {
  return debrisWatchLogic({ config: resolveDebrisConfig(raw), raw, seed: 21, epochMs: EPOCH_MS, background: [], log: silentLogger() });
}

const planted = (mitigation: boolean): DebrisWatchConfig => ({
  planted: [{ target: TARGET, at: "40m", crossingAngleDeg: 80, missKm: 0, sizeM: 1 }],
  lookAhead: "2h",
  covariance: {
    fleet: { radialKm: 0.0005, alongTrackKm: 0.0005, crossTrackKm: 0.0005 },
    debris: { radialKm: 0.0005, alongTrackKm: 0.0005, crossTrackKm: 0.0005 },
  },
  mitigation: { enabled: mitigation, lead: "20m", interrupt: "5m" },
});

const tickOf = (tick: number): ClockTick => ({ v: 1, tick, simTimeMs: EPOCH_MS + tick * DT_MS, dtMs: DT_MS, epoch: 1, wantDigest: false });

async function run(logic: ReturnType<typeof logicFor>, state: DebrisWatchState, from: number, to: number): Promise<TickDecision[]> {
  const decisions: TickDecision[] = [];
  for (let tick = from; tick < to; tick++) decisions.push(await logic.decide(state, tickOf(tick), { definitions }));
  return decisions;
}

const eventsOf = (decisions: TickDecision[]): ParticipantEvent[] => decisions.flatMap((d) => d.events);
/** The events of one kind, their data typed. */
const ofKind = <K extends EventKind>(events: readonly ParticipantEvent[], kind: K) => events.filter((e): e is RaisedEvent<K> => e.kind === kind);

describe("debris-watch logic", () => {
  it("warns of a planted near-collision before its TCA and burns the fleet satellite clear of it", async () => {
    const logic = logicFor(planted(true));
    const state = logic.initial();
    const decisions = await run(logic, state, 0, 60);
    const events = eventsOf(decisions);
    const detected = ofKind(events, EventKinds.conjunctionDetected).find((e) => e.data.secondary === "planted-0");
    expect(detected?.data.primary).toBe(TARGET);
    const planned = ofKind(events, EventKinds.maneuverPlanned).find((e) => e.data.planned);
    expect(planned?.data.sat).toBe(TARGET);
    const burns = decisions.flatMap((d) => d.commands.get("w") ?? []).filter((c) => c.maneuver);
    expect(burns.map((c) => c.sat)).toEqual([TARGET]);
    expect(events.some((e) => e.kind === EventKinds.collisionOccurred)).toBe(false);
    const status = debrisWatchStatus(state, EPOCH_MS);
    expect(status).toMatchObject({ tick: 59, fleetObjects: 8, debrisObjects: 1, maneuvers: 1, collisions: 0 });
    const id = String(detected!.data.conjunction);
    expect(listConjunctions(state, { status: "mitigated" }).conjunctions.map((c) => c.id)).toEqual([id]);
    expect(showConjunction(state, RUN, id, true).cdm).toContain("CCSDS_CDM_VERS");
    expect(() => showConjunction(state, RUN, "nope", false)).toThrow(/no conjunction nope in run debris-logic/);
  });

  it("forgets a closed conjunction once its TCA is passedRetention behind, in memory and in its checkpoint", async () => {
    const logic = logicFor({ ...planted(false), collisions: "off", passedRetention: "10m" });
    const state = logic.initial();
    // The planted encounter's TCA is at 40 min (tick 80): passed at once, still listed 5 min on.
    const events = eventsOf(await run(logic, state, 0, 90));
    const passed = ofKind(events, EventKinds.conjunctionPassed).find((e) => e.data.secondary === "planted-0");
    expect(passed).toBeDefined();
    const id = String(passed!.data.conjunction);
    expect(listConjunctions(state, { status: "passed" }).conjunctions.map((c) => c.id)).toContain(id);
    const before = packSnapshot(logic.snapshot(state)).byteLength;
    // 10 min after the TCA (tick 100, and a hair) it is forgotten: gone from lists and from the checkpoint.
    await run(logic, state, 90, 102);
    expect(listConjunctions(state, {}).conjunctions.map((c) => c.id)).not.toContain(id);
    expect(() => showConjunction(state, RUN, id, false)).toThrow(new RegExp(`no conjunction ${id}`));
    const saved = unpackSnapshot<DebrisWatchSnapshot>(packSnapshot(logic.snapshot(state)));
    expect(JSON.stringify(saved)).not.toContain(`"${id}"`);
    expect(packSnapshot(logic.snapshot(state)).byteLength).toBeLessThan(before);
  });

  it("names a planted intruder whose target is not in the fleet once, at the first decision, and leaves it out", async () => {
    const logic = logicFor({ planted: [{ target: "w-s99", at: "40m", crossingAngleDeg: 80 }] });
    const state = logic.initial();
    const events = eventsOf(await run(logic, state, 0, 3));
    expect(events.filter((e) => e.kind === EventKinds.inputRejected).map((e) => e.message)).toEqual([
      "debris scenario: /debris/planted/0/target: no fleet satellite w-s99; that intruder is left out",
    ]);
    expect(debrisWatchStatus(state, EPOCH_MS).debrisObjects).toBe(0);
  });

  it("decides from a restored checkpoint exactly as it would have gone on (persist -> restore -> same digest)", async () => {
    const logic = logicFor(planted(true));
    const original = logic.initial();
    await run(logic, original, 0, 30);
    const saved = unpackSnapshot<DebrisWatchSnapshot>(packSnapshot(logic.snapshot(original)));
    const restored = logic.restore(saved, logic.initial(), { definitions });
    expect(snapshotDigest(logic.snapshot(restored))).toBe(snapshotDigest(logic.snapshot(original)));
    const goingOn = await run(logic, original, 30, 60);
    const replayed = await run(logic, restored, 30, 60);
    expect(eventsOf(goingOn).some((e) => e.kind === EventKinds.maneuverPlanned)).toBe(true);
    expect(replayed).toEqual(goingOn);
    expect(snapshotDigest(logic.snapshot(restored))).toBe(snapshotDigest(logic.snapshot(original)));
  });
});
