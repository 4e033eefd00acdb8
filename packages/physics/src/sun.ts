/**
 * The Sun and the Earth's shadow. Sun position from satellite.js `sunPos` (Vallado 2013,
 * algorithm 29: low-precision solar coordinates, ~0.01 deg), in the inertial frame of date,
 * taken as SGP4's TEME (they differ by less than 0.01 deg, well under the Sun model's error).
 */
import { sunPos } from "satellite.js";
import { julianDateFromMs } from "./orbit-batch.js";
import { EARTH_RADIUS_KM } from "./orbit.js";

export const AU_KM = 149_597_870.7;
/** IAU 2015 nominal solar radius, km. */
export const SUN_RADIUS_KM = 695_700;
const DEG = Math.PI / 180;

/** Sun position vector, km, written into `out` (3 values). */
export function sunPositionKm(timeMs: number, out: Float64Array = new Float64Array(3)): Float64Array {
  const { rsun } = sunPos(julianDateFromMs(timeMs));
  out[0] = rsun.x * AU_KM;
  out[1] = rsun.y * AU_KM;
  out[2] = rsun.z * AU_KM;
  return out;
}

/**
 * Whether a satellite counts as in shadow: less than half the solar disk visible. Every eclipse,
 * shadow prediction and eclipse-power decision of the twin uses this one rule.
 */
export function inShadow(sunlitFraction: number): boolean {
  return sunlitFraction < 0.5;
}

/**
 * Fraction of the solar disk visible from a satellite: 1 lit, 0 umbra, between in penumbra.
 * Conical shadow with a spherical Earth: apparent radii of Sun (a) and Earth (b) and their
 * separation (c), overlap area of two disks (Montenbruck & Gill, Satellite Orbits, 2000, 3.4.2).
 * Full sun and umbra are decided by comparing cosines (no inverse trigonometry); only the
 * penumbra, a few seconds per orbit, pays for the overlap formula.
 */
export function sunlitFraction(xKm: number, yKm: number, zKm: number, sun: Float64Array): number {
  const rSat2 = xKm * xKm + yKm * yKm + zKm * zKm;
  const sunDot = xKm * sun[0]! + yKm * sun[1]! + zKm * sun[2]!;
  // On the sunward side of the terminator plane nothing can shade the satellite.
  if (sunDot >= 0) return 1;
  const rSat = Math.sqrt(rSat2);
  if (rSat <= EARTH_RADIUS_KM) return 0;
  const sx = sun[0]! - xKm;
  const sy = sun[1]! - yKm;
  const sz = sun[2]! - zKm;
  const rSunRel = Math.sqrt(sx * sx + sy * sy + sz * sz);
  const sinA = Math.min(1, SUN_RADIUS_KM / rSunRel);
  const sinB = EARTH_RADIUS_KM / rSat;
  const cosA = Math.sqrt(1 - sinA * sinA);
  const cosB = Math.sqrt(1 - sinB * sinB);
  const cosC = Math.max(-1, Math.min(1, -(xKm * sx + yKm * sy + zKm * sz) / (rSat * rSunRel)));
  // c >= a + b (lit) <=> cos c <= cos(a + b); c <= b - a (umbra) <=> cos c >= cos(b - a).
  if (cosC <= cosA * cosB - sinA * sinB) return 1;
  if (sinB > sinA && cosC >= cosB * cosA + sinB * sinA) return 0;
  const a = Math.asin(sinA);
  const b = Math.asin(sinB);
  const c = Math.acos(cosC);
  if (c <= a - b) return 1 - (b * b) / (a * a);
  const x = (c * c + a * a - b * b) / (2 * c);
  const y = Math.sqrt(Math.max(0, a * a - x * x));
  const area = a * a * Math.acos(Math.max(-1, Math.min(1, x / a))) + b * b * Math.acos(Math.max(-1, Math.min(1, (c - x) / b))) - c * y;
  return Math.max(0, Math.min(1, 1 - area / (Math.PI * a * a)));
}

/** sunlitFraction for `count` interleaved positions; NaN positions give 0. */
export function sunlitFractionBatch(posKm: Float64Array, count: number, sun: Float64Array, out: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const i3 = 3 * i;
    const x = posKm[i3]!;
    out[i] = Number.isNaN(x) ? 0 : sunlitFraction(x, posKm[i3 + 1]!, posKm[i3 + 2]!, sun);
  }
}

/** Right ascension and declination of the Sun, degrees. */
export function sunRaDecDeg(timeMs: number): { raDeg: number; decDeg: number } {
  const s = sunPositionKm(timeMs);
  const r = Math.hypot(s[0]!, s[1]!, s[2]!);
  return { raDeg: (Math.atan2(s[1]!, s[0]!) / DEG + 360) % 360, decDeg: Math.asin(s[2]! / r) / DEG };
}

/** Beta angle: sin(beta) = cos(dec) sin(i) sin(RAAN - ra) + sin(dec) cos(i), degrees (physics-cases 8). */
export function betaAngleDeg(inclinationDeg: number, raanDeg: number, sunRaDeg: number, sunDecDeg: number): number {
  const i = inclinationDeg * DEG;
  const dec = sunDecDeg * DEG;
  const s = Math.cos(dec) * Math.sin(i) * Math.sin((raanDeg - sunRaDeg) * DEG) + Math.sin(dec) * Math.cos(i);
  return Math.asin(Math.max(-1, Math.min(1, s))) / DEG;
}

/** |beta| at and above which a circular orbit sees no eclipse: asin(Re / (Re + h)), degrees. */
export function criticalBetaDeg(altKm: number): number {
  return Math.asin(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + altKm)) / DEG;
}

/**
 * Fraction of a circular orbit in the cylindrical shadow: (1/180 deg) acos(sqrt(h^2 + 2 Re h) /
 * ((Re + h) cos beta)), 0 when |beta| >= beta* (NASA TFAWS thermal lessons; physics-cases 9).
 */
export function eclipseFractionCylindrical(altKm: number, betaDeg: number, radiusKm = EARTH_RADIUS_KM): number {
  if (Math.abs(betaDeg) >= Math.asin(radiusKm / (radiusKm + altKm)) / DEG) return 0;
  const ratio = Math.sqrt(altKm * altKm + 2 * radiusKm * altKm) / ((radiusKm + altKm) * Math.cos(betaDeg * DEG));
  return Math.acos(Math.min(1, ratio)) / Math.PI;
}
