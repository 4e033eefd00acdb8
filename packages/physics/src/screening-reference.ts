/**
 * Screening the slow ways, kept as references for tests and the benchmark: every pair at every
 * sample on SGP4 itself (bruteForceCandidates), and the search of flagged passes on SGP4 alone
 * (refineCandidates), which the streaming pass search (screening-passes.ts) must agree with.
 */
import { SatRecError, sgp4, type SatRec } from "satellite.js";
import { findClosestApproaches, type EncounterState, type Vec3 } from "./conjunction.js";
import { satrecEpochMs } from "./orbit-batch.js";
import { sgp4StateInto } from "./screening-ephemeris.js";
import { interactionRangeKm, mayMeetWithinHalfStep } from "./screening-criterion.js";
import { resolveScreeningOptions, type ScreeningOptions } from "./screening-options.js";
import type { ScreenedEncounter } from "./screening-passes.js";

export interface BroadPhaseCandidate {
  a: number;
  b: number;
  /** the sample that flagged the pair, ms */
  sampleMs: number;
}

const MS_PER_MIN = 60_000;

/** SGP4 state of one object at a time, as a conjunction Trajectory; NaN when SGP4 fails. */
export function sgp4Trajectory(satrec: SatRec): (tMs: number) => { posKm: Vec3; velKmS: Vec3 } {
  const epochMs = satrecEpochMs(satrec);
  return (tMs) => {
    const pv = sgp4(satrec, (tMs - epochMs) / MS_PER_MIN);
    if (!pv || satrec.error !== SatRecError.None) return { posKm: [Number.NaN, Number.NaN, Number.NaN], velKmS: [Number.NaN, Number.NaN, Number.NaN] };
    return { posKm: [pv.position.x, pv.position.y, pv.position.z], velKmS: [pv.velocity.x, pv.velocity.y, pv.velocity.z] };
  };
}

/**
 * Broad-phase candidates the slow way: exact SGP4 positions of every object at every sample and
 * every pair tested against the grid's straight-line criterion (screening-criterion.ts).
 */
export function bruteForceCandidates(satrecs: readonly SatRec[], startMs: number, endMs: number, options: ScreeningOptions): BroadPhaseCandidate[] {
  const o = resolveScreeningOptions(options, satrecs.length, startMs, endMs);
  const n = satrecs.length;
  const halfStepS = o.sampleStepS / 2;
  const reachKm = o.thresholdKm + o.padKm;
  const range2 = interactionRangeKm({ reachKm, halfStepS, maxRelSpeedKmS: o.maxRelSpeedKmS }) ** 2;
  const epochs = satrecs.map(satrecEpochMs);
  const states = new Float64Array(6 * n);
  const out: BroadPhaseCandidate[] = [];
  const samples = Math.ceil((endMs - startMs) / (o.sampleStepS * 1000)) + 1;
  for (let k = 0; k < samples; k++) {
    const tMs = startMs + k * o.sampleStepS * 1000;
    for (let i = 0; i < n; i++) sgp4StateInto(satrecs[i]!, epochs[i]!, tMs, states, 6 * i);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = 6 * i;
        const b = 6 * j;
        const rx = states[b]! - states[a]!;
        const ry = states[b + 1]! - states[a + 1]!;
        const rz = states[b + 2]! - states[a + 2]!;
        // Farther than the interaction range, the criterion cannot hold: skip its square roots.
        if (rx * rx + ry * ry + rz * rz > range2) continue;
        if (
          mayMeetWithinHalfStep(
            rx,
            ry,
            rz,
            states[b + 3]! - states[a + 3]!,
            states[b + 4]! - states[a + 4]!,
            states[b + 5]! - states[a + 5]!,
            reachKm,
            halfStepS,
          )
        )
          out.push({ a: i, b: j, sampleMs: tMs });
      }
    }
  }
  return out;
}

/**
 * Searches broad-phase candidates on SGP4 alone: flagged samples of a pair less than two sample
 * steps apart belong to one pass; each pass is searched for its TCA within a step of either end,
 * and kept when the miss is at most the threshold. Sorted by TCA, then by pair.
 */
export function refineCandidates(
  satrecs: readonly SatRec[],
  candidates: readonly BroadPhaseCandidate[],
  thresholdKm: number,
  sampleStepS: number,
  windowMs?: { startMs: number; endMs: number },
): ScreenedEncounter[] {
  const sorted = [...candidates].sort((x, y) => x.a - y.a || x.b - y.b || x.sampleMs - y.sampleMs);
  const stepMs = sampleStepS * 1000;
  const out: ScreenedEncounter[] = [];
  const trajectories = new Map<number, ReturnType<typeof sgp4Trajectory>>();
  const trajectory = (i: number) => {
    let t = trajectories.get(i);
    if (!t) trajectories.set(i, (t = sgp4Trajectory(satrecs[i]!)));
    return t;
  };
  let k = 0;
  while (k < sorted.length) {
    const first = sorted[k]!;
    let last = first;
    while (k + 1 < sorted.length && sorted[k + 1]!.a === first.a && sorted[k + 1]!.b === first.b && sorted[k + 1]!.sampleMs - last.sampleMs <= 2 * stepMs)
      last = sorted[++k]!;
    k++;
    let fromMs = first.sampleMs - stepMs;
    let toMs = last.sampleMs + stepMs;
    if (windowMs) {
      fromMs = Math.max(fromMs, windowMs.startMs);
      toMs = Math.min(toMs, windowMs.endMs);
    }
    if (!(toMs > fromMs)) continue;
    const ta = trajectory(first.a);
    const tb = trajectory(first.b);
    const relativeAt = (tMs: number): EncounterState => {
      const sa = ta(tMs);
      const sb = tb(tMs);
      return {
        posKm: [sb.posKm[0] - sa.posKm[0], sb.posKm[1] - sa.posKm[1], sb.posKm[2] - sa.posKm[2]],
        velKmS: [sb.velKmS[0] - sa.velKmS[0], sb.velKmS[1] - sa.velKmS[1], sb.velKmS[2] - sa.velKmS[2]],
      };
    };
    // Half a sample step brackets the range rate's sign change (the relative motion is nearly
    // straight over it); the root is then found to 1 ms.
    for (const e of findClosestApproaches(relativeAt, fromMs, toMs, Math.max(250, stepMs / 2), 1)) {
      if (Number.isFinite(e.missKm) && e.missKm <= thresholdKm) out.push({ ...e, a: first.a, b: first.b });
    }
  }
  return sortEncounters(dedupePasses(out));
}

/** Two flagged passes of a pair can find the same TCA: keep one per pair within a second. */
export function dedupePasses(encounters: ScreenedEncounter[]): ScreenedEncounter[] {
  encounters.sort((x, y) => x.a - y.a || x.b - y.b || x.tcaMs - y.tcaMs);
  return encounters.filter((e, i) => i === 0 || encounters[i - 1]!.a !== e.a || encounters[i - 1]!.b !== e.b || e.tcaMs - encounters[i - 1]!.tcaMs > 1000);
}

/** The order screens report in: by TCA, then by pair. */
export function sortEncounters(encounters: ScreenedEncounter[]): ScreenedEncounter[] {
  return encounters.sort((x, y) => x.tcaMs - y.tcaMs || x.a - y.a || x.b - y.b);
}
