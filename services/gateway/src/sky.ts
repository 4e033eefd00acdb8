/**
 * Where the Sun is over the Earth and where a satellite's orbit runs, for the dashboard's map and
 * globe: the subsolar point (the page draws the day/night terminator and Earth's shadow around
 * it) from the twin's own Sun model, and a satellite's orbit from its state vector.
 */
import { gmstRad, sunPositionKm } from "@orbitwin/physics";

const DEG = 180 / Math.PI;
/** Earth's gravitational parameter, km^3/s^2 (WGS-72, as SGP4 uses). */
const MU_KM3_S2 = 398_600.8;
/** WGS-84 first eccentricity squared. */
const E2 = 0.00669437999014;

/** Geodetic latitude of a geocentric one (at the surface; within a few hundredths of a degree in LEO), degrees. */
function geodeticLatDeg(geocentricRad: number): number {
  return Math.atan(Math.tan(geocentricRad) / (1 - E2)) * DEG;
}

/** Longitude wrapped into [-180, 180), degrees. */
export function wrapLonDeg(lonDeg: number): number {
  return ((((lonDeg + 180) % 360) + 360) % 360) - 180;
}

/** The point where the Sun is overhead at `simTimeMs` (geocentric latitude), degrees. */
export function subsolarPoint(simTimeMs: number): { latDeg: number; lonDeg: number } {
  const [x, y, z] = sunPositionKm(simTimeMs) as unknown as [number, number, number];
  return { latDeg: Math.atan2(z, Math.hypot(x, y)) * DEG, lonDeg: wrapLonDeg((Math.atan2(y, x) - gmstRad(simTimeMs)) * DEG) };
}

export interface OrbitPaths {
  /** Sub-satellite points from now on, one per `stepS`, Earth turning beneath: [latDeg, lonDeg]. */
  groundTrack: [number, number][];
  /** The orbit as it lies in space now, over Earth as it is now, at the satellite's height: [latDeg, lonDeg, altKm]. */
  orbit: [number, number, number][];
  periodS: number;
}

/**
 * One revolution of a satellite's orbit from its TEME state vector, as a circle in the plane of
 * r and v with the vis-viva period (two-body, no J2: over one revolution the drift is a fraction
 * of a degree, below what the map shows). A drawing aid, not the twin's propagation.
 */
export function orbitPaths(
  state: { simTimeMs: number; altKm: number; posKm: readonly number[]; velKmS: readonly number[] },
  steps = 120,
): OrbitPaths | undefined {
  const [rx, ry, rz] = state.posKm as [number, number, number];
  const [vx, vy, vz] = state.velKmS as [number, number, number];
  const r = Math.hypot(rx, ry, rz);
  const v2 = vx * vx + vy * vy + vz * vz;
  const a = 1 / (2 / r - v2 / MU_KM3_S2);
  const hx = ry * vz - rz * vy;
  const hy = rz * vx - rx * vz;
  const hz = rx * vy - ry * vx;
  const h = Math.hypot(hx, hy, hz);
  if (!(r > 0) || !(a > 0) || !(h > 0)) return undefined;
  const periodS = 2 * Math.PI * Math.sqrt((a * a * a) / MU_KM3_S2);
  // In-plane unit vectors: along r, and along the motion (h x r).
  const [ux, uy, uz] = [rx / r, ry / r, rz / r];
  const [wx, wy, wz] = [(hy * uz - hz * uy) / h, (hz * ux - hx * uz) / h, (hx * uy - hy * ux) / h];
  const gmstNow = gmstRad(state.simTimeMs);
  const groundTrack: [number, number][] = [];
  const orbit: [number, number, number][] = [];
  for (let k = 0; k <= steps; k++) {
    const angle = (2 * Math.PI * k) / steps;
    const [x, y, z] = [Math.cos(angle) * ux + Math.sin(angle) * wx, Math.cos(angle) * uy + Math.sin(angle) * wy, Math.cos(angle) * uz + Math.sin(angle) * wz];
    const latDeg = geodeticLatDeg(Math.asin(Math.max(-1, Math.min(1, z))));
    const inertialLonRad = Math.atan2(y, x);
    const tMs = state.simTimeMs + (periodS * 1000 * k) / steps;
    groundTrack.push([latDeg, wrapLonDeg((inertialLonRad - gmstRad(tMs)) * DEG)]);
    // Drawn at the satellite's own height, so the ring passes through it however eccentric the orbit.
    orbit.push([latDeg, wrapLonDeg((inertialLonRad - gmstNow) * DEG), state.altKm]);
  }
  return { groundTrack, orbit, periodS };
}
