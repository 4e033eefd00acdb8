/**
 * The screening ephemeris: SGP4 at nodes every `nodeStepS`, and between two nodes a quintic
 * Hermite interpolant through position, velocity and a two-body + J2 acceleration at both ends.
 * Its error grows as (n h)^6; measured against SGP4 on the synthetic LEO population at h = 600 s:
 * 4 m median, 16 m at the 99th percentile, 41 m at worst (e = 0.025), 0.6 m/s in velocity; at
 * h = 900 s it is already 0.27 km at worst, hence the 600 s default. The screen's `padKm`
 * (1 km) covers it.
 *
 * Memory is structure-of-arrays: a ring of four node tables of 9 doubles per object (position km,
 * velocity x h km, acceleration x h^2 km), enough for any time within one sample step of the
 * current sample (`nodeIndex(t) - 1 .. + 2`). A node is computed (n SGP4 calls) the first time
 * it is asked for, so a screen costs about window / nodeStepS SGP4 calls per object: one batched
 * pass (sgp4-batch.ts) over structure-of-arrays records, with no object per satellite or call.
 */
import { SatRecError, sgp4, type SatRec } from "satellite.js";
import { EARTH_RADIUS_KM, J2, MU_KM3_S2 } from "./orbit.js";
import type { Sgp4Batch } from "./sgp4-batch.js";

const MS_PER_MIN = 60_000;
const RING = 4;
const STRIDE = 9;

/**
 * SGP4 position and velocity of one object into out[o..o+5] (km, km/s); false (and NaN) when
 * SGP4 cannot fly it at that time.
 */
export function sgp4StateInto(satrec: SatRec, epochMs: number, tMs: number, out: Float64Array, o: number): boolean {
  const pv = sgp4(satrec, (tMs - epochMs) / MS_PER_MIN);
  if (!pv || satrec.error !== SatRecError.None) {
    out.fill(Number.NaN, o, o + 6);
    return false;
  }
  out[o] = pv.position.x;
  out[o + 1] = pv.position.y;
  out[o + 2] = pv.position.z;
  out[o + 3] = pv.velocity.x;
  out[o + 4] = pv.velocity.y;
  out[o + 5] = pv.velocity.z;
  return true;
}

