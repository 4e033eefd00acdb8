/**
 * Two-body and J2 orbit relations. Constants as in shared/reference/physics-cases.md:
 * mu = 398600.4418 km^3/s^2, Re = 6378.137 km, J2 = 1.08262668e-3 (EGM/WGS-84 values).
 */
export const MU_KM3_S2 = 398600.4418;
export const EARTH_RADIUS_KM = 6378.137;
export const J2 = 1.08262668e-3;
/** Sun-synchronous nodal rate: 360 deg per tropical year of 365.2422 d. */
export const SUN_SYNC_NODE_RATE_DEG_PER_DAY = 360 / 365.2422;
const SECONDS_PER_DAY = 86_400;
const DEG = Math.PI / 180;

/** Two-body period T = 2 pi sqrt(a^3 / mu), s. */
export function orbitalPeriodS(altKm: number, radiusKm = EARTH_RADIUS_KM, muKm3S2 = MU_KM3_S2): number {
  const a = radiusKm + altKm;
  return 2 * Math.PI * Math.sqrt((a * a * a) / muKm3S2);
}

/** Circular speed v = sqrt(mu / r), km/s. */
export function circularSpeedKmS(altKm: number, radiusKm = EARTH_RADIUS_KM, muKm3S2 = MU_KM3_S2): number {
  return Math.sqrt(muKm3S2 / (radiusKm + altKm));
}

/** Two-body semi-major axis from mean motion, km. */
export function semiMajorAxisKmFromMeanMotion(meanMotionRevPerDay: number): number {
  const nRadS = (meanMotionRevPerDay * 2 * Math.PI) / SECONDS_PER_DAY;
  return Math.cbrt(MU_KM3_S2 / (nRadS * nRadS));
}

/**
 * The mean motion SGP4 must be given for a near-circular orbit whose mean semi-major axis is
 * Re + altKm. SGP4's input mean motion is Kozai's; its recovered Brouwer semi-major axis differs
 * from the two-body one by the J2 term (Hoots & Roehrich 1980, the a1, delta1, a0 recovery), so
 * the Brouwer (two-body) value is multiplied by 1 + delta0, delta0 = 1.5 k2 (Re/a)^2
 * (3 cos^2 i - 1) / (1 - e^2)^1.5 with k2 = J2 / 2, to first order. Gives a generated orbit whose SGP4 mean altitude is within ~1 km of altKm.
 */
export function meanMotionRevPerDayFromAltKm(altKm: number, inclinationDeg: number, eccentricity = 0): number {
  const a = EARTH_RADIUS_KM + altKm;
  const twoBodyRevPerDay = (Math.sqrt(MU_KM3_S2 / (a * a * a)) * SECONDS_PER_DAY) / (2 * Math.PI);
  const cosI = Math.cos(inclinationDeg * DEG);
  const beta = Math.sqrt(1 - eccentricity * eccentricity);
  const k2 = 0.5 * J2;
  const delta = (1.5 * k2 * (EARTH_RADIUS_KM / a) ** 2 * (3 * cosI * cosI - 1)) / (beta * beta * beta);
  return twoBodyRevPerDay * (1 + delta);
}

/** J2 secular nodal precession dOmega/dt = -1.5 n J2 (Re/p)^2 cos i, deg/day (Vallado 2013, eq. 9-41). */
export function nodalPrecessionDegPerDay(semiMajorAxisKm: number, eccentricity: number, inclinationDeg: number): number {
  const n = Math.sqrt(MU_KM3_S2 / semiMajorAxisKm ** 3);
  const p = semiMajorAxisKm * (1 - eccentricity * eccentricity);
  return ((-1.5 * n * J2 * (EARTH_RADIUS_KM / p) ** 2 * Math.cos(inclinationDeg * DEG)) / DEG) * SECONDS_PER_DAY;
}

/** Inclination whose node follows the mean Sun: cos i = -rho_dot / (1.5 n J2 (Re/a)^2), circular orbit, degrees. */
export function sunSynchronousInclinationDeg(altKm: number): number {
  const a = EARTH_RADIUS_KM + altKm;
  const n = Math.sqrt(MU_KM3_S2 / (a * a * a));
  const rhoDotRadS = (SUN_SYNC_NODE_RATE_DEG_PER_DAY * DEG) / SECONDS_PER_DAY;
  const cosI = -rhoDotRadS / (1.5 * n * J2 * (EARTH_RADIUS_KM / a) ** 2);
  return Math.acos(cosI) / DEG;
}
