/**
 * All-vs-all conjunction screening over a time window, without testing every pair.
 *
 * 1. Ephemeris: SGP4 at coarse nodes (every `nodeStepS`), and between them a quintic Hermite
 *    interpolant through position, velocity and a two-body + J2 acceleration at both ends. Its
 *    error grows as (n h)^6: a few metres at h = 600 s in LEO, which `padKm` covers.
 * 2. Broad phase: at every sample (every `sampleStepS`) a uniform spatial hash with cells of
 *    size c = threshold + pad + vmax * step / 2 is built by counting sort; a pair that comes within
 *    threshold during the half step either side of a sample is within c at the sample, so only
 *    pairs in the same or adjacent cells (13 forward neighbours + the own cell) are examined, each
 *    against the straight-line relative motion over that half step.
 * 3. Refine: each surviving pair is searched on SGP4 itself for its time of closest approach
 *    (root of the range rate, conjunction.ts) around the sample that flagged it.
 * The cost is O(N x samples) plus the pairs that really pass near each other, not O(N^2).
 */
import { SatRecError, sgp4, type SatRec } from "satellite.js";
import { findClosestApproaches, type Encounter, type EncounterState, type Vec3 } from "./conjunction.js";
import { PhysicsInputError } from "./errors.js";
import { EARTH_RADIUS_KM, J2, MU_KM3_S2 } from "./orbit.js";
import { satrecEpochMs } from "./orbit-batch.js";
import { ErrorCodes } from "@orbitwin/errors";

export interface ScreeningOptions {
  /** report pairs whose miss distance is at most this, km */
  thresholdKm: number;
  /** time between SGP4 nodes of the interpolated ephemeris, s @default 600 */
  nodeStepS?: number;
  /** time between broad-phase samples, s @default from the object count (see defaultSampleStepS) */
  sampleStepS?: number;
  /** interpolation and curvature allowance added to the threshold in the broad phase, km @default 1 */
  padKm?: number;
  /** the largest relative speed two objects can have, km/s @default 16 (head-on in LEO) */
  maxRelSpeedKmS?: number;
}

export interface ScreenedEncounter extends Encounter {
  /** index of the first object (the smaller index) */
  a: number;
  /** index of the second object; relative vectors are b minus a */
  b: number;
}

export interface BroadPhaseCandidate {
  a: number;
  b: number;
  /** the sample that flagged the pair, ms */
  sampleMs: number;
}

export interface ScreeningStats {
  samples: number;
  candidates: number;
  refined: number;
  encounters: number;
}

const MS_PER_MIN = 60_000;

/**
 * Sample step trading hash work against pair checks: denser catalogs are sampled more finely so
 * that the cells (and the pairs in them) stay small.
 */
export function defaultSampleStepS(objectCount: number): number {
  if (objectCount <= 2_000) return 60;
  if (objectCount <= 20_000) return 30;
  return 15;
}

function checkOptions(o: ScreeningOptions, startMs: number, endMs: number): Required<ScreeningOptions> {
  const bad = (message: string) => new PhysicsInputError(ErrorCodes.badScreening, `screening: ${message}`);
  if (!(o.thresholdKm > 0 && Number.isFinite(o.thresholdKm))) throw bad(`thresholdKm = ${o.thresholdKm}: must be a finite distance > 0 km`);
  if (!(Number.isFinite(startMs) && Number.isFinite(endMs) && endMs > startMs)) throw bad(`window [${startMs}, ${endMs}] ms: need finite times with end > start`);
  const resolved = { thresholdKm: o.thresholdKm, nodeStepS: o.nodeStepS ?? 600, sampleStepS: o.sampleStepS ?? 0, padKm: o.padKm ?? 1, maxRelSpeedKmS: o.maxRelSpeedKmS ?? 16 };
  if (!(resolved.nodeStepS >= 10 && resolved.nodeStepS <= 1800)) throw bad(`nodeStepS = ${resolved.nodeStepS}: must be within 10..1800 s`);
  if (resolved.sampleStepS !== 0 && !(resolved.sampleStepS >= 1 && resolved.sampleStepS <= resolved.nodeStepS)) throw bad(`sampleStepS = ${resolved.sampleStepS}: must be within 1 s..nodeStepS`);
  if (!(resolved.padKm >= 0)) throw bad(`padKm = ${resolved.padKm}: must be >= 0 km`);
  if (!(resolved.maxRelSpeedKmS > 0)) throw bad(`maxRelSpeedKmS = ${resolved.maxRelSpeedKmS}: must be > 0 km/s`);
  return resolved;
}

