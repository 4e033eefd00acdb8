/**
 * Two-body and J2 orbit relations. Constants as in shared/reference/physics-cases.md:
 * mu = 398600.4418 km^3/s^2, Re = 6378.137 km, J2 = 1.08262668e-3 (EGM/WGS-84 values).
 */
export const MU_KM3_S2 = 398600.4418;
export const EARTH_RADIUS_KM = 6378.137;
export const J2 = 1.08262668e-3;
/** Sun-synchronous nodal rate: 360 deg per tropical year of 365.2422 d. */
export const SUN_SYNC_NODE_RATE_DEG_PER_DAY = 360 / 365.2422;
/** The inclination where SGP4's short-period J2 mean-radius term 3 cos^2 i - 1 vanishes, deg. */
export const MAGIC_INCLINATION_DEG = (Math.acos(1 / Math.sqrt(3)) * 180) / Math.PI;
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
 * The (Kozai) mean motion to give SGP4 so that a near-circular orbit's orbit-averaged geocentric
 * radius is Re + altKm. SGP4 recovers the Brouwer semi-major axis a'' ~ a1 (1 + 2 delta / 3)
 * from the Kozai a1 (Hoots & Roehrich 1980, Spacetrack Report #3), and its short-period J2 term
 * lowers the mean radius by a'' delta, with delta = 1.5 k2 (Re/a)^2 (3 cos^2 i - 1) / (1 - e^2)^1.5,
 * k2 = J2 / 2. So r_mean ~ a1 (1 - delta / 3), and n = n_two-body(Re + altKm) (1 - delta / 2) to
 * first order (checked against SGP4 to 0.2 km at 550-1200 km). The height above the ellipsoid
 * averages more, by up to ~11 km on polar orbits, because of the Earth's flattening.
 * Without an inclination the J2 term is left out (it vanishes at 54.74 deg, where
 * 3 cos^2 i = 1): the two-body mean motion, within ~0.1 % of the right one at any inclination.
 */
export function meanMotionRevPerDayFromAltKm(altKm: number, inclinationDeg = MAGIC_INCLINATION_DEG, eccentricity = 0): number {
  const a = EARTH_RADIUS_KM + altKm;
  const twoBodyRevPerDay = (Math.sqrt(MU_KM3_S2 / (a * a * a)) * SECONDS_PER_DAY) / (2 * Math.PI);
  const cosI = Math.cos(inclinationDeg * DEG);
  const beta = Math.sqrt(1 - eccentricity * eccentricity);
  const k2 = 0.5 * J2;
  const delta = (1.5 * k2 * (EARTH_RADIUS_KM / a) ** 2 * (3 * cosI * cosI - 1)) / (beta * beta * beta);
  return twoBodyRevPerDay * (1 - delta / 2);
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
