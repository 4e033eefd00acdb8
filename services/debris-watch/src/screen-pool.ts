/**
 * All-vs-all screening spread over worker threads. The window is cut into a fixed number of
 * slices (not the machine's core count, so the result does not depend on the machine); the
 * workers, as many as the cores or the slices allow, each build the batched SGP4 records
 * (physics/sgp4-batch.ts) once from the elements in shared memory (packed-elements.ts) and take
 * slices until none is left (physics/screening.ts in screen-slice.ts). The encounters come back
 * in the order one thread would give. A TCA near a slice boundary is found by the slice that
 * holds the range rate's sign change, so cutting loses nothing.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { MeanElements, ScreenedEncounter, ScreeningOptions, ScreeningStats } from "@orbitwin/physics";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { packElements } from "./packed-elements.js";
import { emptySummary, mergeSummary, unpackEncounters, type EncounterSummary, type SliceRequest, type SliceResult } from "./screen-slice.js";

// The compiled worker, also when this module runs from its TypeScript source (tests).
const workerUrl = new URL("../dist/screen-worker.js", import.meta.url);

/** What a worker is started with. */
export interface ScreenWorkerData {
  /** the element sets, packed (packed-elements.ts) in a SharedArrayBuffer */
  elements: Float64Array;
}

export interface ParallelScreenOptions {
  /** worker threads @default the available cores, at most one per slice */
  workers?: number;
}

const MAX_SLICES = 64;

/** Screens every pair of `elements` over [startMs, endMs] in `slices` time slices: encounters sorted by TCA, then by pair. */
export async function screenInParallel(
  elements: readonly MeanElements[],
  startMs: number,
  endMs: number,
  options: ScreeningOptions,
  slices = 4,
  pool: ParallelScreenOptions = {},
): Promise<{ encounters: ScreenedEncounter[]; stats: ScreeningStats }> {
  const results = await runSlices(elements, startMs, endMs, options, slices, pool, false);
  const encounters = results.flatMap((r) => unpackEncounters(r.packed!)).sort((x, y) => x.tcaMs - y.tcaMs || x.a - y.a || x.b - y.b);
  // A pass straddling a cut can be found by both slices: keep one per pair within a second.
  const unique = encounters.filter(
    (e, i) => !encounters.slice(Math.max(0, i - 50), i).some((p) => p.a === e.a && p.b === e.b && Math.abs(p.tcaMs - e.tcaMs) <= 1000),
  );
  return { encounters: unique, stats: { ...sumStats(results), encounters: unique.length } };
}

/**
 * The same screen, counting the encounters instead of returning them: for catalogs (a million
 * objects) whose encounters would not fit in memory. A pass straddling a cut may be counted
 * twice (it is not in the list form); at 4 slices that is a handful in millions.
 */
export async function summarizeInParallel(
  elements: readonly MeanElements[],
  startMs: number,
  endMs: number,
  options: ScreeningOptions,
  slices = 4,
  pool: ParallelScreenOptions = {},
): Promise<{ summary: EncounterSummary; stats: ScreeningStats }> {
  const results = await runSlices(elements, startMs, endMs, options, slices, pool, true);
  const summary = emptySummary();
  for (const r of results) mergeSummary(summary, r.summary!);
  return { summary, stats: { ...sumStats(results), encounters: summary.encounters } };
}

function sumStats(results: readonly SliceResult[]): ScreeningStats {
  return results.reduce(
    (s, r) => ({
      samples: s.samples + r.stats.samples,
      candidates: s.candidates + r.stats.candidates,
      refined: s.refined + r.stats.refined,
      encounters: s.encounters + r.stats.encounters,
    }),
    { samples: 0, candidates: 0, refined: 0, encounters: 0 },
  );
}

/** The slices' results in slice order, whichever worker screened each. */
function runSlices(
  elements: readonly MeanElements[],
  startMs: number,
  endMs: number,
  options: ScreeningOptions,
  slices: number,
  pool: ParallelScreenOptions,
  summaryOnly: boolean,
): Promise<SliceResult[]> {
  if (!(Number.isInteger(slices) && slices >= 1 && slices <= MAX_SLICES))
    throw new RangeError(`screenInParallel: slices = ${slices} must be a whole number within 1..${MAX_SLICES}`);
  const workers = Math.max(1, Math.min(slices, pool.workers ?? availableParallelism()));
  const sliceMs = (endMs - startMs) / slices;
  const requests: SliceRequest[] = Array.from({ length: slices }, (_, k) => ({
    slice: k,
    startMs: startMs + k * sliceMs,
    endMs: k === slices - 1 ? endMs : startMs + (k + 1) * sliceMs,
    options,
    summaryOnly,
  }));
  const results: SliceResult[] = new Array<SliceResult>(slices);
  const data: ScreenWorkerData = { elements: packElements(elements) };
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const threads: Worker[] = [];
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const t of threads) void t.terminate();
      reject(err);
    };
    // A worker with no slice left is told so (null) and ends on its own.
    const give = (worker: Worker) => worker.postMessage(next < slices ? requests[next++] : null);
    for (let w = 0; w < workers; w++) {
      // No inherited flags: the worker runs the compiled code, whatever conditions the parent resolves with.
      const worker = new Worker(workerUrl, { workerData: data, execArgv: [] });
      threads.push(worker);
      worker.on("message", (result: SliceResult) => {
        results[result.slice] = result;
        if (++done === slices) resolve(results);
        give(worker);
      });
      worker.once("error", fail);
      worker.once("exit", (code) => {
        if (code !== 0 && done < slices) fail(new OrbitwinError(ErrorCodes.internal, `screening worker exited with code ${code}`));
      });
      give(worker);
    }
  });
}
