/**
 * Conjunction geometry: times of closest approach (TCA) between two objects as the zeros of the
 * range rate (r . v) / |r| of their relative state going from negative to positive, bracketed on a
 * coarse grid and refined by bisection with a secant step (a safeguarded regula falsi; Press et
 * al., Numerical Recipes, 9.2-9.3). The root is sought on r . v = |r| dr/dt, which has the same
 * zeros and signs but stays smooth (about v^2 (t - tca)) through a near-zero miss, where the range
 * rate itself jumps from -v to +v within miss/v seconds. The encounter (B-) plane is perpendicular
 * to the relative velocity at TCA (Vallado 2013, 11.6).
 */
import { PhysicsInputError } from "./errors.js";
import { ErrorCodes } from "@orbitwin/errors";

export type Vec3 = [number, number, number];

export interface EncounterState {
  /** object 2 minus object 1, km */
  posKm: Vec3;
  /** object 2 minus object 1, km/s */
  velKmS: Vec3;
}

/** A trajectory: position and velocity (same inertial frame for both objects) at a time, ms. */
export type Trajectory = (tMs: number) => { posKm: Vec3; velKmS: Vec3 };

export interface Encounter {
  tcaMs: number;
  missKm: number;
  relSpeedKmS: number;
  /** object 2 minus object 1 at TCA, km */
  relPosKm: Vec3;
  /** object 2 minus object 1 at TCA, km/s */
  relVelKmS: Vec3;
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3) => Math.sqrt(dot(a, a));

/** Range rate of a relative state, km/s (negative while closing; NaN at zero range). */
export function rangeRateKmS(s: EncounterState): number {
  return dot(s.posKm, s.velKmS) / norm(s.posKm);
}

/** The relative trajectory b - a of two trajectories. */
export function relativeTrajectory(a: Trajectory, b: Trajectory): (tMs: number) => EncounterState {
  return (tMs) => {
    const sa = a(tMs);
    const sb = b(tMs);
    return {
      posKm: [sb.posKm[0] - sa.posKm[0], sb.posKm[1] - sa.posKm[1], sb.posKm[2] - sa.posKm[2]],
      velKmS: [sb.velKmS[0] - sa.velKmS[0], sb.velKmS[1] - sa.velKmS[1], sb.velKmS[2] - sa.velKmS[2]],
    };
  };
}

const closing = (s: EncounterState) => dot(s.posKm, s.velKmS);

/**
 * Every local minimum of range strictly inside [startMs, endMs] (a range still falling at endMs is
 * not reported). `relativeAt(tMs)` gives the relative state; `stepMs` must be shorter than half the
 * shortest relative period (a few minutes in LEO) or two minima in one step may be missed.
 * `toleranceMs` bounds the bracket on the TCA (1 ms by default).
 */
export function findClosestApproaches(
  relativeAt: (tMs: number) => EncounterState,
  startMs: number,
  endMs: number,
  stepMs: number,
  toleranceMs = 1,
): Encounter[] {
  checkWindow(startMs, endMs, stepMs, toleranceMs);
  const out: Encounter[] = [];
  const steps = Math.ceil((endMs - startMs) / stepMs);
  let tPrev = startMs;
  let fPrev = closing(relativeAt(tPrev));
  for (let k = 1; k <= steps; k++) {
    const tNow = k === steps ? endMs : startMs + k * stepMs;
    const fNow = closing(relativeAt(tNow));
    if (fPrev < 0 && fNow >= 0) out.push(encounterAt(relativeAt, refineRoot(relativeAt, tPrev, tNow, fPrev, fNow, toleranceMs)));
    tPrev = tNow;
    fPrev = fNow;
  }
  return out;
}

/**
 * The closest of the approaches of two trajectories inside [startMs, endMs] (see
 * findClosestApproaches), or null when the range has no interior minimum there.
 */
export function closestApproach(a: Trajectory, b: Trajectory, startMs: number, endMs: number, stepMs: number, toleranceMs = 1): Encounter | null {
  let best: Encounter | null = null;
  for (const e of findClosestApproaches(relativeTrajectory(a, b), startMs, endMs, stepMs, toleranceMs)) if (best === null || e.missKm < best.missKm) best = e;
  return best;
}

