/**
 * All-vs-all conjunction screening over a time window, without testing every pair.
 *
 * 1. Ephemeris (screening-ephemeris.ts): SGP4 at nodes every `nodeStepS` (the batched SGP4 of
 *    sgp4-batch.ts over structure-of-arrays records), a quintic Hermite interpolant between them (tens of metres at worst in LEO at 600 s, covered by `padKm`).
 * 2. Broad phase (screening-grid.ts), at every sample (every `sampleStepS`): records sorted by
 *    cube face, column and radius keep the pairs that can come within threshold + pad during
 *    the half step either side: the radii (each moves little in half a step), the distance at
 *    the sample, then the straight-line relative motion with its curvature bound
 *    (screening-criterion.ts).
 * 3. Narrow phase (screening-passes.ts): each flagged pair is searched for its times of closest
 *    approach around the sample on the interpolant, and each approach within threshold + pad is
 *    settled on SGP4 itself, which gives the encounter's TCA, miss and relative state.
 * Objects in altitude bands that cannot meet are never paired: the grid keys each object by its
 * radius at the sample in bins of reach / 8 and looks only 1.5 reach either side, which is
 * tighter than an apogee/perigee filter before the grid (an orbit of e = 0.004 spans 56 km of
 * radius; two objects the grid looks at are within 1.5 reach of each other now, so their
 * apogee/perigee ranges overlap and such a filter would drop none of them).
 * Memory is O(objects) whatever the window: encounters stream out as they are found
 * (`screenEach`); `screen` collects them. The cost is O(objects x samples) plus the pairs that
 * really pass near each other, not O(objects^2).
 */
import { HermiteEphemeris } from "./screening-ephemeris.js";
import { PairBuffer, interactionRangeKm, mayMeetWithinHalfStep, type GridCriterion } from "./screening-criterion.js";
import { ProximityGrid } from "./screening-grid.js";
import { defaultColumnOverRange, resolveScreeningOptions, type ResolvedScreeningOptions, type ScreeningOptions } from "./screening-options.js";
import { PassSearch, type EncounterSink, type ScreenedEncounter } from "./screening-passes.js";
import { dedupePasses, sortEncounters, type BroadPhaseCandidate } from "./screening-reference.js";
import type { Sgp4Batch } from "./sgp4-batch.js";

export { defaultSampleStepS, type ScreeningOptions } from "./screening-options.js";
export type { EncounterSink, ScreenedEncounter } from "./screening-passes.js";
export { bruteForceCandidates, refineCandidates, sgp4Trajectory, type BroadPhaseCandidate } from "./screening-reference.js";

export interface ScreeningStats {
  /** broad-phase samples */
  samples: number;
  /** pairs flagged, counted once per sample that flags them */
  candidates: number;
  /** passes searched (a pair flagged at a sample and not at the one before) */
  refined: number;
  encounters: number;
}

/**
 * Runs the broad phase over [startMs, endMs]: samples every sampleStepS from startMs until one
 * at or past endMs, each handed the pairs it flags (a < b).
 */
function sweep(
  ephemeris: HermiteEphemeris,
  startMs: number,
  endMs: number,
  o: ResolvedScreeningOptions,
  onSample: (tMs: number, flagged: PairBuffer) => void,
): number {
  const n = ephemeris.count;
  const grid = new ProximityGrid(n, defaultColumnOverRange(n));
  const criterion: GridCriterion = { reachKm: o.thresholdKm + o.padKm, halfStepS: o.sampleStepS / 2, maxRelSpeedKmS: o.maxRelSpeedKmS };
  const states = new Float64Array(6 * n);
  const flagged = new PairBuffer();
  const stepMs = o.sampleStepS * 1000;
  const samples = Math.ceil((endMs - startMs) / stepMs) + 1;
  for (let k = 0; k < samples; k++) {
    const tMs = startMs + k * stepMs;
    ephemeris.statesAt(tMs, states);
    flagged.clear();
    grid.findPairs(states, n, criterion, flagged);
    onSample(tMs, flagged);
  }
  return samples;
}

function passSearch(ephemeris: HermiteEphemeris, o: ResolvedScreeningOptions, startMs: number, endMs: number): PassSearch {
  return new PassSearch(ephemeris, {
    thresholdKm: o.thresholdKm,
    marginKm: o.padKm,
    sampleStepMs: o.sampleStepS * 1000,
    windowStartMs: startMs,
    windowEndMs: endMs,
  });
}

/**
 * Screens every pair of `orbits` over [startMs, endMs], handing each encounter (miss <=
 * thresholdKm, TCA inside the window) to `onEncounter` as it is found: in sample order, not
 * sorted. Memory does not grow with the encounters.
 */
