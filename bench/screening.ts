/**
 * Conjunction screening (debris-watch): all-vs-all over a 24 h window at a 5 km threshold for a
 * synthetic LEO population (physics/debris-population.ts) of 10^4 and 10^5 objects, cut into the
 * 4 slices debris-watch uses, on every core. 10^6 objects is opt-in: about 40 min of CPU (so
 * about 20 min on two free cores; far longer on a shared machine) and 2.5 GB, with
 * `npm run bench -- --only screening --sizes 1e6` (or `--sizes 1e4,1e5,1e6`); at that size the
 * encounters (63 million) are counted, not collected.
 *
 * Baseline: testing every pair at every sample, timed on a sample of the same population in the
 * same run and scaled to the full size (N^2 pairs). On that sample the screen must also find the
 * encounters a search of every pair on SGP4 alone finds (the reference: screening-reference.ts),
 * with the same TCA and miss.
 */
import { availableParallelism } from "node:os";
import { screenInParallel, summarizeInParallel } from "@orbitwin/debris-watch";
import {
  broadPhase,
  defaultSampleStepS,
  generateDebrisPopulation,
  screen,
  Sgp4Batch,
  toSatrec,
  type BroadPhaseCandidate,
  type MeanElements,
  type ScreenedEncounter,
} from "@orbitwin/physics";
import { bruteForceCandidates, refineCandidates } from "@orbitwin/physics/testing";
import type { BenchRecord } from "./results.js";

const EPOCH_MS = Date.UTC(2026, 4, 13);
const DAY_MS = 86_400_000;
const THRESHOLD_KM = 5;
const SLICES = 4;
const SAMPLE_OBJECTS = 1500;
const SAMPLE_WINDOW_MS = 3 * 3_600_000;
/** Above this many objects the encounters are counted, not collected. */
const LIST_LIMIT = 300_000;
const TCA_TOLERANCE_MS = 1;
const MISS_TOLERANCE_KM = 0.001;

export const DEFAULT_SCREENING_SIZES: readonly number[] = [10_000, 100_000];

export async function benchScreening(sizes: readonly number[], log: (line: string) => void): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  const sample = comparedWithReference(log);
  records.push({
    name: "screening.broad_phase.recall",
    value: sample.recall,
    unit: "fraction",
    baseline: 1,
    ratio: sample.recall,
    note: `encounters found from the broad phase's candidates / from testing every pair, both searched on SGP4, ${SAMPLE_OBJECTS} objects over 3 h (${sample.referenceEncounters} encounters)`,
  });
  records.push({
    name: "screening.agreement",
    value: sample.agreement,
    unit: "fraction",
    baseline: 1,
    ratio: sample.agreement,
    note: `encounters of the screen matching the reference (every pair tested, passes searched on SGP4 alone) with TCA within ${TCA_TOLERANCE_MS} ms and miss within ${MISS_TOLERANCE_KM * 1000} m, ${SAMPLE_OBJECTS} objects over 3 h; worst TCA difference ${sample.worstTcaMs.toFixed(4)} ms, miss ${(sample.worstMissKm * 1e6).toFixed(1)} mm`,
  });
  for (const n of sizes) records.push(...(await screenOneSize(n, sample.bruteSecondsPerPairSample, log)));
  return records;
}

async function screenOneSize(n: number, bruteSecondsPerPairSample: number, log: (line: string) => void): Promise<BenchRecord[]> {
  const exponent = Math.round(Math.log10(n));
  const elements: MeanElements[] = generateDebrisPopulation({ count: n, seed: 1, epochMs: EPOCH_MS }).map((d) => d.elements);
  const workers = Math.min(SLICES, availableParallelism());
  log(`screening ${n} objects over 24 h at ${THRESHOLD_KM} km, ${SLICES} slices on ${workers} threads ...`);
  const options = { thresholdKm: THRESHOLD_KM };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { stats, closeKm } = n > LIST_LIMIT ? await counted(elements, options, workers) : await listed(elements, options, workers);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  // The brute force's cost grows with the pairs and the samples: scale the measured one.
  const bruteSeconds = bruteSecondsPerPairSample * ((n * (n - 1)) / 2) * (DAY_MS / (defaultSampleStepS(n) * 1000));
  log(
    `  ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(0)} s of CPU), ${stats.encounters} encounters (${closeKm} within 1 km), ${stats.refined} passes searched, peak RSS ${(peakRssBytes / 2 ** 30).toFixed(2)} GiB; brute force would take ~${bruteSeconds.toFixed(0)} s`,
  );
  const goal = n <= 10_000 ? "5 s" : n <= 100_000 ? "180 s" : "1,800 s";
  const records: BenchRecord[] = [
    {
      name: `screening.1e${exponent}.seconds`,
      value: seconds,
      unit: "s",
      baseline: bruteSeconds,
      ratio: seconds / bruteSeconds,
      note: `${n} synthetic LEO objects, 24 h, ${THRESHOLD_KM} km, ${SLICES} slices on ${workers} worker threads, ${cpuSeconds.toFixed(0)} s of CPU, ${stats.encounters} encounters (${closeKm} within 1 km); baseline = every pair at every sample, scaled from ${SAMPLE_OBJECTS} objects measured in this run; goal ${goal}`,
    },
  ];
  if (n > LIST_LIMIT) {
    records.push({
      name: `screening.1e${exponent}.peak_rss_gib`,
      value: peakRssBytes / 2 ** 30,
      unit: "GiB",
      baseline: null,
      ratio: null,
      note: `peak resident memory of the bench process (main thread and the ${workers} workers) through the 10^${exponent} screen; ${Math.round(peakRssBytes / n)} bytes per object`,
    });
  }
  return records;
}

