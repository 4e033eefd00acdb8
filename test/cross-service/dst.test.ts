/**
 * Deterministic simulation testing (the FoundationDB / TigerBeetle approach): the whole twin
 * (coordinator, two fleet hosts, the thermal service) in one process, on the in-process bus with a
 * seeded adversary that drops, duplicates, delays and reorders deliveries, and for some seeds
 * kills the thermal service mid-run and starts a fresh one. Time is a manual clock the driver
 * advances only when nothing is in flight. Oracle: the final digest of the undisturbed run.
 * ORBITWIN_DST_SEEDS sets how many seeds (default 1000); ORBITWIN_DST_SEED replays one.
 */
import { describe, expect, it } from "vitest";
import { LocalBus, silentLogger, type Bus } from "@orbitwin/runtime";
import { ChaosBus, ManualWallClock } from "@orbitwin/runtime/testing";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { startTwinOnBus } from "./twin-fixture.js";

const RUN = "dst";
const yaml = `
name: dst
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 8m
seed: 17
clusterSize: 3
checkpoint: { everyTicks: 3, keep: 2 }
bus: { preset: starlink-v2-mini-gpu, radiatorAreaM2: 3 }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;
const RATES = { drop: 0.03, duplicate: 0.05, delay: 0.15 };
const MAX_STEPS = 20_000;

/** Lets every queued delivery and promise run: the driver acts only when the system is quiet. */
async function settle(chaos: ChaosBus | undefined): Promise<void> {
  for (let k = 0; k < 200; k++) {
    const before = chaos?.deliveries ?? 0;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    if ((chaos?.deliveries ?? 0) === before) return;
  }
}

interface Outcome {
  digest: string;
  steps: number;
  perturbations: string;
}

async function runOnce(seed: number | undefined): Promise<Outcome> {
  const clock = new ManualWallClock(Date.UTC(2026, 0, 1));
  const inner = new LocalBus({ now: () => clock.now() });
  // The clock protocol, heartbeats, telemetry and events: everything but request-reply.
  const chaos = seed === undefined ? undefined : new ChaosBus(inner, seed, RATES, (s) => s.startsWith(`ot.${RUN}.`));
  const bus: Bus = chaos ? chaos.bus : inner;
  let thermal = new ThermalService({ bus, run: RUN, policy: resolveThermalPolicy(), log: silentLogger(), wallClock: clock });
  await thermal.start();
  const twin = await startTwinOnBus({ bus, run: RUN, hosts: 2, yaml, wallClock: clock, requiredParticipants: ["thermal"] });
  let finished: string | undefined;
  void twin.coordinator.finished().then((r) => (finished = r.digest));
  // Some seeds replace the thermal service once, at a step of their choosing.
  const crashAt = seed !== undefined && seed % 3 === 0 ? 20 + (seed % 40) : -1;
  let steps = 0;
  try {
    for (; steps < MAX_STEPS && finished === undefined; steps++) {
      await settle(chaos);
      if (steps === crashAt) {
        await thermal.stop();
        thermal = new ThermalService({ bus, run: RUN, policy: resolveThermalPolicy(), log: silentLogger(), wallClock: clock });
        await thermal.start();
      }
      if (chaos && chaos.held > 0) chaos.releaseAll();
      else clock.advance(250);
    }
    if (finished === undefined) throw new Error(`seed ${seed}: the run did not finish within ${MAX_STEPS} driver steps (tick ${twin.coordinator.status().tick})`);
    return { digest: finished, steps, perturbations: chaos ? `${chaos.dropped} dropped, ${chaos.duplicated} duplicated, ${chaos.delayed} delayed` : "none" };
  } finally {
    await twin.stop();
    await thermal.stop();
  }
}

describe("deterministic simulation", { timeout: 900_000 }, () => {
  it("ends every seeded run of drops, duplicates, delays, reordering and crashes with the undisturbed digest", async () => {
    const reference = await runOnce(undefined);
    const only = process.env.ORBITWIN_DST_SEED;
    const seeds = only ? [Number(only)] : Array.from({ length: Number(process.env.ORBITWIN_DST_SEEDS ?? 1000) }, (_, i) => i + 1);
    const failures: string[] = [];
    let perturbed = 0;
    for (const seed of seeds) {
      try {
        const outcome = await runOnce(seed);
        if (outcome.perturbations !== "0 dropped, 0 duplicated, 0 delayed") perturbed++;
        if (outcome.digest !== reference.digest) failures.push(`seed ${seed}: digest ${outcome.digest} (${outcome.perturbations}); replay with ORBITWIN_DST_SEED=${seed}`);
      } catch (err) {
        failures.push(`seed ${seed}: ${err instanceof Error ? err.message : String(err)}; replay with ORBITWIN_DST_SEED=${seed}`);
      }
    }
    console.log(`deterministic simulation: ${seeds.length} seeds, ${perturbed} perturbed, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect(perturbed).toBe(seeds.length);
  });

  it("replays a seed to the same digest and the same adversary choices", async () => {
    const a = await runOnce(42);
    const b = await runOnce(42);
    expect(b).toEqual(a);
  });
});
