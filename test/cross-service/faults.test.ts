/**
 * Simulated faults end to end on the in-process bus: each fault's effect shows in telemetry and
 * events, with the services' reactions; bad requests change nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DebrisWatch } from "@orbitwin/debris-watch";
import {
  EventKinds,
  binToFloat32,
  clusterCommand,
  decodeUntrusted,
  clusterCommandReply,
  clusterTelemetry,
  encodeMessage,
  eventData,
  faultListReply,
  faultReply,
  fleetTelemetry,
  isEventKind,
  orbitwinEvent,
  parseScenario,
  subjects,
  type ClusterTelemetry,
  type OrbitwinEvent,
} from "@orbitwin/protocol";
import { ClusterIdBook, LocalBus, silentLogger } from "@orbitwin/runtime";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { awaitMessage, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const RUN = "faults";
/** A planted intruder on w-p02-s03 at 25 min, rated with 1 m sigmas: Pc near 1, so it must be avoided. */
const PLANTED = `
  planted: [{ target: w-p02-s03, at: 25m, crossingAngleDeg: 80 }]
  covariance:
    fleet: { radialKm: 0.001, alongTrackKm: 0.001, crossTrackKm: 0.001 }
    debris: { radialKm: 0.001, alongTrackKm: 0.001, crossTrackKm: 0.001 }
  mitigation: { lead: 10m, interrupt: 3m }`;

const yaml = (extra = "", debrisExtra = "") => `
name: faults
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 3h
seed: 3
clusterSize: 6
bus: { preset: starlink-v2-mini-gpu }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
debris:
  synthetic: { count: 20 }
  lookAhead: 1h${debrisExtra}
${extra}`;

interface Harness {
  bus: LocalBus;
  twin: TwinFixture;
  events: OrbitwinEvent[];
  /** events whose data does not fit their kind's schema */
  badEvents: string[];
  batches: Map<string, ClusterTelemetry>;
  /** the cluster definitions' ids, by cluster: batches name their slots by their order */
  satIds: Map<string, readonly string[]>;
  lastTick: number;
  stop(): Promise<void>;
}

let current: Harness | undefined;
afterEach(async () => {
  await current?.stop();
  // Every service's events, in every fault case, fit the schema of their kind.
  const badEvents = current?.badEvents ?? [];
  current = undefined;
  expect(badEvents).toEqual([]);
});

async function start(extra = "", debrisExtra = ""): Promise<Harness> {
  const bus = new LocalBus();
  const scenario = parseScenario(yaml(extra, debrisExtra), "faults");
  const events: OrbitwinEvent[] = [];
  const badEvents: string[] = [];
  const batches = new Map<string, ClusterTelemetry>();
  bus.subscribe(subjects.allEvents(RUN), (m) => {
    const e = orbitwinEvent.decode(m.data);
    events.push(e);
    try {
      if (!isEventKind(e.kind)) throw new Error(`${e.kind} is no event kind of EventKinds`);
      eventData(e, e.kind);
    } catch (err) {
      badEvents.push(err instanceof Error ? err.message : String(err));
    }
  });
  bus.subscribe(subjects.allClusterTelemetry(RUN), (m) => {
    const t = clusterTelemetry.decode(m.data);
    batches.set(t.cluster, t);
  });
  const thermal = new ThermalService({ bus, run: RUN, policy: resolveThermalPolicy(), log: silentLogger() });
  const watch = new DebrisWatch({ bus, run: RUN, config: scenario.debris, seed: scenario.seed, epochMs: scenario.epochMs, baseDir: ".", log: silentLogger() });
  await thermal.start();
  await watch.start();
  const twin = await startTwinOnBus({
    bus,
    run: RUN,
    hosts: 2,
    yaml: yaml(extra, debrisExtra),
    startPaused: true,
    requiredParticipants: ["thermal", "debris-watch"],
  });
  bus.subscribe(subjects.fleet(RUN), (m) => {
    if (current) current.lastTick = fleetTelemetry.decode(m.data).tick;
  });
  current = {
    bus,
    twin,
    events,
    badEvents,
    batches,
    satIds: await new ClusterIdBook(bus, RUN).all(),
    lastTick: -1,
    stop: async () => {
      await twin.stop();
      await thermal.stop();
      await watch.stop();
    },
  };
  return current;
}

async function step(h: Harness, ticks: number): Promise<void> {
  const target = h.lastTick + ticks;
  const reached = awaitMessage(h.bus, subjects.fleet(RUN), (d) => (fleetTelemetry.decode(d).tick >= target ? true : undefined), `tick ${target}`);
  await h.bus.request(subjects.control(RUN, "step"), encodeMessage({ ticks }), { timeoutMs: 10_000 });
  await reached;
}