/** Two-body + J2 acceleration at a TEME position, km/s^2, into out[o..o+2]. */
function accelerationInto(x: number, y: number, z: number, out: Float64Array, o: number): void {
  const r2 = x * x + y * y + z * z;
  const r = Math.sqrt(r2);
  const mr3 = -MU_KM3_S2 / (r2 * r);
  const k = 1.5 * J2 * (EARTH_RADIUS_KM * EARTH_RADIUS_KM) / r2;
  const z2r2 = (5 * z * z) / r2;
  out[o] = mr3 * x * (1 + k * (1 - z2r2));
  out[o + 1] = mr3 * y * (1 + k * (1 - z2r2));
  out[o + 2] = mr3 * z * (1 + k * (3 - z2r2));
}

/**
 * SGP4 states of every object at one node: 9 numbers per object (position km, velocity km/s,
 * acceleration km/s^2). An object SGP4 cannot fly there gets NaN and drops out of the interval.
 */
function nodeStates(satrecs: readonly SatRec[], timeMs: number, out: Float64Array): void {
  for (let i = 0; i < satrecs.length; i++) {
    const satrec = satrecs[i]!;
    const pv = sgp4(satrec, (timeMs - satrecEpochMs(satrec)) / MS_PER_MIN);
    const o = 9 * i;
    if (!pv || satrec.error !== SatRecError.None) {
      out.fill(Number.NaN, o, o + 9);
      continue;
    }
    out[o] = pv.position.x;
    out[o + 1] = pv.position.y;
    out[o + 2] = pv.position.z;
    out[o + 3] = pv.velocity.x;
    out[o + 4] = pv.velocity.y;
    out[o + 5] = pv.velocity.z;
    accelerationInto(pv.position.x, pv.position.y, pv.position.z, out, o + 6);
  }
}

/** Quintic Hermite basis at s in [0, 1] for p0, h v0, h^2 a0, h^2 a1, h v1, p1 (in that order). */
function hermiteWeights(s: number, w: Float64Array): void {
  const s2 = s * s;
  const s3 = s2 * s;
  const s4 = s3 * s;
  const s5 = s4 * s;
  w[0] = 1 - 10 * s3 + 15 * s4 - 6 * s5;
  w[1] = s - 6 * s3 + 8 * s4 - 3 * s5;
  w[2] = 0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5;
  w[3] = 0.5 * s3 - s4 + 0.5 * s5;
  w[4] = -4 * s3 + 7 * s4 - 3 * s5;
  w[5] = 10 * s3 - 15 * s4 + 6 * s5;
}

/** Derivative of the basis with respect to s. */
function hermiteDerivativeWeights(s: number, w: Float64Array): void {
  const s2 = s * s;
  const s3 = s2 * s;
  const s4 = s3 * s;
  w[0] = -30 * s2 + 60 * s3 - 30 * s4;
  w[1] = 1 - 18 * s2 + 32 * s3 - 15 * s4;
  w[2] = s - 4.5 * s2 + 6 * s3 - 2.5 * s4;
  w[3] = 1.5 * s2 - 4 * s3 + 2.5 * s4;
  w[4] = -12 * s2 + 28 * s3 - 15 * s4;
  w[5] = 30 * s2 - 60 * s3 + 30 * s4;
}