export function screenEach(orbits: Sgp4Batch, startMs: number, endMs: number, options: ScreeningOptions, onEncounter: EncounterSink): ScreeningStats {
  const o = resolveScreeningOptions(options, orbits.count, startMs, endMs);
  const ephemeris = new HermiteEphemeris(orbits, startMs, o.nodeStepS);
  const search = passSearch(ephemeris, o, startMs, endMs);
  let candidates = 0;
  const samples = sweep(ephemeris, startMs, endMs, o, (tMs, flagged) => {
    candidates += flagged.length / 2;
    search.sample(tMs, flagged, onEncounter);
  });
  return { samples, candidates, refined: search.stats.passes, encounters: search.stats.encounters };
}

/** Screens every pair of `orbits` over [startMs, endMs]: encounters with miss <= thresholdKm, sorted by TCA, then by pair. */
export function screen(
  orbits: Sgp4Batch,
  startMs: number,
  endMs: number,
  options: ScreeningOptions,
): { encounters: ScreenedEncounter[]; stats: ScreeningStats } {
  const found: ScreenedEncounter[] = [];
  const stats = screenEach(orbits, startMs, endMs, options, (e) => found.push(e));
  const encounters = sortEncounters(dedupePasses(found));
  return { encounters, stats: { ...stats, encounters: encounters.length } };
}

/**
 * The broad phase alone over [startMs, endMs]: pairs that may come within threshold + pad, each
 * with the sample that flagged it (a pair close over several samples appears once per sample).
 * Returns the number of samples.
 */
export function broadPhase(
  orbits: Sgp4Batch,
  startMs: number,
  endMs: number,
  options: ScreeningOptions,
  onCandidate: (c: BroadPhaseCandidate) => void,
): number {
  const o = resolveScreeningOptions(options, orbits.count, startMs, endMs);
  return sweep(new HermiteEphemeris(orbits, startMs, o.nodeStepS), startMs, endMs, o, (sampleMs, flagged) => {
    for (let k = 0; k < flagged.length; k += 2) onCandidate({ a: flagged.data[k]!, b: flagged.data[k + 1]!, sampleMs });
  });
}

/**
 * One object against all the others over [startMs, endMs] (after a maneuver, or for new
 * fragments): the same ephemeris, criterion and pass search as the all-vs-all screen, without
 * the hash, since every pair has the object in it.
 */
export function screenAgainst(orbits: Sgp4Batch, target: number, startMs: number, endMs: number, options: ScreeningOptions): ScreenedEncounter[] {
  const o = resolveScreeningOptions(options, orbits.count, startMs, endMs);
  const n = orbits.count;
  const criterion: GridCriterion = { reachKm: o.thresholdKm + o.padKm, halfStepS: o.sampleStepS / 2, maxRelSpeedKmS: o.maxRelSpeedKmS };
  const cell2 = interactionRangeKm(criterion) ** 2;
  const ephemeris = new HermiteEphemeris(orbits, startMs, o.nodeStepS);
  const search = passSearch(ephemeris, o, startMs, endMs);
  const states = new Float64Array(6 * n);
  const own = new Float64Array(6);
  const flagged = new PairBuffer();
  const found: ScreenedEncounter[] = [];
  const stepMs = o.sampleStepS * 1000;
  const samples = Math.ceil((endMs - startMs) / stepMs) + 1;
  for (let k = 0; k < samples; k++) {
    const tMs = startMs + k * stepMs;
    ephemeris.statesAt(tMs, states);
    own.set(states.subarray(6 * target, 6 * target + 6));
    flagged.clear();
    if (own[0] === own[0]) {
      for (let j = 0; j < n; j++) {
        if (j === target) continue;
        const rx = states[6 * j]! - own[0]!;
        const ry = states[6 * j + 1]! - own[1]!;
        const rz = states[6 * j + 2]! - own[2]!;
        if (!(rx * rx + ry * ry + rz * rz <= cell2)) continue;
        if (
          mayMeetWithinHalfStep(
            rx,
            ry,
            rz,
            states[6 * j + 3]! - own[3]!,
            states[6 * j + 4]! - own[4]!,
            states[6 * j + 5]! - own[5]!,
            criterion.reachKm,
            criterion.halfStepS,
          )
        )
          flagged.push(Math.min(target, j), Math.max(target, j));
      }
    }
    search.sample(tMs, flagged, (e) => found.push(e));
  }
  return sortEncounters(dedupePasses(found));
}