function checkWindow(startMs: number, endMs: number, stepMs: number, toleranceMs: number): void {
  const bad = (message: string) => new PhysicsInputError(ErrorCodes.badConjunctionWindow, `conjunction search: ${message}`);
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(endMs >= startMs))
    throw bad(`window [${startMs}, ${endMs}] ms: need finite times with endMs >= startMs`);
  if (!(stepMs > 0 && Number.isFinite(stepMs))) throw bad(`stepMs = ${stepMs}: must be a finite time > 0 ms, shorter than half the relative period`);
  if (!(toleranceMs > 0)) throw bad(`toleranceMs = ${toleranceMs}: must be > 0 ms`);
}

function refineRoot(relativeAt: (tMs: number) => EncounterState, a0: number, b0: number, fa0: number, fb0: number, toleranceMs: number): number {
  let a = a0;
  let b = b0;
  let fa = fa0;
  let fb = fb0;
  for (let k = 0; k < 200 && b - a > toleranceMs; k++) {
    const secant = fb !== fa ? b - (fb * (b - a)) / (fb - fa) : (a + b) / 2;
    // Alternate secant and bisection so the bracket always shrinks by at least half every two steps.
    const t = k % 2 === 0 && secant > a && secant < b ? secant : (a + b) / 2;
    const f = closing(relativeAt(t));
    if (f < 0) {
      a = t;
      fa = f;
    } else {
      b = t;
      fb = f;
    }
  }
  return fa === fb ? (a + b) / 2 : a - (fa * (b - a)) / (fb - fa);
}

function encounterAt(relativeAt: (tMs: number) => EncounterState, tcaMs: number): Encounter {
  const s = relativeAt(tcaMs);
  return { tcaMs, missKm: norm(s.posKm), relSpeedKmS: norm(s.velKmS), relPosKm: s.posKm, relVelKmS: s.velKmS };
}

/**
 * Encounter-plane basis: z along the relative velocity, x along the miss vector's component
 * perpendicular to it, y = z x x. Returns unit vectors as rows.
 */
export function encounterFrame(relPosKm: Vec3, relVelKmS: Vec3): { x: Vec3; y: Vec3; z: Vec3 } {
  const vn = norm(relVelKmS);
  if (!(vn > 0 && Number.isFinite(vn)))
    throw new PhysicsInputError(ErrorCodes.badEncounter, `encounter frame: relative velocity ${JSON.stringify(relVelKmS)} km/s has no direction`);
  const z: Vec3 = [relVelKmS[0] / vn, relVelKmS[1] / vn, relVelKmS[2] / vn];
  const along = dot(relPosKm, z);
  let x: Vec3 = [relPosKm[0] - along * z[0], relPosKm[1] - along * z[1], relPosKm[2] - along * z[2]];
  let xn = norm(x);
  if (xn < 1e-12) {
    // A head-on hit has no miss direction: any vector perpendicular to z will do.
    x = Math.abs(z[0]) < 0.9 ? [0, -z[2], z[1]] : [-z[2], 0, z[0]];
    xn = norm(x);
  }
  x = [x[0] / xn, x[1] / xn, x[2] / xn];
  const y: Vec3 = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
  return { x, y, z };
}

/**
 * Position covariance (km^2, 3x3 row-major) in the inertial frame from 1-sigma errors along
 * radial, along-track (in-track) and cross-track axes (RTN / RSW, Vallado 2013, 3.3). TLEs carry
 * no covariance, so screening uses a configured model like this one.
 */
export function rtnCovarianceKm2(posKm: Vec3, velKmS: Vec3, sigmaKm: { radial: number; alongTrack: number; crossTrack: number }): number[] {
  const r = norm(posKm);
  const R: Vec3 = [posKm[0] / r, posKm[1] / r, posKm[2] / r];
  const h: Vec3 = [posKm[1] * velKmS[2] - posKm[2] * velKmS[1], posKm[2] * velKmS[0] - posKm[0] * velKmS[2], posKm[0] * velKmS[1] - posKm[1] * velKmS[0]];
  const hn = norm(h);
  if (!(r > 0 && hn > 0)) throw new PhysicsInputError(ErrorCodes.badState, "RTN frame: position and velocity must be non-zero and not parallel");
  const N: Vec3 = [h[0] / hn, h[1] / hn, h[2] / hn];
  const T: Vec3 = [N[1] * R[2] - N[2] * R[1], N[2] * R[0] - N[0] * R[2], N[0] * R[1] - N[1] * R[0]];
  const axes = [R, T, N];
  const variances = [sigmaKm.radial ** 2, sigmaKm.alongTrack ** 2, sigmaKm.crossTrack ** 2];
  const c = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) c[i * 3 + j] = c[i * 3 + j]! + axes[k]![i]! * variances[k]! * axes[k]![j]!;
  return c;
}
