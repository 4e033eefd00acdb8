/**
 * All-vs-all screening spread over worker threads: the window is cut into as many slices as
 * workers, each worker screens its slice (physics/screening.ts) from the element sets, and the
 * encounters come back in the order one thread would give. A TCA near a slice boundary is found
 * by the slice that holds the range rate's sign change, so cutting loses nothing.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { MeanElements, ScreenedEncounter, ScreeningOptions, ScreeningStats } from "@orbitwin/physics";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

// The compiled worker, also when this module runs from its TypeScript source (tests).
const workerUrl = new URL("../dist/screen-worker.js", import.meta.url);

export interface SliceJob {
  elements: MeanElements[];
  startMs: number;
  endMs: number;
  options: ScreeningOptions;
}

export async function screenInParallel(elements: readonly MeanElements[], startMs: number, endMs: number, options: ScreeningOptions, workers = availableParallelism()): Promise<{ encounters: ScreenedEncounter[]; stats: ScreeningStats }> {
  const slices = Math.max(1, Math.min(workers, 16));
  const sliceMs = (endMs - startMs) / slices;
  const results = await Promise.all(
    Array.from({ length: slices }, (_, k) => {
      const job: SliceJob = { elements: [...elements], startMs: startMs + k * sliceMs, endMs: k === slices - 1 ? endMs : startMs + (k + 1) * sliceMs, options };
      return new Promise<{ encounters: ScreenedEncounter[]; stats: ScreeningStats }>((resolve, reject) => {
        // No inherited flags: the worker runs the compiled code, whatever conditions the parent resolves with.
        const worker = new Worker(workerUrl, { workerData: job, execArgv: [] });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => code !== 0 && reject(new OrbitwinError(ErrorCodes.internal, `screening worker exited with code ${code}`)));
      });
    }),
  );
  const encounters = results.flatMap((r) => r.encounters).sort((x, y) => x.tcaMs - y.tcaMs || x.a - y.a || x.b - y.b);
  // A pass straddling a cut can be found by both slices: keep one per pair within a second.
  const unique = encounters.filter((e, i) => !encounters.slice(Math.max(0, i - 50), i).some((p) => p.a === e.a && p.b === e.b && Math.abs(p.tcaMs - e.tcaMs) <= 1000));
  const stats = results.reduce((s, r) => ({ samples: s.samples + r.stats.samples, candidates: s.candidates + r.stats.candidates, refined: s.refined + r.stats.refined, encounters: 0 }), { samples: 0, candidates: 0, refined: 0, encounters: 0 });
  return { encounters: unique, stats: { ...stats, encounters: unique.length } };
}