async function inject(h: Harness, kind: string, body: object) {
  return faultReply.decode((await h.bus.request(subjects.inject(RUN, kind), encodeMessage(body), { timeoutMs: 10_000 })).data);
}

function reading(h: Harness, sat: string, column: keyof ClusterTelemetry): number {
  for (const t of h.batches.values()) {
    const slot = h.satIds.get(t.cluster)?.indexOf(sat) ?? -1;
    if (slot < 0) continue;
    const bin = t[column] as Uint8Array;
    if (column === "acceleratorsFailed" || column === "acceleratorsActive" || column === "sparesLeft")
      return new DataView(bin.buffer, bin.byteOffset, bin.byteLength).getUint16(2 * slot, true);
    if (column === "status" || column === "health") return bin[slot]!;
    return binToFloat32(bin, t.count, column)[slot]!;
  }
  throw new Error(`no telemetry for ${sat}`);
}

describe("simulated faults", { timeout: 60_000 }, () => {
  it("fails chips (spares first), damages radiators, arrays and batteries, with events", async () => {
    const h = await start();
    await step(h, 3);
    const failedBefore = reading(h, "w-p01-s01", "acceleratorsFailed");
    const sparesBefore = reading(h, "w-p01-s01", "sparesLeft");
    const f = await inject(h, "accelerator-failure", { sats: ["w-p01-s01"], count: 3 });
    expect(f).toMatchObject({ ok: true, result: { kind: "accelerator-failure", state: "scheduled" } });
    await inject(h, "solar-array-degradation", { sats: ["w-p01-s02"], fraction: 0.5 });
    await step(h, 2);
    expect(reading(h, "w-p01-s01", "acceleratorsFailed")).toBe(failedBefore + 3);
    expect(reading(h, "w-p01-s01", "sparesLeft")).toBe(Math.max(0, sparesBefore - 3));
    expect(h.events.some((e) => e.kind === EventKinds.acceleratorFailed && e.data.sat === "w-p01-s01" && e.data.failed === 3)).toBe(true);
    expect(h.events.some((e) => e.kind === EventKinds.faultActivated && e.data.id === "f-1")).toBe(true);
    // Same plane, a few degrees apart: both sunlit or both not; the damaged array gives half.
    const damaged = reading(h, "w-p01-s02", "generatedW");
    const healthy = reading(h, "w-p01-s03", "generatedW");
    if (healthy > 0) expect(damaged / healthy).toBeCloseTo(0.5, 1);
    const listed = faultListReply.decode((await h.bus.request(subjects.serviceEndpoint(RUN, "faults", "list"), encodeMessage({}))).data);
    expect(listed.ok && listed.result.faults.map((x) => [x.id, x.state])).toEqual([
      ["f-1", "active"],
      ["f-2", "active"],
    ]);
  });

  it("heats a satellite whose radiator is damaged until the thermal service throttles it", async () => {
    const h = await start();
    await step(h, 2);
    await inject(h, "radiator-damage", { sats: ["w-p02-s04"], fraction: 0.85 });
    await step(h, 60);
    const throttled = h.events.find(
      (e) => e.kind === EventKinds.healthChanged && e.data.sat === "w-p02-s04" && (e.data.to === "throttled" || e.data.to === "safe-mode"),
    );
    expect(throttled, "the damaged satellite is throttled").toBeDefined();
    expect(h.events.some((e) => e.kind === EventKinds.healthChanged && e.data.sat === "w-p02-s05" && e.data.to === "throttled")).toBe(false);
    expect(
      h.events.filter((e) => e.kind === EventKinds.sensorSuspect),
      "real heat is not a sensor fault",
    ).toEqual([]);
  });

  it("raises dose during a solar particle event and silences a satellite during a blackout", async () => {
    const h = await start();
    await step(h, 5);
    const dose0 = reading(h, "w-p01-s04", "doseRad");
    await step(h, 10);
    const quietRate = reading(h, "w-p01-s04", "doseRad") - dose0;
    await inject(h, "solar-particle-event", { multiplier: 1000, forS: 600, clusters: ["w-p01"] });
    await inject(h, "comms-blackout", { sats: ["w-p01-s05"], forS: 300 });
    await step(h, 1);
    const dose1 = reading(h, "w-p01-s04", "doseRad");
    await step(h, 10);
    expect(reading(h, "w-p01-s04", "doseRad") - dose1).toBeGreaterThan(50 * quietRate);
    expect(h.events.some((e) => e.kind === EventKinds.faultEnded && e.data.fault === "f-1")).toBe(true);
    expect(reading(h, "w-p01-s05", "status")).toBe(0);
    await inject(h, "comms-blackout", { sats: ["w-p01-s05"], forS: 300 });
    await step(h, 1);
    expect(reading(h, "w-p01-s05", "status")).toBe(3);
    expect(Number.isNaN(reading(h, "w-p01-s05", "junctionK"))).toBe(true);
  });

  it.each([
    ["junctionK", 60],
    ["junctionK", -40],
    ["tempComputeK", 60],
    ["batterySoc", -2],
  ] as const)("sets aside a %s sensor reading %d off that physics rules out, and does not throttle on it", async (field, offset) => {
    const h = await start();
    await step(h, 2);
    await inject(h, "sensor-fault", { sats: ["w-p01-s06"], field, offset, forS: 300 });
    await step(h, 3);
    // The telemetry carries the bad reading: the fault is real, only the controller sees through it.
    const shown = reading(h, "w-p01-s06", field);
    const truth = reading(h, "w-p01-s05", field);
    expect(Math.abs(shown - truth), `${field} of the faulty satellite against its plane-mate`).toBeGreaterThan(Math.abs(offset) / 2);
    const suspect = h.events.filter((e) => e.kind === EventKinds.sensorSuspect);
    expect(suspect.map((e) => [e.data.sat, e.data.suspect])).toEqual([["w-p01-s06", [field]]]);
    expect(suspect[0]!.severity).toBe("warning");
    expect(
      h.events.some((e) => e.kind === EventKinds.healthChanged && e.data.sat === "w-p01-s06"),
      "no throttle, no safe mode on a bad reading",
    ).toBe(false);
    await step(h, 5);
    expect(
      h.events.filter((e) => e.kind === EventKinds.sensorSuspect).map((e) => [e.data.sat, e.data.suspect, e.data.cleared]),
      "plausible again once the fault ends",
    ).toEqual([
      ["w-p01-s06", [field], []],
      ["w-p01-s06", [], [field]],
    ]);
  });

  it("loses a satellite, and breaks one up on a debris strike so debris-watch tracks its fragments", async () => {
    const h = await start();
    await step(h, 2);
    await inject(h, "satellite-loss", { sats: ["w-p02-s01"] });
    await inject(h, "debris-strike", { sats: ["w-p02-s02"] });
    await step(h, 2);
    expect(reading(h, "w-p02-s01", "status")).toBe(2);
    expect(reading(h, "w-p02-s02", "status")).toBe(2);
    const created = h.events.find((e) => e.kind === EventKinds.fragmentsCreated);
    expect(created, "fragments of the strike").toBeDefined();
    expect(Number(created!.data.fragments)).toBeGreaterThan(0);
  });

  it("keeps a satellite with a stuck thruster from burning: the fleet fails the burn, debris-watch plans none and the conjunction stands", async () => {
    const h = await start("", PLANTED);
    await step(h, 2);
    await inject(h, "stuck-thruster", { sats: ["w-p02-s03", "w-p01-s01"] });
    await step(h, 1);
    // A burn commanded anyway is refused on board, and the orbit stays.
    const burn = clusterCommandReply.decode(
      (
        await h.bus.request(
          subjects.command(RUN, "w-p01"),
          clusterCommand.encode({
            v: 1,
            tick: h.lastTick,
            source: "test",
            commands: [{ sat: "w-p01-s01", maneuver: { id: "m-test", deltaVRtnMS: [0, 0.5, 0], interruptS: 60 } }],
          }),
          { timeoutMs: 10_000 },
        )
      ).data,
    );
    expect(burn.ok).toBe(true);
    await step(h, 1);
    const failed = h.events.find((e) => e.kind === EventKinds.maneuverFailed && e.data.sat === "w-p01-s01");
    expect(failed?.message).toMatch(/thruster stuck/);
    expect(h.events.some((e) => e.kind === EventKinds.maneuverExecuted)).toBe(false);
    await step(h, 24);
    const refused = h.events.find((e) => e.kind === EventKinds.maneuverPlanned && e.data.sat === "w-p02-s03");
    expect(refused?.data).toMatchObject({ planned: false, reason: "thruster-stuck", fault: "f-1" });
    expect(refused?.severity).toBe("critical");
    expect(
      h.events.filter((e) => e.kind === EventKinds.maneuverPlanned),
      "raised once, not every tick",
    ).toHaveLength(1);
    const collision = h.events.find((e) => e.kind === EventKinds.collisionOccurred);
    expect(collision?.data.primary).toBe("w-p02-s03");
    expect(reading(h, "w-p02-s03", "status")).toBe(2);
  });

  it("burns to avoid the same conjunction once the stuck thruster is freed", async () => {
    const h = await start("", PLANTED);
    await step(h, 2);
    await inject(h, "stuck-thruster", { sats: ["w-p02-s03"], forS: 300 });
    await step(h, 24);
    expect(h.events.some((e) => e.kind === EventKinds.faultEnded && e.data.fault === "f-1")).toBe(true);
    expect(h.events.find((e) => e.kind === EventKinds.maneuverPlanned)?.data).toMatchObject({ planned: true, sat: "w-p02-s03" });
    expect(h.events.some((e) => e.kind === EventKinds.maneuverExecuted && e.data.sat === "w-p02-s03")).toBe(true);
    expect(h.events.some((e) => e.kind === EventKinds.collisionOccurred)).toBe(false);
  });

  /** Steps one tick at a time until debris-watch commands its avoidance burn; the burn is due on the next tick, not yet announced. */
  async function untilBurnPlanned(h: Harness): Promise<number> {
    for (let i = 0; i < 30; i++) {
      await step(h, 1);
      const planned = h.events.find((e) => e.kind === EventKinds.maneuverPlanned && e.data.planned === true);
      if (planned) return Number(planned.data.burnTick);
    }
    throw new Error("debris-watch planned no burn within 30 ticks");
  }

  it.each([
    ["stuck-thruster", {}, /thruster stuck/],
    ["comms-blackout", { forS: 1800 }, /comms blackout/],
  ] as const)("learns that its burn did not fly when a %s starts on the burn's tick, and the conjunction stands", async (kind, extra, why) => {
    const h = await start("", PLANTED);
    const burnTick = await untilBurnPlanned(h);
    expect(h.lastTick).toBe(burnTick - 1);
    // Decided now, the fault starts on the first tick not yet announced: the burn's.
    await inject(h, kind, { sats: ["w-p02-s03"], ...extra });
    await step(h, 1);
    const failed = h.events.find((e) => e.kind === EventKinds.maneuverFailed && e.data.sat === "w-p02-s03");
    expect(failed?.tick).toBe(burnTick);
    expect(failed?.message).toMatch(why);
    await step(h, 1);
    const stands = h.events.filter((e) => e.kind === EventKinds.maneuverPlanned && e.data.planned === false);
    expect(stands.map((e) => [e.tick, e.data.reason, e.data.sat])).toEqual([[burnTick + 1, "burn-failed", "w-p02-s03"]]);
    await step(h, 25 - burnTick);
    expect(
      h.events.filter((e) => e.kind === EventKinds.maneuverPlanned && e.data.planned === false),
      "raised once",
    ).toHaveLength(1);
    const collision = h.events.find((e) => e.kind === EventKinds.collisionOccurred);
    expect(collision?.data.primary).toBe("w-p02-s03");
  });

  it("learns of the failed burn again, at the same tick, after the run goes back to the checkpoint of the burn's tick", async () => {
    const h = await start("checkpoint: { everyTicks: 1, keep: 40 }", PLANTED);
    const burnTick = await untilBurnPlanned(h);
    await inject(h, "stuck-thruster", { sats: ["w-p02-s03"] });
    await step(h, 3);
    const stands = () => h.events.filter((e) => e.kind === EventKinds.maneuverPlanned && e.data.planned === false).map((e) => [e.tick, e.data.reason]);
    expect(stands()).toEqual([[burnTick + 1, "burn-failed"]]);
    const restore = decodeUntrusted(
      (await h.bus.request(subjects.control(RUN, "restore"), encodeMessage({ tick: burnTick }), { timeoutMs: 10_000 })).data,
      "restore",
    );
    expect(restore).toMatchObject({ ok: true });
    h.events.length = 0;
    // A paused run goes back when it next moves, then replays from the tick after the checkpoint.
    const reached = awaitMessage(h.bus, subjects.fleet(RUN), (d) => (fleetTelemetry.decode(d).tick >= 25 ? true : undefined), "tick 25");
    await h.bus.request(subjects.control(RUN, "step"), encodeMessage({ ticks: 25 - burnTick }), { timeoutMs: 10_000 });
    await reached;
    expect(h.events.some((e) => e.kind === EventKinds.runRestored)).toBe(true);
    expect(stands()).toEqual([[burnTick + 1, "burn-failed"]]);
    expect(h.events.find((e) => e.kind === EventKinds.collisionOccurred)?.data.primary).toBe("w-p02-s03");
  });

  it("plans the burn again once a short blackout that swallowed it is over, and the conjunction is avoided", async () => {
    const h = await start("", PLANTED);
    await untilBurnPlanned(h);
    await inject(h, "comms-blackout", { sats: ["w-p02-s03"], forS: 120 });
    await step(h, 25 - h.lastTick);
    const planned = h.events.filter((e) => e.kind === EventKinds.maneuverPlanned).map((e) => [e.data.planned, e.data.reason ?? null]);
    expect(planned[0]).toEqual([true, null]);
    expect(planned).toContainEqual([false, "burn-failed"]);
    expect(planned.at(-1)).toEqual([true, null]);
    expect(h.events.some((e) => e.kind === EventKinds.maneuverExecuted && e.data.sat === "w-p02-s03")).toBe(true);
    expect(h.events.some((e) => e.kind === EventKinds.collisionOccurred)).toBe(false);
  });

  it("drains a battery with failed cells deeper through eclipse, and the thermal service holds that satellite back", async () => {
    const h = await start();
    await step(h, 2);
    await inject(h, "battery-cell-failure", { sats: ["w-p01-s02"], fraction: 0.9 });
    let lowestDamaged = 1;
    let lowestHealthy = 1;
    // About one orbit, one tick at a time, so the lowest charge in eclipse is seen.
    for (let i = 0; i < 100; i++) {
      await step(h, 1);
      lowestDamaged = Math.min(lowestDamaged, reading(h, "w-p01-s02", "batterySoc"));
      lowestHealthy = Math.min(lowestHealthy, reading(h, "w-p01-s03", "batterySoc"));
    }
    expect(h.events.some((e) => e.kind === EventKinds.faultApplied && e.data.sat === "w-p01-s02")).toBe(true);
    expect(lowestHealthy, "the plane-mate went through eclipse").toBeLessThan(0.99);
    expect(lowestDamaged).toBeLessThan(lowestHealthy - 0.1);
    const heldBack = (sat: string) => h.events.some((e) => e.kind === EventKinds.healthChanged && e.data.sat === sat && e.data.to !== "nominal");
    expect(heldBack("w-p01-s02"), "the damaged satellite is throttled or put in safe mode").toBe(true);
    expect(heldBack("w-p01-s03")).toBe(false);
    expect(
      h.events.filter((e) => e.kind === EventKinds.sensorSuspect),
      "a deep discharge is not a sensor fault",
    ).toEqual([]);
  });

  it("refuses bad fault requests with errors that name the problem, and schedules nothing", async () => {
    const h = await start();
    await step(h, 2);
    const cases: [string, object, RegExp][] = [
      ["meteor-shower", { sats: ["w-p01-s01"] }, /unknown fault "meteor-shower"/],
      ["satellite-loss", { sats: ["w-p09-s09"] }, /no satellite w-p09-s09/],
      ["radiator-damage", { sats: ["w-p01-s01"] }, /fraction/],
      ["comms-blackout", { sats: ["w-p01-s01"] }, /how long/],
      ["satellite-loss", { sats: ["w-p01-s01"], atMs: Date.UTC(2020, 0, 1) }, /in the past/],
      ["radiator-damage", { sats: ["w-p01-s01"], fraction: 7 }, /fraction/],
      ["satellite-loss", {}, /targets/],
    ];
    for (const [kind, body, message] of cases) {
      const reply = await inject(h, kind, body);
      expect(reply.ok, kind).toBe(false);
      if (!reply.ok) expect(reply.error.message).toMatch(message);
    }
    const listed = faultListReply.decode((await h.bus.request(subjects.serviceEndpoint(RUN, "faults", "list"), encodeMessage({}))).data);
    expect(listed.ok && listed.result.faults).toEqual([]);
  });

  it("runs the scenario's fault timeline at its times", async () => {
    const h = await start(`faults:
  - { fault: accelerator-failure, at: 5m, sats: [w-p01-s01], count: 2 }
  - { fault: stuck-thruster, at: 1m, for: 10m, sats: [w-p01-s02] }
`);
    await step(h, 7);
    const activated = h.events.filter((e) => e.kind === EventKinds.faultActivated).map((e) => [e.data.id, e.tick === undefined ? -1 : Number(e.data.tick)]);
    expect(activated).toEqual([
      ["f-2", 1],
      ["f-1", 5],
    ]);
    expect(reading(h, "w-p01-s01", "acceleratorsFailed")).toBeGreaterThanOrEqual(2);
  });
});
