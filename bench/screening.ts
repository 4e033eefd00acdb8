/**
 * Conjunction screening (debris-watch): all-vs-all over a 24 h window at a 5 km threshold for a
 * synthetic LEO population of 10^4 and 10^5 objects. Baseline: testing every pair at every
 * sample, timed on a sample of the same population in the same run and scaled to the full size
 * (N^2 pairs); the broad phase must also find exactly the encounters the brute force finds there.
 */
import { availableParallelism } from "node:os";
import { screenInParallel } from "@orbitwin/debris-watch";
import { broadPhase, defaultSampleStepS, generateDebrisPopulation, toSatrec, type BroadPhaseCandidate } from "@orbitwin/physics";
import { bruteForceCandidates, refineCandidates } from "@orbitwin/physics/testing";
import type { BenchRecord } from "./results.js";

const EPOCH_MS = Date.UTC(2026, 4, 13);
const DAY_MS = 86_400_000;
const THRESHOLD_KM = 5;
const SAMPLE_OBJECTS = 1500;
const SAMPLE_WINDOW_MS = 3 * 3_600_000;

export async function benchScreening(sizes: readonly number[], log: (line: string) => void): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  const sample = comparedWithBruteForce(log);
  records.push({
    name: "screening.broad_phase.recall",
    value: sample.recall,
    unit: "fraction",
    baseline: 1,
    ratio: sample.recall,
    note: `encounters found by the broad phase / by testing every pair, ${SAMPLE_OBJECTS} objects over 3 h (${sample.bruteEncounters} encounters)`,
  });
  for (const n of sizes) {
    const elements = generateDebrisPopulation({ count: n, seed: 1, epochMs: EPOCH_MS }).map((d) => d.elements);
    const workers = availableParallelism();
    log(`screening ${n} objects over 24 h at ${THRESHOLD_KM} km on ${workers} threads ...`);
    const started = performance.now();
    const { stats } = await screenInParallel(elements, EPOCH_MS, EPOCH_MS + DAY_MS, { thresholdKm: THRESHOLD_KM }, workers);
    const seconds = (performance.now() - started) / 1000;
    // The brute force's cost grows with the pairs and the samples: scale the measured one.
    const samplesFull = DAY_MS / (defaultSampleStepS(n) * 1000);
    const bruteSeconds = sample.bruteSecondsPerPairSample * ((n * (n - 1)) / 2) * samplesFull;
    const exponent = Math.round(Math.log10(n));
    log(`  ${seconds.toFixed(1)} s, ${stats.encounters} encounters, ${stats.refined} pairs refined; brute force would take ~${bruteSeconds.toFixed(0)} s`);
    records.push({
      name: `screening.1e${exponent}.seconds`,
      value: seconds,
      unit: "s",
      baseline: bruteSeconds,
      ratio: seconds / bruteSeconds,
      note: `${n} synthetic LEO objects, 24 h, ${THRESHOLD_KM} km, ${workers} worker threads, ${stats.encounters} encounters; baseline = every pair at every sample, scaled from ${SAMPLE_OBJECTS} objects measured in this run; goal ${n <= 10_000 ? "5 s" : "180 s"}`,
    });
  }
  return records;
}

function comparedWithBruteForce(log: (line: string) => void): { recall: number; bruteEncounters: number; bruteSecondsPerPairSample: number } {
  const satrecs = generateDebrisPopulation({ count: SAMPLE_OBJECTS, seed: 2, epochMs: EPOCH_MS }).map((d) => toSatrec(d.elements));
  const options = { thresholdKm: THRESHOLD_KM, sampleStepS: defaultSampleStepS(SAMPLE_OBJECTS) };
  const window = { startMs: EPOCH_MS, endMs: EPOCH_MS + SAMPLE_WINDOW_MS };
  log(`broad phase vs every pair: ${SAMPLE_OBJECTS} objects over 3 h ...`);
  const bruteStarted = performance.now();
  const brute = bruteForceCandidates(satrecs, window.startMs, window.endMs, options);
  const bruteSeconds = (performance.now() - bruteStarted) / 1000;
  const broad: BroadPhaseCandidate[] = [];
  broadPhase(satrecs, window.startMs, window.endMs, options, (c) => broad.push(c));
  const key = (e: { a: number; b: number; tcaMs: number }) => `${e.a}:${e.b}:${Math.round(e.tcaMs / 1000)}`;
  const fromBrute = refineCandidates(satrecs, brute, THRESHOLD_KM, options.sampleStepS, window).map(key);
  const fromBroad = new Set(refineCandidates(satrecs, broad, THRESHOLD_KM, options.sampleStepS, window).map(key));
  const recall = fromBrute.length === 0 ? 1 : fromBrute.filter((k) => fromBroad.has(k)).length / fromBrute.length;
  const samples = SAMPLE_WINDOW_MS / (options.sampleStepS * 1000) + 1;
  log(`  brute force ${bruteSeconds.toFixed(1)} s, ${fromBrute.length} encounters; broad phase found ${(recall * 100).toFixed(1)} %`);
  return { recall, bruteEncounters: fromBrute.length, bruteSecondsPerPairSample: bruteSeconds / (((SAMPLE_OBJECTS * (SAMPLE_OBJECTS - 1)) / 2) * samples) };
}