/** Interpolated position (or velocity, with derivative weights / h) of object i into out[o..o+2]. */
function interpolateInto(i: number, n0: Float64Array, n1: Float64Array, hS: number, w: Float64Array, scale: number, out: Float64Array, o: number): void {
  const k = 9 * i;
  const h2 = hS * hS;
  for (let c = 0; c < 3; c++) {
    out[o + c] = (w[0]! * n0[k + c]! + w[1]! * hS * n0[k + 3 + c]! + w[2]! * h2 * n0[k + 6 + c]! + w[3]! * h2 * n1[k + 6 + c]! + w[4]! * hS * n1[k + 3 + c]! + w[5]! * n1[k + c]!) * scale;
  }
}

/**
 * Cell hash rebuilt at every sample by counting sort. Positions, velocities and cells are gathered
 * into bucket order, so the neighbour scans read memory in sequence, and an occupancy bitmap
 * small enough for the first-level cache answers most probes (empty cells) without touching the
 * tables.
 */
class SpatialHash {
  readonly tableSize: number;
  readonly mask: number;
  readonly start: Int32Array;
  readonly occupied: Uint32Array;
  /** object index by sorted position */
  readonly order: Int32Array;
  readonly cell: Int32Array;
  readonly pos: Float64Array;
  readonly vel: Float64Array;
  placed = 0;
  readonly #bucket: Int32Array;
  readonly #cursor: Int32Array;

  constructor(count: number) {
    let size = 1;
    while (size < 4 * Math.max(1, count)) size *= 2;
    this.tableSize = size;
    this.mask = size - 1;
    this.start = new Int32Array(size + 1);
    this.#cursor = new Int32Array(size);
    this.occupied = new Uint32Array(size >>> 5 || 1);
    this.order = new Int32Array(count);
    this.cell = new Int32Array(3 * count);
    this.pos = new Float64Array(3 * count);
    this.vel = new Float64Array(3 * count);
    this.#bucket = new Int32Array(count);
  }

  /** Sorts objects by bucket; objects with a NaN position are left out. */
  build(posKm: Float64Array, velKmS: Float64Array, count: number, cellKm: number): void {
    const { start, occupied, mask } = this;
    start.fill(0);
    occupied.fill(0);
    const bucket = this.#bucket;
    const inv = 1 / cellKm;
    for (let i = 0; i < count; i++) {
      const x = posKm[3 * i]!;
      if (x !== x) {
        bucket[i] = -1;
        continue;
      }
      const b = bucketOf(Math.floor(x * inv), Math.floor(posKm[3 * i + 1]! * inv), Math.floor(posKm[3 * i + 2]! * inv), mask);
      bucket[i] = b;
      start[b + 1]!++;
      occupied[b >>> 5]! |= 1 << (b & 31);
    }
    for (let b = 0; b < this.tableSize; b++) start[b + 1]! += start[b]!;
    this.placed = start[this.tableSize]!;
    const cursor = this.#cursor;
    cursor.set(start.subarray(0, this.tableSize));
    const { order, cell, pos, vel } = this;
    for (let i = 0; i < count; i++) {
      const b = bucket[i]!;
      if (b < 0) continue;
      const p = cursor[b]!++;
      order[p] = i;
      for (let c = 0; c < 3; c++) {
        pos[3 * p + c] = posKm[3 * i + c]!;
        vel[3 * p + c] = velKmS[3 * i + c]!;
        cell[3 * p + c] = Math.floor(posKm[3 * i + c]! * inv);
      }
    }
  }
}

function bucketOf(x: number, y: number, z: number, mask: number): number {
  return (Math.imul(x, 0x8da6b343) ^ Math.imul(y, 0xd8163841) ^ Math.imul(z, 0xcb1ab31f)) & mask;
}

/**
 * The own cell, then the 13 neighbour offsets whose mirror images are the other 13: each pair of
 * adjacent cells is visited from one side only, so each pair of objects is seen once.
 */
const NEIGHBOURS: Int8Array = (() => {
  const out = [0, 0, 0];
  for (let dx = -1; dx <= 1; dx++)
    for (let dy = -1; dy <= 1; dy++)
      for (let dz = -1; dz <= 1; dz++) {
        if (dx > 0 || (dx === 0 && dy > 0) || (dx === 0 && dy === 0 && dz > 0)) out.push(dx, dy, dz);
      }
  return Int8Array.from(out);
})();
const NEIGHBOUR_COUNT = NEIGHBOURS.length / 3;