async function listed(elements: MeanElements[], options: { thresholdKm: number }, workers: number) {
  const { encounters, stats } = await screenInParallel(elements, EPOCH_MS, EPOCH_MS + DAY_MS, options, SLICES, { workers });
  return { stats, closeKm: encounters.filter((e) => e.missKm <= 1).length };
}

async function counted(elements: MeanElements[], options: { thresholdKm: number }, workers: number) {
  const { summary, stats } = await summarizeInParallel(elements, EPOCH_MS, EPOCH_MS + DAY_MS, options, SLICES, { workers });
  return { stats, closeKm: summary.byMissKm[0]! };
}

function comparedWithReference(log: (line: string) => void) {
  const satrecs = generateDebrisPopulation({ count: SAMPLE_OBJECTS, seed: 2, epochMs: EPOCH_MS }).map((d) => toSatrec(d.elements));
  const options = { thresholdKm: THRESHOLD_KM, sampleStepS: defaultSampleStepS(SAMPLE_OBJECTS) };
  const window = { startMs: EPOCH_MS, endMs: EPOCH_MS + SAMPLE_WINDOW_MS };
  log(`screen vs every pair: ${SAMPLE_OBJECTS} objects over 3 h ...`);
  const bruteStarted = performance.now();
  const brute = bruteForceCandidates(satrecs, window.startMs, window.endMs, options);
  const bruteSeconds = (performance.now() - bruteStarted) / 1000;
  const reference = refineCandidates(satrecs, brute, THRESHOLD_KM, options.sampleStepS, window);
  const broad: BroadPhaseCandidate[] = [];
  const orbits = Sgp4Batch.fromSatrecs(satrecs);
  broadPhase(orbits, window.startMs, window.endMs, options, (c) => broad.push(c));
  const key = (e: ScreenedEncounter) => `${e.a}:${e.b}:${Math.round(e.tcaMs / 1000)}`;
  const fromBroad = new Set(refineCandidates(satrecs, broad, THRESHOLD_KM, options.sampleStepS, window).map(key));
  const recall = reference.length === 0 ? 1 : reference.filter((e) => fromBroad.has(key(e))).length / reference.length;
  const screened = new Map(screen(orbits, window.startMs, window.endMs, options).encounters.map((e) => [key(e), e]));
  let agreeing = 0;
  let worstTcaMs = 0;
  let worstMissKm = 0;
  for (const e of reference) {
    const s = screened.get(key(e));
    if (!s) continue;
    worstTcaMs = Math.max(worstTcaMs, Math.abs(s.tcaMs - e.tcaMs));
    worstMissKm = Math.max(worstMissKm, Math.abs(s.missKm - e.missKm));
    if (Math.abs(s.tcaMs - e.tcaMs) <= TCA_TOLERANCE_MS && Math.abs(s.missKm - e.missKm) <= MISS_TOLERANCE_KM) agreeing++;
  }
  const agreement = reference.length === 0 && screened.size === 0 ? 1 : agreeing / Math.max(reference.length, screened.size);
  const samples = SAMPLE_WINDOW_MS / (options.sampleStepS * 1000) + 1;
  log(
    `  brute force ${bruteSeconds.toFixed(1)} s, ${reference.length} encounters; broad phase found ${(recall * 100).toFixed(1)} %, the screen agrees on ${(agreement * 100).toFixed(1)} %`,
  );
  return {
    recall,
    agreement,
    worstTcaMs,
    worstMissKm,
    referenceEncounters: reference.length,
    bruteSecondsPerPairSample: bruteSeconds / (((SAMPLE_OBJECTS * (SAMPLE_OBJECTS - 1)) / 2) * samples),
  };
}
