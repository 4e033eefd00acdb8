/**
 * `npm run bench`: every benchmark, each figure against a baseline measured in the same run.
 * Writes bench/results/latest.json (and a timestamped copy) and prints a table.
 */
import { fileURLToPath } from "node:url";
import { benchDashboard } from "./dashboard.js";
import { benchE2e } from "./e2e.js";
import { benchFleetStep } from "./fleet-step.js";
import { benchPhysicsStep } from "./physics-step.js";
import { renderTable, writeResults, type BenchRecord } from "./results.js";
import { DEFAULT_SCREENING_SIZES, benchScreening } from "./screening.js";
import { RECOVERY_TICK_MS, benchRecovery } from "./recovery.js";
import { benchScheduler } from "./scheduler.js";
import { benchScale } from "./scale.js";
import { benchStudy } from "./study.js";
import { benchTelemetryBatch } from "./telemetry-batch.js";
import { benchTickCost } from "./tick-cost.js";

const STARLINK = fileURLToPath(new URL("../scenarios/starlink-2026-05.tle", import.meta.url));
// Climbed until a size is not held; goals: 1,000,000 orbit-only and 300,000 with every subsystem.
const E2E_LADDER = [100_000, 200_000, 300_000, 400_000, 500_000, 750_000, 1_000_000];
const BUS_LADDER = [100_000, 200_000, 300_000, 400_000, 500_000];
const TICK_PERIOD_MS = 1000;

/**
 * `npm run bench -- --only fleet|screening|scheduler|recovery|e2e|dashboard|scale|study` runs one group alone;
 * `scale` (the million: tens of minutes, several GB) runs only when asked for. `--sizes
 * 1e4,1e5,1e6` sets the screening group's catalog sizes (10^4 and 10^5 by default; 10^6 takes
 * about 40 min of CPU, see bench/screening.ts).
 */
function selected(): {
  fleet: boolean;
  screening: boolean;
  scheduler: boolean;
  recovery: boolean;
  e2e: boolean;
  scale: boolean;
  study: boolean;
  dashboard: boolean;
} {
  const i = process.argv.indexOf("--only");
  const only = i >= 0 ? process.argv[i + 1] : undefined;
  if (only !== undefined && !["fleet", "e2e", "screening", "scheduler", "recovery", "scale", "study", "dashboard"].includes(only))
    throw new Error(`--only ${only}: give fleet, screening, scheduler, recovery, e2e, dashboard, scale or study`);
  return {
    study: only === undefined || only === "study",
    dashboard: only === undefined || only === "dashboard",
    scale: only === "scale",
    recovery: only === undefined || only === "recovery",
    fleet: only === undefined || only === "fleet" || only === "e2e",
    screening: only === undefined || only === "screening",
    scheduler: only === undefined || only === "scheduler",
    e2e: only === undefined || only === "e2e",
  };
}

