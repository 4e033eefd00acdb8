/**
 * A clock participant killed mid-run and replaced at once by a fresh process under the same id:
 * the fresh process answers ticks from its empty state before the coordinator has taken it in
 * (that takes its second heartbeat). Its answers must not count: the run waits, takes it in, goes
 * back to a checkpoint and ends with the digest of a run that lost nothing. Time is a manual
 * clock that moves only when nothing is in flight, so the fresh process's first answers come well
 * before its second heartbeat (the deterministic simulation found this with its seed 667).
 */
import { describe, expect, it } from "vitest";
import { EventKinds, subjects } from "@orbitwin/protocol";
import { LocalBus, silentLogger } from "@orbitwin/runtime";
import { CrashableBus, ManualWallClock } from "@orbitwin/runtime/testing";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { startTwinOnBus } from "./twin-fixture.js";

const RUN = "replaced";
const yaml = `
name: replaced
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 8m
seed: 11
clusterSize: 3
checkpoint: { everyTicks: 2, keep: 2 }
bus: { preset: starlink-v2-mini-gpu, radiatorAreaM2: 2.5 }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

/** Lets every queued delivery and promise run. */
async function settle(): Promise<void> {
  for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
}

async function runOnce(replaceAfterTicks: number | undefined): Promise<{ digest: string; restores: number; ticksBeforeCrash: number }> {
  const clock = new ManualWallClock(Date.UTC(2026, 0, 1));
  const bus = new LocalBus({ now: () => clock.now() });
  const thermal = (link: CrashableBus) =>
    new ThermalService({ bus: link.bus, run: RUN, policy: resolveThermalPolicy(), log: silentLogger(), wallClock: clock });
  let link = new CrashableBus(bus, "thermal");
  const services = [thermal(link)];
  await services[0]!.start();
  let ticksDone = 0;
  let restores = 0;
  bus.subscribe(subjects.fleet(RUN), () => ticksDone++);
  bus.subscribe(subjects.event(RUN, EventKinds.runRestored), () => restores++);
  const twin = await startTwinOnBus({ bus, run: RUN, hosts: 1, yaml, wallClock: clock, requiredParticipants: ["thermal"] });
  let digest: string | undefined;
  void twin.coordinator.finished().then((r) => (digest = r.digest));
  let ticksBeforeCrash = -1;
  try {
    for (let step = 0; step < 5_000 && digest === undefined; step++) {
      await settle();
      if (replaceAfterTicks !== undefined && ticksBeforeCrash < 0 && ticksDone >= replaceAfterTicks) {
        ticksBeforeCrash = ticksDone;
        link.crash();
        link = new CrashableBus(bus, "thermal");
        const fresh = thermal(link);
        services.push(fresh);
        await fresh.start();
        continue;
      }
      clock.advance(250);
    }
    if (digest === undefined) throw new Error(`the run did not finish (tick ${twin.coordinator.status().tick})`);
    return { digest, restores, ticksBeforeCrash };
  } finally {
    await twin.stop();
    for (const s of services) await s.stop();
  }
}

describe("a clock participant replaced mid-run", { timeout: 60_000 }, () => {
  it("counts the fresh process's answers only after the run went back to a checkpoint", async () => {
    const reference = await runOnce(undefined);
    const replaced = await runOnce(3);
    expect(replaced.ticksBeforeCrash).toBeGreaterThanOrEqual(3);
    expect(replaced.ticksBeforeCrash).toBeLessThan(8);
    expect(replaced.restores).toBeGreaterThan(0);
    expect(replaced.digest).toBe(reference.digest);
  });
});
