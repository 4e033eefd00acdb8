/**
 * A fleet host leaves the history's copy of a tick's batches (and the next tick's orbits) until
 * the tick is complete, so it never competes with the participants still deciding on it; the copy
 * still goes out before the host steps the next tick, and a host that drains sends its last one.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EventKinds, clusterTelemetry, fleetTelemetry, orbitwinEvent, subjects } from "@orbitwin/protocol";
import { LocalBus, type Bus } from "@orbitwin/runtime";
import { awaitMessage, startTwinOnBus, withOverrides, type TwinFixture } from "./twin-fixture.js";

/** The bus as a host sees it when the coordinator's fleet aggregates never reach it. */
function withoutFleetAggregates(bus: Bus, run: string): Bus {
  return withOverrides(bus, {
    subscribe: (subject, ...rest) =>
      subject === subjects.fleet(run) ? { subject, unsubscribe: () => undefined, drain: () => Promise.resolve() } : bus.subscribe(subject, ...rest),
  });
}

const yaml = `
name: after-tick
epoch: 2026-05-13T00:00:00Z
dt: 10s
duration: 1m
seed: 5
clusterSize: 6
history: { sampleEveryTicks: 2 }
constellations:
  - { kind: walker, name: w, planes: 3, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

let twin: TwinFixture | undefined;
afterEach(async () => {
  await twin?.stop();
  twin = undefined;
});

/**
 * Runs the scenario on one host (seeing the bus through `hostBus`), checks it finished, lets
 * `beforeStop` look while the host still runs, and returns in bus order the ticks of the fleet
 * aggregates, the batches and their history copies.
 */
async function recordRun(hostBus: (bus: Bus) => Bus = (bus) => bus, beforeStop: (order: string[]) => void = () => undefined): Promise<string[]> {
  const bus = new LocalBus();
  const run = "after-tick";
  const order: string[] = [];
  bus.subscribe(subjects.fleet(run), (m) => order.push(`fleet ${fleetTelemetry.decode(m.data).tick}`));
  bus.subscribe(subjects.allClusterTelemetry(run), (m) => order.push(`tlm ${clusterTelemetry.decode(m.data).tick}`));
  bus.subscribe(subjects.allClusterSamples(run), (m) => order.push(`sample ${clusterTelemetry.decode(m.data).tick}`));
  const finished = awaitMessage(bus, subjects.event(run, EventKinds.runFinished), (d) => orbitwinEvent.decode(d), "run-finished");
  twin = await startTwinOnBus({ bus, run, hosts: 1, yaml, busForHost: () => hostBus(bus) });
  expect((await finished).data.ticks).toBe(7);
  beforeStop(order);
  await twin.stop();
  twin = undefined;
  return order;
}

describe("a fleet host's work after a tick", () => {
  it("publishes a sampled tick's history copy after the tick completes and before the next tick's telemetry", async () => {
    const order = await recordRun();
    const first = (entry: string) => order.indexOf(entry);
    const last = (entry: string) => order.lastIndexOf(entry);
    for (const tick of [0, 2, 4, 6]) {
      expect(order.filter((e) => e === `sample ${tick}`)).toHaveLength(3);
      expect(first(`sample ${tick}`)).toBeGreaterThan(last(`fleet ${tick}`));
      if (tick < 6) expect(last(`sample ${tick}`)).toBeLessThan(first(`tlm ${tick + 1}`));
    }
    for (const tick of [1, 3, 5]) expect(order).not.toContain(`sample ${tick}`);
  });

  it("sends a tick's history copy before its next step, and the last one as it drains, when it never hears a tick complete", async () => {
    const order = await recordRun(
      (bus) => withoutFleetAggregates(bus, "after-tick"),
      // Until the host drains, the last sampled tick's copy waits for a completion it never hears.
      (seen) => expect(seen).not.toContain("sample 6"),
    );
    for (const tick of [0, 2, 4, 6]) expect(order.filter((e) => e === `sample ${tick}`)).toHaveLength(3);
    for (const tick of [0, 2, 4]) expect(order.lastIndexOf(`sample ${tick}`)).toBeLessThan(order.indexOf(`tlm ${tick + 1}`));
  });
});
