/**
 * What the broad phase asks of a pair at a sample: can the two objects come within `reachKm`
 * (threshold + interpolation pad) during the half step H either side of it?
 *
 * Their relative motion is a straight line r + v tau plus a deviation: |r''_rel| <= 2 mu/r^3
 * |r_rel| (the tidal term of the central field; J2's difference is 1e-3 of it), so over |tau| <= H
 * the deviation is at most (mu/R_E^3)(d + |v| H) H^2 / (1 - (mu/R_E^3) H^2), with 1% added for
 * J2: 21 m at a 15 s step, 0.8 km at 60 s. A pair passes when the line's closest approach over
 * the half step is within reach plus that deviation; every pair that meets within reach passes.
 */
import { EARTH_RADIUS_KM, MU_KM3_S2 } from "./orbit.js";

export interface GridCriterion {
  /** threshold + interpolation pad, km */
  reachKm: number;
  /** half the sample step, s */
  halfStepS: number;
  /** the largest relative speed two objects can have, km/s */
  maxRelSpeedKmS: number;
}

const MU_OVER_RE3 = MU_KM3_S2 / EARTH_RADIUS_KM ** 3;

/** The deviation bound's factor: deviation <= DEVIATION x (separation + |v| H), with 1% for J2. */
function deviationFactor(halfStepS: number): number {
  const k = MU_OVER_RE3 * halfStepS * halfStepS;
  return (1.01 * k) / (1 - k);
}

/**
 * Separation at the sample within which every pair that meets within the half step lies, km:
 * c = reach + vmax H + deviation(c), solved for c.
 */
export function interactionRangeKm(c: GridCriterion): number {
  const alpha = deviationFactor(c.halfStepS);
  return (c.reachKm + (1 + alpha) * c.maxRelSpeedKmS * c.halfStepS) / (1 - alpha);
}

/** Can two objects at relative position r and velocity v (b minus a) come within reach over |tau| <= half step? */
export function mayMeetWithinHalfStep(rx: number, ry: number, rz: number, vx: number, vy: number, vz: number, reachKm: number, halfStepS: number): boolean {
  const v2 = vx * vx + vy * vy + vz * vz;
  const tau = v2 > 0 ? Math.max(-halfStepS, Math.min(halfStepS, -(rx * vx + ry * vy + rz * vz) / v2)) : 0;
  const mx = rx + vx * tau;
  const my = ry + vy * tau;
  const mz = rz + vz * tau;
  const lineReachKm = reachKm + deviationFactor(halfStepS) * (Math.sqrt(rx * rx + ry * ry + rz * rz) + Math.sqrt(v2) * halfStepS);
  return mx * mx + my * my + mz * mz <= lineReachKm * lineReachKm;
}

/** Pairs (a < b) as consecutive entries of a growable Int32Array. */
export class PairBuffer {
  data = new Int32Array(2048);
  length = 0;

  push(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }

  clear(): void {
    this.length = 0;
  }
}
