/**
 * The thermal service opens the clusters bucket on its first decision, an await during which the
 * next tick can be announced. This holds that await open until tick 1 is out, then checks that
 * tick 1 is still decided and reported (before the fix, a late decision of tick 0 wiped it and
 * the run waited out the 30 s tick deadline).
 */
import { afterEach, describe, expect, it } from "vitest";
import { Coordinator, expandScenario } from "@orbitwin/coordinator";
import { FleetHost } from "@orbitwin/fleet";
import { EventKinds, buckets, clockTick, clusterTelemetry, orbitwinEvent, parseScenario, subjects } from "@orbitwin/protocol";
import { LocalBus, silentLogger, type Bus } from "@orbitwin/runtime";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { awaitMessage, withOverrides } from "./twin-fixture.js";

const yaml = `
name: race
epoch: 2026-05-13T00:00:00Z
dt: 60s
duration: 3m
seed: 3
clusterSize: 3
bus: { preset: starlink-v2-mini-gpu }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

/** The bus as the thermal service sees it: each opening of the clusters bucket waits until the test lets it through. */
function gatedKv(bus: LocalBus, bucket: string, gate: (call: number) => Promise<void>): Bus {
  let calls = 0;
  return withOverrides<Bus>(bus, { kv: async (...args) => (args[0] === bucket && (await gate(++calls)), bus.kv(...args)) });
}

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
});

describe("the thermal service's decisions", { timeout: 30_000 }, () => {
  it("still decides and reports a tick announced while an earlier decision waits on the bucket", async () => {
    const bus = new LocalBus();
    const run = "race";
    const scenario = parseScenario(yaml, "race");
    const clusters = expandScenario(scenario, { run, source: "race", readElementFile: () => "" });
    expect(clusters).toHaveLength(2);
    let releaseFirst!: () => void;
    const first = new Promise<void>((resolve) => (releaseFirst = resolve));
    let releaseLater!: () => void;
    const later = new Promise<void>((resolve) => (releaseLater = resolve));
    const thermal = new ThermalService({
      bus: gatedKv(bus, buckets.clusters(run), (call) => (call === 1 ? first : later)),
      run,
      policy: resolveThermalPolicy(),
      log: silentLogger(),
      heartbeatMs: 50,
    });
    await thermal.start();
    stops.push(() => thermal.stop());
    // Subscribed after the thermal service, so each message reaches it first.
    let tick0Batches = 0;
    bus.subscribe(subjects.allClusterTelemetry(run), (m) => {
      if (clusterTelemetry.decode(m.data).tick === 0 && ++tick0Batches === clusters.length) releaseFirst();
    });
    bus.subscribe(subjects.clockTick(run), (m) => {
      if (clockTick.decode(m.data).tick === 1) releaseLater();
    });
    // Far below the 30 s tick deadline a lost tick waits for.
    const finished = awaitMessage(bus, subjects.event(run, EventKinds.runFinished), (d) => orbitwinEvent.decode(d), "run-finished", 15_000);
    const lost: string[] = [];
    bus.subscribe(subjects.event(run, EventKinds.participantLost), (m) => lost.push(orbitwinEvent.decode(m.data).message));
    const coordinator = new Coordinator({ bus, run, scenario, clusters, log: silentLogger(), minHosts: 1, speed: null, requiredParticipants: ["thermal"] });
    const host = new FleetHost({ bus, run, hostId: "h1", log: silentLogger() });
    await coordinator.start();
    await host.start();
    stops.push(
      () => coordinator.stop(),
      () => host.stop(),
    );
    expect((await finished).data.ticks).toBe(4);
    expect(lost).toEqual([]);
  });
});