function screeningSizes(): readonly number[] {
  const i = process.argv.indexOf("--sizes");
  if (i < 0) return DEFAULT_SCREENING_SIZES;
  const sizes = (process.argv[i + 1] ?? "").split(",").map(Number);
  if (!sizes.every((n) => Number.isInteger(n) && n >= 1_000 && n <= 10_000_000))
    throw new Error(`--sizes ${process.argv[i + 1]}: give whole numbers of objects within 1e3..1e7, comma-separated (e.g. 1e4,1e5,1e6)`);
  return sizes;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const log = (line: string) => process.stderr.write(line + "\n");
  const records: BenchRecord[] = [];
  const which = selected();

  if (which.scale) {
    log("the million: orbitwin run of spacex-odc-1m and its 1:100 sample ...");
    records.push(...(await benchScale(log)));
  }
  if (which.study) records.push(...(await benchTickCost(log)), ...benchStudy(log));
  if (which.dashboard) {
    log("the dashboard page in headless Chromium at 10,000 and 100,000 moving satellites ...");
    records.push(...(await benchDashboard(log)));
  }
  if (which.screening) records.push(...(await benchScreening(screeningSizes(), log)));
  if (which.scheduler) {
    log("scheduler decision per tick at 100,000 satellites and 10,000 jobs ...");
    records.push(...benchScheduler(log));
  }
  if (which.recovery) {
    log("a paced 1x run losing a fleet host ...");
    const trials = await benchRecovery(log);
    const worstMs = Math.max(...trials.map((t) => t.resumeMs));
    records.push({
      name: "recovery.paced_resume_s",
      value: worstMs / 1000,
      unit: "s",
      baseline: RECOVERY_TICK_MS / 1000,
      ratio: worstMs / RECOVERY_TICK_MS,
      note: `worst of ${trials.length}: from SIGKILL of a fleet host (orbitwin chaos kill fleet) to the first tick after the restore, 200 satellites at 1x with a 1 s tick; goal 5 s; baseline = the tick period`,
    });
  }
  if (!which.fleet) return finish(records, startedAt, log);
  log("fleet step vs plain satellite.js propagate ...");
  const step = benchFleetStep(STARLINK);
  records.push(...step);
  log("full subsystem step vs plain satellite.js propagate ...");
  records.push(...benchPhysicsStep(STARLINK));
  log("a cluster's telemetry batch in layout 3 vs layout 1 ...");
  records.push(...benchTelemetryBatch(log));
  if (!which.e2e) return finish(records, startedAt, log);

  log("end to end through NATS at 1 Hz ...");
  const trials = await benchE2e(E2E_LADDER, log);
  const held = trials.filter((t) => t.held);
  const best = held[held.length - 1];
  // Baseline: satellites one core propagates in one second with the plain loop, measured above.
  const singleCorePerSecond = step[0]!.baseline!;
  records.push({
    name: "e2e.satellites_at_1hz",
    value: best?.satellites ?? 0,
    unit: "satellites",
    baseline: Math.round(singleCorePerSecond),
    ratio: (best?.satellites ?? 0) / singleCorePerSecond,
    note: "largest ladder size with p99 tick lag < 250 ms, 2 fleet hosts + coordinator + consumer on this machine; baseline = plain propagate satellite-steps per second on one core",
  });
  const lagTrial = best ?? trials[0];
  records.push({
    name: "e2e.tick_lag_p99_ms",
    value: lagTrial?.lagP99Ms ?? Infinity,
    unit: "ms",
    baseline: TICK_PERIOD_MS,
    ratio: (lagTrial?.lagP99Ms ?? Infinity) / TICK_PERIOD_MS,
    note: `p99 tick lag at ${lagTrial?.satellites ?? 0} satellites; baseline = the 1 s tick period`,
  });
  records.push({
    name: "e2e.tick_lag_p50_ms",
    value: lagTrial?.lagP50Ms ?? Infinity,
    unit: "ms",
    baseline: TICK_PERIOD_MS,
    ratio: (lagTrial?.lagP50Ms ?? Infinity) / TICK_PERIOD_MS,
    note: `p50 tick lag at ${lagTrial?.satellites ?? 0} satellites`,
  });
  log("end to end at 1 Hz with every subsystem and the thermal service ...");
  const busTrials = await benchE2e(BUS_LADDER, log, { busPreset: "starlink-v2-mini-gpu" });
  const busHeld = busTrials.filter((t) => t.held);
  const busBest = busHeld[busHeld.length - 1];
  records.push({
    name: "e2e.subsystems.satellites_at_1hz",
    value: busBest?.satellites ?? 0,
    unit: "satellites",
    baseline: best?.satellites ?? 0,
    ratio: best ? (busBest?.satellites ?? 0) / best.satellites : null,
    note: "as e2e.satellites_at_1hz with the starlink-v2-mini-gpu bus on every satellite and the thermal service in the clock; baseline = the orbit-only figure above",
  });
  records.push({
    name: "e2e.subsystems.tick_lag_p99_ms",
    value: (busBest ?? busTrials[0])?.lagP99Ms ?? Infinity,
    unit: "ms",
    baseline: TICK_PERIOD_MS,
    ratio: ((busBest ?? busTrials[0])?.lagP99Ms ?? Infinity) / TICK_PERIOD_MS,
    note: `p99 tick lag at ${(busBest ?? busTrials[0])?.satellites ?? 0} satellites with subsystems and thermal control`,
  });
  finish(records, startedAt, log);
}

function finish(records: BenchRecord[], startedAt: Date, log: (line: string) => void): void {
  const path = writeResults(records, startedAt);
  process.stdout.write(renderTable(records) + "\n");
  log(`results: ${path} and bench/results/latest.json`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
