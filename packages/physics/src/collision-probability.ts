/**
 * Probability of collision of a short encounter: the 2D Gaussian of the combined position error,
 * projected on the encounter plane, integrated over the hard-body disk (Foster & Estes 1992,
 * NASA JSC-25898), and Chan's equivalent-area series (Chan, Spacecraft Collision Probability,
 * Aerospace Press 2008, ch. 5) as an independent second method.
 */
import { encounterFrame, type Vec3 } from "./conjunction.js";

/** NASA CARA thresholds (physics-cases 22): attention above 1e-7, mitigation above 1e-4. */
export const PC_ATTENTION_THRESHOLD = 1e-7;
export const PC_MITIGATION_THRESHOLD = 1e-4;

export interface PlaneEncounter {
  /** miss vector in the encounter plane, km */
  missXKm: number;
  missYKm: number;
  /** combined covariance in the plane, km^2 */
  cxx: number;
  cxy: number;
  cyy: number;
  /** combined hard-body radius, km */
  hardBodyRadiusKm: number;
}

/** Projects a 3D encounter (relative state at TCA, combined 3x3 covariance) on the encounter plane. */
export function projectEncounter(relPosKm: Vec3, relVelKmS: Vec3, combinedCovKm2: readonly number[], hardBodyRadiusKm: number): PlaneEncounter {
  const { x, y } = encounterFrame(relPosKm, relVelKmS);
  const quad = (a: Vec3, b: Vec3) => {
    let s = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += a[i]! * combinedCovKm2[i * 3 + j]! * b[j]!;
    return s;
  };
  const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return { missXKm: dot(relPosKm, x), missYKm: dot(relPosKm, y), cxx: quad(x, x), cxy: quad(x, y), cyy: quad(y, y), hardBodyRadiusKm };
}

const GAUSS_NODES = gaussLegendre(48);
const ANGLE_STEPS = 128;

/**
 * Foster's integral, evaluated in polar coordinates about the disk centre: Gauss-Legendre (48
 * nodes) in radius and the periodic trapezoid rule (128 steps, spectrally accurate) in angle.
 * Relative error below 1e-8 for hard-body radii up to several sigma.
 */
export function collisionProbabilityFoster(e: PlaneEncounter): number {
  const det = e.cxx * e.cyy - e.cxy * e.cxy;
  if (!(det > 0)) throw new RangeError("the encounter-plane covariance must be positive definite");
  const ixx = e.cyy / det;
  const ixy = -e.cxy / det;
  const iyy = e.cxx / det;
  const R = e.hardBodyRadiusKm;
  let sum = 0;
  for (const [node, weight] of GAUSS_NODES) {
    const r = (R / 2) * (node + 1);
    let ring = 0;
    for (let k = 0; k < ANGLE_STEPS; k++) {
      const th = (2 * Math.PI * k) / ANGLE_STEPS;
      const dx = r * Math.cos(th) - e.missXKm;
      const dy = r * Math.sin(th) - e.missYKm;
      ring += Math.exp(-0.5 * (ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy));
    }
    sum += weight * (R / 2) * r * ring * ((2 * Math.PI) / ANGLE_STEPS);
  }
  // When the hard body dwarfs the covariance the quadrature can overshoot 1 by ~1e-9.
  return Math.min(1, Math.max(0, sum / (2 * Math.PI * Math.sqrt(det))));
}

/**
 * Chan's series: in the covariance's principal axes (sigma_x, sigma_y, miss x_m, y_m), with
 * u = R^2 / (sigma_x sigma_y) and v = x_m^2 / sigma_x^2 + y_m^2 / sigma_y^2,
 * Pc = e^(-v/2) sum_m (v/2)^m / m! [1 - e^(-u/2) sum_{k<=m} (u/2)^k / k!]. Exact for an isotropic
 * covariance; an approximation (equivalent area) otherwise, good while R is small against sigma.
 */
export function collisionProbabilityChan(e: PlaneEncounter, terms = 60): number {
  const tr = e.cxx + e.cyy;
  const diff = Math.sqrt(((e.cxx - e.cyy) / 2) ** 2 + e.cxy * e.cxy);
  const l1 = tr / 2 + diff;
  const l2 = tr / 2 - diff;
  const angle = 0.5 * Math.atan2(2 * e.cxy, e.cxx - e.cyy);
  const xm = e.missXKm * Math.cos(angle) + e.missYKm * Math.sin(angle);
  const ym = -e.missXKm * Math.sin(angle) + e.missYKm * Math.cos(angle);
  const u = (e.hardBodyRadiusKm * e.hardBodyRadiusKm) / Math.sqrt(l1 * l2);
  const v = (xm * xm) / l1 + (ym * ym) / l2;
  let outer = 0;
  let vTerm = 1;
  let innerSum = 0;
  let uTerm = 1;
  for (let m = 0; m < terms; m++) {
    if (m > 0) {
      vTerm *= v / 2 / m;
      uTerm *= u / 2 / m;
    }
    innerSum += uTerm;
    outer += vTerm * (1 - Math.exp(-u / 2) * innerSum);
  }
  return Math.exp(-v / 2) * outer;
}

/** Zero miss, isotropic sigma: Pc = 1 - exp(-R^2 / (2 sigma^2)) (physics-cases 21). */
export function collisionProbabilityIsotropicZeroMiss(hardBodyRadiusKm: number, sigmaKm: number): number {
  return 1 - Math.exp(-(hardBodyRadiusKm * hardBodyRadiusKm) / (2 * sigmaKm * sigmaKm));
}

/** Gauss-Legendre nodes and weights on [-1, 1] by Newton on the Legendre polynomial. */
function gaussLegendre(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    out.push([x, 2 / ((1 - x * x) * dp * dp)]);
  }
  return out;
}