/** Squared distance of closest approach of r + v tau for tau within +-halfStepS. */
function closestWithinHalfStep(rx: number, ry: number, rz: number, vx: number, vy: number, vz: number, halfStepS: number): number {
  const v2 = vx * vx + vy * vy + vz * vz;
  const tau = v2 > 0 ? Math.max(-halfStepS, Math.min(halfStepS, -(rx * vx + ry * vy + rz * vz) / v2)) : 0;
  const mx = rx + vx * tau;
  const my = ry + vy * tau;
  const mz = rz + vz * tau;
  return mx * mx + my * my + mz * mz;
}

/**
 * Broad phase over [startMs, endMs]: pairs that may come within `thresholdKm` (+ pad), each with
 * the sample that flagged it. A pair close over several samples appears once per sample.
 */
export function broadPhase(satrecs: readonly SatRec[], startMs: number, endMs: number, options: ScreeningOptions, onCandidate: (c: BroadPhaseCandidate) => void): number {
  const o = checkOptions(options, startMs, endMs);
  const n = satrecs.length;
  const sampleStepS = o.sampleStepS || defaultSampleStepS(n);
  const reachKm = o.thresholdKm + o.padKm;
  const halfStepS = sampleStepS / 2;
  const cellKm = reachKm + o.maxRelSpeedKmS * halfStepS;
  const hS = o.nodeStepS;
  let n0 = new Float64Array(9 * n);
  let n1 = new Float64Array(9 * n);
  const pos = new Float64Array(3 * n);
  const vel = new Float64Array(3 * n);
  const w = new Float64Array(6);
  const dw = new Float64Array(6);
  const hash = new SpatialHash(n);
  const cell2 = cellKm * cellKm;
  const reach2 = reachKm * reachKm;
  const hMs = hS * 1000;
  let samples = 0;
  let node0Ms = startMs;
  nodeStates(satrecs, node0Ms, n0);
  nodeStates(satrecs, node0Ms + hMs, n1);
  const totalSamples = Math.floor((endMs - startMs) / (sampleStepS * 1000)) + 1;
  for (let k = 0; k < totalSamples; k++) {
    const tMs = startMs + k * sampleStepS * 1000;
    while (tMs > node0Ms + hMs) {
      node0Ms += hMs;
      [n0, n1] = [n1, n0];
      nodeStates(satrecs, node0Ms + hMs, n1);
    }
    hermiteWeights((tMs - node0Ms) / hMs, w);
    hermiteDerivativeWeights((tMs - node0Ms) / hMs, dw);
    for (let i = 0; i < n; i++) {
      interpolateInto(i, n0, n1, hS, w, 1, pos, 3 * i);
      interpolateInto(i, n0, n1, hS, dw, 1 / hS, vel, 3 * i);
    }
    hash.build(pos, vel, n, cellKm);
    samples++;
    const { start, occupied, order, cell, mask, placed } = hash;
    const sp = hash.pos;
    const sv = hash.vel;
    for (let p = 0; p < placed; p++) {
      const cx = cell[3 * p]!;
      const cy = cell[3 * p + 1]!;
      const cz = cell[3 * p + 2]!;
      const xi = sp[3 * p]!;
      const yi = sp[3 * p + 1]!;
      const zi = sp[3 * p + 2]!;
      const vxi = sv[3 * p]!;
      const vyi = sv[3 * p + 1]!;
      const vzi = sv[3 * p + 2]!;
      for (let nb = 0; nb < NEIGHBOUR_COUNT; nb++) {
        const tx = cx + NEIGHBOURS[3 * nb]!;
        const ty = cy + NEIGHBOURS[3 * nb + 1]!;
        const tz = cz + NEIGHBOURS[3 * nb + 2]!;
        const b = bucketOf(tx, ty, tz, mask);
        if ((occupied[b >>> 5]! & (1 << (b & 31))) === 0) continue;
        const end = start[b + 1]!;
        // In the own cell only the objects after this one, so that each pair is seen once.
        for (let q = nb === 0 ? p + 1 : start[b]!; q < end; q++) {
          if (cell[3 * q] !== tx || cell[3 * q + 1] !== ty || cell[3 * q + 2] !== tz) continue;
          const rx = sp[3 * q]! - xi;
          const ry = sp[3 * q + 1]! - yi;
          const rz = sp[3 * q + 2]! - zi;
          if (rx * rx + ry * ry + rz * rz > cell2) continue;
          // Straight-line relative motion over the half step either side of the sample.
          if (closestWithinHalfStep(rx, ry, rz, sv[3 * q]! - vxi, sv[3 * q + 1]! - vyi, sv[3 * q + 2]! - vzi, halfStepS) <= reach2) {
            const i = order[p]!;
            const j = order[q]!;
            onCandidate({ a: Math.min(i, j), b: Math.max(i, j), sampleMs: tMs });
          }
        }
      }
    }
  }
  return samples;
}

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
 * Refines broad-phase candidates on SGP4: flagged samples of a pair less than two sample steps
 * apart belong to one pass; each pass is searched for its TCA within a step of either end, and
 * kept when the miss is at most the threshold. Sorted by TCA, then by pair.
 */
