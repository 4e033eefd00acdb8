/**
 * Runs one variant: a real run of the twin, the same coordinator, fleet host and services that
 * `orbitwin run` starts, here all in this process on the in-process bus (the twin's answer is
 * the same on either bus), watching the fleet aggregate of every tick for what the metrics need.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fleetTelemetry, Health, validateScenario, type StudyRunObservations, type StudyVariantWork } from "@orbitwin/protocol";
import { subjects } from "@orbitwin/protocol";
import type { Logger } from "@orbitwin/runtime";
import { debrisSummary } from "../commands/run.js";
import { startTwin } from "../twin-launcher.js";
import { metricsOfRun } from "./run-observations.js";
import type { Economics } from "./economics-assumptions.js";

export interface VariantOutcome {
  digest: string;
  ticks: number;
  satellites: number;
  simulatedMs: number;
  wallMs: number;
  observations: StudyRunObservations;
  metrics: Record<string, number | null>;
}

const MS_PER_HOUR = 3_600_000;

/** The fleet history a variant keeps: the newest few hundred aggregates, bytes. */
const STUDY_FLEET_HISTORY_BYTES = 64 * 1024;

/** One variant: a real run of the twin in this process, given up as soon as `signal` aborts. */
export async function runVariant(work: StudyVariantWork, log: Logger, signal?: AbortSignal): Promise<VariantOutcome> {
  const scenario = validateScenario(work.scenario, `variant ${work.variantId} of study ${work.study}`);
  const scratch = mkdtempSync(join(tmpdir(), `orbitwin-study-${work.variantId}-`));
  const startedMs = performance.now();
  try {
    const scenarioPath = join(scratch, "scenario.json");
    writeFileSync(scenarioPath, JSON.stringify(work.scenario));
    const run = `study-${work.variantId}`;
    const twin = await startTwin({
      scenarioPath,
      run,
      hosts: 1,
      speed: null,
      durationMs: scenario.durationMs,
      log,
      runDir: scratch,
      inProcess: true,
      // A study reads the fleet aggregates live and never its history: keeping cluster samples, or
      // every tick's fleet aggregate (90 MB of RSS by the tenth simulated day of the heat study's
      // full variant, up to the stream's 256 MiB), would only cost memory and garbage collection.
      history: { sampleEveryTicks: 0, fleetMaxBytes: STUDY_FLEET_HISTORY_BYTES },
    });
    const seen = { acceleratorsAtStart: undefined as number | undefined, junctionTempMaxK: undefined as number | undefined, throttledMs: 0, safeModeMs: 0 };
    const watch = twin.bus.subscribe(subjects.fleet(run), (msg) => {
      const s = fleetTelemetry.decode(msg.data).subsystems;
      if (!s) return;
      seen.acceleratorsAtStart ??= s.acceleratorsActive;
      seen.junctionTempMaxK = Math.max(seen.junctionTempMaxK ?? -Infinity, s.tempComputeMaxK);
      seen.throttledMs += (s.byHealth[Health.throttled] ?? 0) * scenario.dtMs;
      seen.safeModeMs += (s.byHealth[Health.safeMode] ?? 0) * scenario.dtMs;
    });
    try {
      const finished = await unlessAborted(twin.finished(), signal);
      const debris = scenario.debris !== undefined && scenario.debris.enabled !== false ? await debrisSummary(twin.bus, run) : undefined;
      const end = finished.subsystems;
      const simulatedMs = scenario.durationMs ?? 0;
      const observations: StudyRunObservations = {
        acceleratorsAtStart: seen.acceleratorsAtStart ?? 0,
        acceleratorsAtEnd: end?.acceleratorsActive ?? 0,
        acceleratorsFailed: end?.acceleratorsFailed ?? 0,
        acceleratorHours: end?.acceleratorHours ?? 0,
        ...(seen.junctionTempMaxK === undefined ? {} : { junctionTempMaxK: seen.junctionTempMaxK }),
        throttledSatHours: seen.throttledMs / MS_PER_HOUR,
        safeModeSatHours: seen.safeModeMs / MS_PER_HOUR,
        deadSatellites: end?.byHealth[Health.dead] ?? 0,
        ...(debris
          ? { debris: { conjunctions: debris.conjunctions, maneuvers: debris.maneuvers, collisions: debris.collisions, fragments: debris.fragments } }
          : {}),
      };
      const record = { satellites: finished.satellites, simulatedMs, observations };
      return {
        digest: finished.digest,
        ticks: finished.ticks,
        wallMs: performance.now() - startedMs,
        ...record,
        metrics: metricsOfRun(work.metrics, work.scenario, record, work.economics as Economics, `variant ${work.variantId} of study ${work.study}`),
      };
    } finally {
      watch.unsubscribe();
      await twin.stop();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `promise`, or a rejection as soon as `signal` aborts; what `promise` does after that is ignored. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      reject(new Error("the variant was interrupted: its worker is stopping"));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