/** Quintic Hermite basis at s in [0, 1] for p0, h v0, h^2 a0, h^2 a1, h v1, p1 (in that order). */
export function hermiteWeights(s: number, w: Float64Array): void {
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
export function hermiteDerivativeWeights(s: number, w: Float64Array): void {
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

export class HermiteEphemeris {
  readonly count: number;
  readonly #orbits: Sgp4Batch;
  readonly #originMs: number;
  readonly #hS: number;
  readonly #hMs: number;
  readonly #tables: Float64Array[] = [];
  readonly #held = new Float64Array(RING).fill(Number.NaN);
  readonly #w = new Float64Array(6);
  readonly #dw = new Float64Array(6);
  /** a node's SGP4 positions and velocities before they go into a table, 3 per object each */
  readonly #posKm: Float64Array;
  readonly #velKmS: Float64Array;
  readonly #errorCode: Uint8Array;
  readonly #onePosKm = new Float64Array(3);
  readonly #oneVelKmS = new Float64Array(3);
  #nodesComputed = 0;

  /** Nodes at originMs + k nodeStepS for every whole k. */
  constructor(orbits: Sgp4Batch, originMs: number, nodeStepS: number) {
    this.count = orbits.count;
    this.#orbits = orbits;
    this.#originMs = originMs;
    this.#hS = nodeStepS;
    this.#hMs = nodeStepS * 1000;
    for (let k = 0; k < RING; k++) this.#tables.push(new Float64Array(STRIDE * orbits.count));
    this.#posKm = new Float64Array(3 * orbits.count);
    this.#velKmS = new Float64Array(3 * orbits.count);
    this.#errorCode = new Uint8Array(orbits.count);
  }

  /** SGP4 node tables computed so far (each is one SGP4 call per object). */
  get nodesComputed(): number {
    return this.#nodesComputed;
  }

  /** Every object's position km and velocity km/s at tMs, 6 per object; NaN where SGP4 failed at a node. */
  statesAt(tMs: number, out: Float64Array): void {
    const k = this.#interval(tMs);
    const s = (tMs - this.#originMs - k * this.#hMs) / this.#hMs;
    const a = this.#node(k);
    const b = this.#node(k + 1);
    const w = this.#w;
    const dw = this.#dw;
    hermiteWeights(s, w);
    hermiteDerivativeWeights(s, dw);
    const w0 = w[0]!,
      w1 = w[1]!,
      w2 = w[2]!,
      w3 = w[3]!,
      w4 = w[4]!,
      w5 = w[5]!;
    const inv = 1 / this.#hS;
    const d0 = dw[0]! * inv,
      d1 = dw[1]! * inv,
      d2 = dw[2]! * inv,
      d3 = dw[3]! * inv,
      d4 = dw[4]! * inv,
      d5 = dw[5]! * inv;
    const n = this.count;
    for (let o = 0, m = 0; o < STRIDE * n; o += STRIDE, m += 6) {
      for (let c = 0; c < 3; c++) {
        const p0 = a[o + c]!,
          v0 = a[o + 3 + c]!,
          a0 = a[o + 6 + c]!,
          a1 = b[o + 6 + c]!,
          v1 = b[o + 3 + c]!,
          p1 = b[o + c]!;
        out[m + c] = w0 * p0 + w1 * v0 + w2 * a0 + w3 * a1 + w4 * v1 + w5 * p1;
        out[m + 3 + c] = d0 * p0 + d1 * v0 + d2 * a0 + d3 * a1 + d4 * v1 + d5 * p1;
      }
    }
  }

  /**
   * State of object b relative to object a at tMs (position km, velocity km/s, b minus a) into
   * out[0..5]. Times must stay within one node interval of the last `statesAt` (the ring holds
   * four nodes).
   */
  relativeInto(a: number, b: number, tMs: number, out: Float64Array): void {
    const k = this.#interval(tMs);
    const s = (tMs - this.#originMs - k * this.#hMs) / this.#hMs;
    const n0 = this.#node(k);
    const n1 = this.#node(k + 1);
    const w = this.#w;
    const dw = this.#dw;
    hermiteWeights(s, w);
    hermiteDerivativeWeights(s, dw);
    const inv = 1 / this.#hS;
    const ma = STRIDE * a;
    const mb = STRIDE * b;
    for (let c = 0; c < 3; c++) {
      const p0 = n0[mb + c]! - n0[ma + c]!;
      const v0 = n0[mb + 3 + c]! - n0[ma + 3 + c]!;
      const a0 = n0[mb + 6 + c]! - n0[ma + 6 + c]!;
      const a1 = n1[mb + 6 + c]! - n1[ma + 6 + c]!;
      const v1 = n1[mb + 3 + c]! - n1[ma + 3 + c]!;
      const p1 = n1[mb + c]! - n1[ma + c]!;
      out[c] = w[0]! * p0 + w[1]! * v0 + w[2]! * a0 + w[3]! * a1 + w[4]! * v1 + w[5]! * p1;
      out[3 + c] = (dw[0]! * p0 + dw[1]! * v0 + dw[2]! * a0 + dw[3]! * a1 + dw[4]! * v1 + dw[5]! * p1) * inv;
    }
  }

  /** SGP4 itself (not the interpolant) for object i at tMs into out[o..o+5]; false (and NaN) when SGP4 cannot fly it then. */
  sgp4Into(i: number, tMs: number, out: Float64Array, o: number): boolean {
    const p = this.#onePosKm;
    const v = this.#oneVelKmS;
    const code = this.#orbits.propagateOne(i, tMs / MS_PER_MIN, p, v, 0);
    out[o] = p[0]!;
    out[o + 1] = p[1]!;
    out[o + 2] = p[2]!;
    out[o + 3] = v[0]!;
    out[o + 4] = v[1]!;
    out[o + 5] = v[2]!;
    return code === 0;
  }

  #interval(tMs: number): number {
    return Math.floor((tMs - this.#originMs) / this.#hMs);
  }

  #node(k: number): Float64Array {
    const slot = k & (RING - 1);
    const table = this.#tables[slot]!;
    if (this.#held[slot] !== k) {
      this.#fill(this.#originMs + k * this.#hMs, table);
      this.#held[slot] = k;
      this.#nodesComputed++;
    }
    return table;
  }

  #fill(tMs: number, out: Float64Array): void {
    const h = this.#hS;
    const h2 = h * h;
    const pos = this.#posKm;
    const vel = this.#velKmS;
    this.#orbits.propagate(tMs / MS_PER_MIN, pos, vel, this.#errorCode);
    for (let i = 0, o = 0, i3 = 0; i < this.count; i++, o += STRIDE, i3 += 3) {
      const x = pos[i3]!,
        y = pos[i3 + 1]!,
        z = pos[i3 + 2]!;
      // Two-body + J2 acceleration (the J2 term of the geopotential, Vallado 2013, 8.6.1); NaN
      // from a failed slot runs through into every number of its table.
      const r2 = x * x + y * y + z * z;
      const r = Math.sqrt(r2);
      const mr3 = -MU_KM3_S2 / (r2 * r);
      const k = (1.5 * J2 * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / r2;
      const z2r2 = (5 * z * z) / r2;
      out[o] = x;
      out[o + 1] = y;
      out[o + 2] = z;
      out[o + 3] = vel[i3]! * h;
      out[o + 4] = vel[i3 + 1]! * h;
      out[o + 5] = vel[i3 + 2]! * h;
      out[o + 6] = mr3 * x * (1 + k * (1 - z2r2)) * h2;
      out[o + 7] = mr3 * y * (1 + k * (1 - z2r2)) * h2;
      out[o + 8] = mr3 * z * (1 + k * (3 - z2r2)) * h2;
    }
  }
}