export function refineCandidates(satrecs: readonly SatRec[], candidates: readonly BroadPhaseCandidate[], thresholdKm: number, sampleStepS: number, windowMs?: { startMs: number; endMs: number }): ScreenedEncounter[] {
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
    while (k + 1 < sorted.length && sorted[k + 1]!.a === first.a && sorted[k + 1]!.b === first.b && sorted[k + 1]!.sampleMs - last.sampleMs <= 2 * stepMs) last = sorted[++k]!;
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
      return { posKm: [sb.posKm[0] - sa.posKm[0], sb.posKm[1] - sa.posKm[1], sb.posKm[2] - sa.posKm[2]], velKmS: [sb.velKmS[0] - sa.velKmS[0], sb.velKmS[1] - sa.velKmS[1], sb.velKmS[2] - sa.velKmS[2]] };
    };
    // Half a sample step brackets the range rate's sign change (the relative motion is nearly
    // straight over it); the root is then found to 1 ms.
    for (const e of findClosestApproaches(relativeAt, fromMs, toMs, Math.max(250, stepMs / 2), 1)) {
      if (Number.isFinite(e.missKm) && e.missKm <= thresholdKm) out.push({ ...e, a: first.a, b: first.b });
    }
  }
  return dedupePasses(out).sort((x, y) => x.tcaMs - y.tcaMs || x.a - y.a || x.b - y.b);
}

/** Two flagged passes of a pair can find the same TCA: keep one per pair within a second. */
function dedupePasses(encounters: ScreenedEncounter[]): ScreenedEncounter[] {
  encounters.sort((x, y) => x.a - y.a || x.b - y.b || x.tcaMs - y.tcaMs);
  return encounters.filter((e, i) => i === 0 || encounters[i - 1]!.a !== e.a || encounters[i - 1]!.b !== e.b || e.tcaMs - encounters[i - 1]!.tcaMs > 1000);
}

/** Screens every pair of `satrecs` over [startMs, endMs]: encounters with miss <= thresholdKm. */
export function screen(satrecs: readonly SatRec[], startMs: number, endMs: number, options: ScreeningOptions): { encounters: ScreenedEncounter[]; stats: ScreeningStats } {
  const candidates: BroadPhaseCandidate[] = [];
  const samples = broadPhase(satrecs, startMs, endMs, options, (c) => candidates.push(c));
  const sampleStepS = options.sampleStepS ?? defaultSampleStepS(satrecs.length);
  const encounters = refineCandidates(satrecs, candidates, options.thresholdKm, sampleStepS, { startMs, endMs });
  return { encounters, stats: { samples, candidates: candidates.length, refined: new Set(candidates.map((c) => `${c.a}:${c.b}`)).size, encounters: encounters.length } };
}

/**
 * The same question answered the slow way, for tests and the benchmark: exact SGP4 positions of
 * every object at every sample and every pair tested against the same straight-line criterion.
 */
