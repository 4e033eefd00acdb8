/**
 * One time slice of a parallel screen (screen-pool.ts): what a worker is asked, what it answers,
 * and the work itself. Encounters travel packed in a Float64Array (transferred, not copied);
 * a summary instead of the list serves catalogs whose encounters would not fit in memory.
 */
import { screenEach, type ScreenedEncounter, type ScreeningOptions, type ScreeningStats, type Sgp4Batch } from "@orbitwin/physics";

export interface SliceRequest {
  slice: number;
  startMs: number;
  endMs: number;
  options: ScreeningOptions;
  summaryOnly: boolean;
}

/** Encounters counted, not kept. */
export interface EncounterSummary {
  encounters: number;
  /** encounters by miss distance, one bin per km from 0 (the last bin takes the rest) */
  byMissKm: number[];
  minMissKm: number;
  /** order-free checksum of (a, b, TCA to the second) over the encounters: equal runs give equal digests */
  digest: number;
}

export interface SliceResult {
  slice: number;
  stats: ScreeningStats;
  /** PACKED numbers per encounter, see packInto */
  packed?: Float64Array;
  summary?: EncounterSummary;
}

const PACKED = 11;
const MISS_BINS = 5;

export function emptySummary(): EncounterSummary {
  return { encounters: 0, byMissKm: new Array<number>(MISS_BINS).fill(0), minMissKm: Number.POSITIVE_INFINITY, digest: 0 };
}

function summarize(summary: EncounterSummary, e: ScreenedEncounter): void {
  summary.encounters++;
  summary.byMissKm[Math.min(MISS_BINS - 1, Math.floor(e.missKm))]!++;
  if (e.missKm < summary.minMissKm) summary.minMissKm = e.missKm;
  summary.digest = (summary.digest + encounterHash(e.a, e.b, Math.round(e.tcaMs / 1000))) >>> 0;
}

function encounterHash(a: number, b: number, tcaS: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (b + 0x632be5ab), 0xc2b2ae35);
  h = Math.imul(h ^ (tcaS % 0x7fffffff), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Adds `part` into `into`. */
export function mergeSummary(into: EncounterSummary, part: EncounterSummary): void {
  into.encounters += part.encounters;
  part.byMissKm.forEach((n, k) => (into.byMissKm[k] = into.byMissKm[k]! + n));
  into.minMissKm = Math.min(into.minMissKm, part.minMissKm);
  into.digest = (into.digest + part.digest) >>> 0;
}

/** Screens one slice: the encounters packed, or only their summary. */
export function runSlice(orbits: Sgp4Batch, request: SliceRequest): SliceResult {
  if (request.summaryOnly) {
    const summary = emptySummary();
    const stats = screenEach(orbits, request.startMs, request.endMs, request.options, (e) => summarize(summary, e));
    return { slice: request.slice, stats, summary };
  }
  let packed = new Float64Array(PACKED * 1024);
  let count = 0;
  const stats = screenEach(orbits, request.startMs, request.endMs, request.options, (e) => {
    if ((count + 1) * PACKED > packed.length) {
      const grown = new Float64Array(packed.length * 2);
      grown.set(packed);
      packed = grown;
    }
    packInto(packed, count++ * PACKED, e);
  });
  return { slice: request.slice, stats, packed: packed.slice(0, count * PACKED) };
}

function packInto(out: Float64Array, o: number, e: ScreenedEncounter): void {
  out[o] = e.a;
  out[o + 1] = e.b;
  out[o + 2] = e.tcaMs;
  out[o + 3] = e.missKm;
  out[o + 4] = e.relSpeedKmS;
  out.set(e.relPosKm, o + 5);
  out.set(e.relVelKmS, o + 8);
}

export function unpackEncounters(packed: Float64Array): ScreenedEncounter[] {
  const out: ScreenedEncounter[] = [];
  for (let o = 0; o < packed.length; o += PACKED) {
    out.push({
      a: packed[o]!,
      b: packed[o + 1]!,
      tcaMs: packed[o + 2]!,
      missKm: packed[o + 3]!,
      relSpeedKmS: packed[o + 4]!,
      relPosKm: [packed[o + 5]!, packed[o + 6]!, packed[o + 7]!],
      relVelKmS: [packed[o + 8]!, packed[o + 9]!, packed[o + 10]!],
    });
  }
  return out;
}
