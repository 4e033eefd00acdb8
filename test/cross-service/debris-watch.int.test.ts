/**
 * debris-watch on real NATS with a whole twin: a planted near-collision is warned about before
 * TCA with a CDM whose TCA and miss distance match a brute-force search, avoided by a burn the
 * fleet flies, and never collides; with mitigation off the same encounter collides, the fleet
 * loses the satellite, and the fragments join the catalog and later screens.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { DebrisWatch } from "@orbitwin/debris-watch";
import { plantedEncounterElements, sgp4Trajectory, toSatrec, type MeanElements } from "@orbitwin/physics";
import {
  EventKinds,
  buckets,
  clusterDefinition,
  conjunctionListReply,
  conjunctionShowReply,
  debrisWatchStatusReply,
  elementsAtSlot,
  encodeMessage,
  orbitwinEvent,
  parseScenario,
  subjects,
  type OrbitwinEvent,
} from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, type NatsBus } from "@orbitwin/runtime";
import { startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const TARGET = "w-p02-s03";
const MEET_AFTER_S = 2400;

function scenarioYaml(mitigation: boolean): string {
  return `
name: debris
epoch: 2026-05-13T00:00:00Z
dt: 30s
duration: 75m
seed: 21
clusterSize: 10
bus: { preset: starlink-v2-mini-gpu }
constellations:
  - { kind: walker, name: w, planes: 3, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
debris:
  planted: [{ target: ${TARGET}, at: ${MEET_AFTER_S}s, crossingAngleDeg: 80, missKm: 0, sizeM: 1 }]
  synthetic: { count: 300 }
  lookAhead: 2h
  thresholdKm: 5
  covariance:
    fleet: { radialKm: 0.0005, alongTrackKm: 0.0005, crossTrackKm: 0.0005 }
    debris: { radialKm: 0.0005, alongTrackKm: 0.0005, crossTrackKm: 0.0005 }
  mitigation: { enabled: ${mitigation}, lead: 20m, interrupt: 5m }
`;
}

interface Harness {
  bus: NatsBus;
  twin: TwinFixture;
  watch: DebrisWatch;
  events: OrbitwinEvent[];
}

let current: Harness | undefined;

afterEach(async () => {
  if (!current) return;
  await current.twin.stop();
  await current.watch.stop();
  await current.bus.drain();
  current = undefined;
});

async function runTwin(run: string, mitigation: boolean): Promise<Harness> {
  const yaml = scenarioYaml(mitigation);
  const scenario = parseScenario(yaml, "test");
  const bus = await connectNatsBus({ url: inject("natsUrl"), name: run, log: silentLogger() });
  const events: OrbitwinEvent[] = [];
  bus.subscribe(subjects.allEvents(run), (m) => events.push(orbitwinEvent.decode(m.data)));
  const watch = new DebrisWatch({ bus, run, config: scenario.debris, seed: scenario.seed, epochMs: scenario.epochMs, baseDir: ".", log: silentLogger() });
  await watch.start();
  const twin = await startTwinOnBus({ bus, run, hosts: 2, yaml, requiredParticipants: ["debris-watch"] });
  current = { bus, twin, watch, events };
  await twin.coordinator.finished();
  await bus.flush();
  return current;
}

async function ask<T>(h: Harness, run: string, endpoint: string, body: object, decode: (d: Uint8Array) => T): Promise<T> {
  return decode((await h.bus.request(subjects.serviceEndpoint(run, "debris-watch", endpoint), encodeMessage(body), { timeoutMs: 10_000 })).data);
}

async function targetElements(h: Harness, run: string): Promise<MeanElements> {
  const kv = await h.bus.kv(buckets.clusters(run));
  for (const key of await kv.keys()) {
    const def = clusterDefinition.decode((await kv.get(key))!.value);
    const slot = def.satIds.indexOf(TARGET);
    if (slot >= 0) return elementsAtSlot(def, slot);
  }
  throw new Error(`${TARGET} is in no cluster`);
}

describe("debris-watch on real NATS", () => {
  it("warns before a planted near-collision with a true CDM, maneuvers, and nothing collides", async () => {
    const run = "debris-mitigate";
    const h = await runTwin(run, true);
    const epochMs = Date.UTC(2026, 4, 13);
    const meetMs = epochMs + MEET_AFTER_S * 1000;
    const detected = h.events.find((e) => e.kind === EventKinds.conjunctionDetected && e.data.secondary === "planted-0");
    expect(detected, "a conjunction-detected event for the planted intruder").toBeDefined();
    expect(detected!.data.primary).toBe(TARGET);
    expect(detected!.simTimeMs).toBeLessThan(meetMs);
    const id = String(detected!.data.conjunction);

    const shown = await ask(h, run, "show", { id, cdm: true }, (d) => conjunctionShowReply.decode(d));
    if (!shown.ok) throw new Error(shown.error.message);
    const cdm = shown.result.cdm!;
    expect(cdm).toMatch(/^CCSDS_CDM_VERS = 1\.0$/m);
    expect(cdm).toMatch(/^OBJECT = OBJECT1$/m);
    expect(cdm).toMatch(new RegExp(`^OBJECT_DESIGNATOR = ${TARGET}$`, "m"));
    expect(cdm).toMatch(/^MANEUVERABLE = YES$/m);

    // Brute force: both orbits rebuilt independently, 10 ms steps over a minute around the meeting.
    const target = await targetElements(h, run);
    const intruder = plantedEncounterElements({ target, atMs: meetMs, crossingAngleDeg: 80, missKm: 0 });
    const ta = sgp4Trajectory(toSatrec(target));
    const tb = sgp4Trajectory(toSatrec(intruder));
    let bestMs = 0;
    let bestKm = Infinity;
    for (let t = meetMs - 30_000; t <= meetMs + 30_000; t += 10) {
      const a = ta(t).posKm;
      const b = tb(t).posKm;
      const d = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
      if (d < bestKm) [bestKm, bestMs] = [d, t];
    }
    const tcaInCdm = Date.parse(/^TCA = (.+)$/m.exec(cdm)![1]! + "Z");
    const missInCdmM = Number(/^MISS_DISTANCE = ([\d.e+-]+) \[m\]$/m.exec(cdm)![1]);
    console.log(
      `planted conjunction ${id}: CDM TCA ${new Date(tcaInCdm).toISOString()} miss ${missInCdmM.toFixed(2)} m; brute force ${new Date(bestMs).toISOString()} ${(bestKm * 1000).toFixed(2)} m; Pc ${shown.result.conjunction.pc.toExponential(3)}`,
    );
    expect(Math.abs(tcaInCdm - bestMs)).toBeLessThanOrEqual(10);
    expect(Math.abs(missInCdmM - bestKm * 1000)).toBeLessThan(2);

    const planned = h.events.find((e) => e.kind === EventKinds.maneuverPlanned && e.data.conjunction === id);
    expect(planned?.data.planned).toBe(true);
    expect(planned!.simTimeMs).toBeLessThan(meetMs);
    const executed = h.events.find((e) => e.kind === EventKinds.maneuverExecuted && e.data.sat === TARGET);
    expect(executed?.data.maneuver).toBe(planned!.data.maneuver);
    expect(h.events.some((e) => e.kind === EventKinds.healthChanged && e.data.sat === TARGET && e.data.to === "maneuvering")).toBe(true);
    expect(h.events.filter((e) => e.kind === EventKinds.collisionOccurred)).toEqual([]);
    expect(shown.result.conjunction.status).toBe("mitigated");
    expect(shown.result.conjunction.maneuver!.pcAfter).toBeLessThan(1e-5);
  });

  it("with mitigation off, the encounter collides, the fleet loses the satellite and fragments enter later screens", async () => {
    const run = "debris-collide";
    const h = await runTwin(run, false);
    const collision = h.events.find((e) => e.kind === EventKinds.collisionOccurred);
    expect(collision, "a collision-occurred event").toBeDefined();
    expect(collision!.data.primary).toBe(TARGET);
    expect(Number(collision!.data.fragments)).toBeGreaterThan(10);
    expect(h.events.some((e) => e.kind === EventKinds.fragmentsCreated)).toBe(true);
    expect(h.events.some((e) => e.kind === EventKinds.satelliteDestroyed && e.data.sat === TARGET)).toBe(true);
    expect(h.events.some((e) => e.kind === EventKinds.maneuverPlanned)).toBe(false);

    const status = await ask(h, run, "status", {}, (d) => debrisWatchStatusReply.decode(d));
    if (!status.ok) throw new Error(status.error.message);
    expect(status.result.collisions).toBe(1);
    expect(status.result.fragments).toBe(Number(collision!.data.fragments));
    const listed = await ask(h, run, "list", { limit: 10_000 }, (d) => conjunctionListReply.decode(d));
    if (!listed.ok) throw new Error(listed.error.message);
    const fragmentConjunctions = listed.result.conjunctions.filter((c) => c.primaryKind === "fragment" || c.secondaryKind === "fragment");
    console.log(
      `collision ${String(collision!.data.conjunction)}: ${Number(collision!.data.fragments)} fragments; ${fragmentConjunctions.length} later conjunctions involve fragments`,
    );
    expect(fragmentConjunctions.length).toBeGreaterThan(0);
    expect(fragmentConjunctions.every((c) => c.detectedSimTimeMs >= collision!.simTimeMs)).toBe(true);
  });

  it("answers bad requests with errors that name the problem", async () => {
    const run = "debris-bad";
    const h = await runTwin(run, true);
    const unknown = await ask(h, run, "show", { id: "cj-999999" }, (d) => conjunctionShowReply.decode(d));
    expect(unknown).toMatchObject({ ok: false, error: { code: "ORBITWIN_UNKNOWN_CONJUNCTION" } });
    const badStatus = await ask(h, run, "list", { status: "exploded" }, (d) => conjunctionListReply.decode(d));
    expect(badStatus.ok).toBe(false);
    if (!badStatus.ok) expect(badStatus.error.message).toMatch(/status/);
    const badLimit = await ask(h, run, "list", { limit: 0 }, (d) => conjunctionListReply.decode(d));
    if (!badLimit.ok) expect(badLimit.error.message).toMatch(/limit/);
    expect(badLimit.ok).toBe(false);
  });
});