export function bruteForceCandidates(satrecs: readonly SatRec[], startMs: number, endMs: number, options: ScreeningOptions): BroadPhaseCandidate[] {
  const o = checkOptions(options, startMs, endMs);
  const n = satrecs.length;
  const sampleStepS = o.sampleStepS || defaultSampleStepS(n);
  const halfStepS = sampleStepS / 2;
  const reachKm = o.thresholdKm + o.padKm;
  const states = new Float64Array(9 * n);
  const out: BroadPhaseCandidate[] = [];
  for (let tMs = startMs; tMs <= endMs; tMs += sampleStepS * 1000) {
    nodeStates(satrecs, tMs, states);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = 9 * i;
        const b = 9 * j;
        const rx = states[b]! - states[a]!;
        const ry = states[b + 1]! - states[a + 1]!;
        const rz = states[b + 2]! - states[a + 2]!;
        if (closestWithinHalfStep(rx, ry, rz, states[b + 3]! - states[a + 3]!, states[b + 4]! - states[a + 4]!, states[b + 5]! - states[a + 5]!, halfStepS) <= reachKm * reachKm) out.push({ a: i, b: j, sampleMs: tMs });
      }
    }
  }
  return out;
}

/**
 * One object against all the others over [startMs, endMs] (after a maneuver, or for new
 * fragments): the same ephemeris and criterion as the all-vs-all screen, without the hash, since
 * every pair has the object in it.
 */
export function screenAgainst(satrecs: readonly SatRec[], target: number, startMs: number, endMs: number, options: ScreeningOptions): ScreenedEncounter[] {
  const o = checkOptions(options, startMs, endMs);
  const n = satrecs.length;
  const sampleStepS = o.sampleStepS || defaultSampleStepS(n);
  const halfStepS = sampleStepS / 2;
  const reach2 = (o.thresholdKm + o.padKm) ** 2;
  const hMs = o.nodeStepS * 1000;
  let n0 = new Float64Array(9 * n);
  let n1 = new Float64Array(9 * n);
  const w = new Float64Array(6);
  const dw = new Float64Array(6);
  const p = new Float64Array(6);
  const v = new Float64Array(6);
  let node0Ms = startMs;
  nodeStates(satrecs, node0Ms, n0);
  nodeStates(satrecs, node0Ms + hMs, n1);
  const candidates: BroadPhaseCandidate[] = [];
  for (let tMs = startMs; tMs <= endMs; tMs += sampleStepS * 1000) {
    while (tMs > node0Ms + hMs) {
      node0Ms += hMs;
      [n0, n1] = [n1, n0];
      nodeStates(satrecs, node0Ms + hMs, n1);
    }
    hermiteWeights((tMs - node0Ms) / hMs, w);
    hermiteDerivativeWeights((tMs - node0Ms) / hMs, dw);
    interpolateInto(target, n0, n1, o.nodeStepS, w, 1, p, 0);
    interpolateInto(target, n0, n1, o.nodeStepS, dw, 1 / o.nodeStepS, v, 0);
    if (p[0] !== p[0]) continue;
    for (let j = 0; j < n; j++) {
      if (j === target) continue;
      interpolateInto(j, n0, n1, o.nodeStepS, w, 1, p, 3);
      const rx = p[3]! - p[0]!;
      const ry = p[4]! - p[1]!;
      const rz = p[5]! - p[2]!;
      if (!(rx * rx + ry * ry + rz * rz <= (Math.sqrt(reach2) + o.maxRelSpeedKmS * halfStepS) ** 2)) continue;
      interpolateInto(j, n0, n1, o.nodeStepS, dw, 1 / o.nodeStepS, v, 3);
      if (closestWithinHalfStep(rx, ry, rz, v[3]! - v[0]!, v[4]! - v[1]!, v[5]! - v[2]!, halfStepS) <= reach2) candidates.push({ a: Math.min(target, j), b: Math.max(target, j), sampleMs: tMs });
    }
  }
  return refineCandidates(satrecs, candidates, o.thresholdKm, sampleStepS, { startMs, endMs });
}
