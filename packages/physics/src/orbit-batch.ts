/**
 * The fleet's hot path: SGP4 for every satellite of a cluster at one time, into preallocated
 * structure-of-arrays state, plus geodetic coordinates. satellite.js `sgp4(satrec, tsince)` is
 * called directly (no Date per satellite), GMST once per call.
 */
import { SatRecError, gstime, jday, sgp4, type SatRec } from "satellite.js";

export interface OrbitState {
  count: number;
  /** TEME position, x,y,z per slot, km */
  posKm: Float64Array;
  /** TEME velocity, x,y,z per slot, km/s */
  velKmS: Float64Array;
  /** geodetic latitude (WGS-84), degrees */
  latDeg: Float64Array;
  /** geodetic longitude (WGS-84), degrees east in [-180, 180) */
  lonDeg: Float64Array;
  /** height above the WGS-84 ellipsoid, km */
  altKm: Float64Array;
  /** 0 ok, else satellite.js's SatRecError code; the slot's state is NaN then */
  errorCode: Uint8Array;
}

export function createOrbitState(count: number): OrbitState {
  return {
    count,
    posKm: new Float64Array(3 * count),
    velKmS: new Float64Array(3 * count),
    latDeg: new Float64Array(count),
    lonDeg: new Float64Array(count),
    altKm: new Float64Array(count),
    errorCode: new Uint8Array(count),
  };
}

const MS_PER_MIN = 60_000;
const RAD_TO_DEG = 180 / Math.PI;
/** WGS-84 ellipsoid (NIMA TR8350.2). */
const A_KM = 6378.137;
const F = 1 / 298.257223563;
const B_KM = A_KM * (1 - F);
const E2 = F * (2 - F);
const EP2 = E2 / (1 - E2);

/** Julian date (UT1 taken as UTC) of a UTC ms time, via satellite.js jday. */
export function julianDateFromMs(timeMs: number): number {
  const d = new Date(timeMs);
  return jday(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** Greenwich mean sidereal time at a UTC ms time, radians (Vallado 2004, eq. 3-45, via satellite.js). */
export function gmstRad(timeMs: number): number {
  return gstime(julianDateFromMs(timeMs));
}

/** The time `satrec`'s epoch is at, UTC ms (SGP4 counts minutes from it). */
export function satrecEpochMs(satrec: SatRec): number {
  return (satrec.jdsatepoch - 2440587.5) * 86_400_000;
}

/**
 * Propagates every satellite to `timeMs`. Geodetic coordinates by Bowring's (1976) closed form
 * with one refinement of the parametric latitude: error below 1 mm in height and 1e-9 degree in
 * latitude for 0-2000 km altitude, checked against satellite.js's 20-iteration eciToGeodetic.
 */
export function propagateBatch(satrecs: readonly SatRec[], timeMs: number, out: OrbitState): void {
  const gmst = gmstRad(timeMs);
  const cosG = Math.cos(gmst);
  const sinG = Math.sin(gmst);
  const { posKm, velKmS, latDeg, lonDeg, altKm, errorCode } = out;
  const n = Math.min(satrecs.length, out.count);
  const epochsMs = epochsOf(satrecs);
  for (let i = 0; i < n; i++) {
    const satrec = satrecs[i]!;
    const tsinceMin = (timeMs - epochsMs[i]!) / MS_PER_MIN;
    const pv = sgp4(satrec, tsinceMin);
    const i3 = 3 * i;
    if (!pv || typeof pv.position !== "object" || satrec.error !== SatRecError.None) {
      errorCode[i] = satrec.error === SatRecError.None ? 255 : Number(satrec.error);
      posKm[i3] = posKm[i3 + 1] = posKm[i3 + 2] = Number.NaN;
      velKmS[i3] = velKmS[i3 + 1] = velKmS[i3 + 2] = Number.NaN;
      latDeg[i] = lonDeg[i] = altKm[i] = Number.NaN;
      continue;
    }
    errorCode[i] = 0;
    const x = pv.position.x;
    const y = pv.position.y;
    const z = pv.position.z;
    posKm[i3] = x;
    posKm[i3 + 1] = y;
    posKm[i3 + 2] = z;
    velKmS[i3] = pv.velocity.x;
    velKmS[i3 + 1] = pv.velocity.y;
    velKmS[i3 + 2] = pv.velocity.z;
    // Earth-fixed x, y by rotating TEME through GMST (polar motion and UT1-UTC neglected).
    const xe = x * cosG + y * sinG;
    const ye = -x * sinG + y * cosG;
    const p = Math.sqrt(xe * xe + ye * ye);
    let beta = Math.atan2(z, p * (1 - F));
    let sinB = Math.sin(beta);
    let cosB = Math.cos(beta);
    let phi = Math.atan2(z + EP2 * B_KM * sinB * sinB * sinB, p - E2 * A_KM * cosB * cosB * cosB);
    beta = Math.atan2((1 - F) * Math.sin(phi), Math.cos(phi));
    sinB = Math.sin(beta);
    cosB = Math.cos(beta);
    phi = Math.atan2(z + EP2 * B_KM * sinB * sinB * sinB, p - E2 * A_KM * cosB * cosB * cosB);
    const sinPhi = Math.sin(phi);
    const cosPhi = Math.cos(phi);
    const nRadius = A_KM / Math.sqrt(1 - E2 * sinPhi * sinPhi);
    altKm[i] = Math.abs(cosPhi) > 1e-10 ? p / cosPhi - nRadius : Math.abs(z) - B_KM;
    latDeg[i] = phi * RAD_TO_DEG;
    lonDeg[i] = Math.atan2(ye, xe) * RAD_TO_DEG;
  }
}

/** Epochs per batch, computed once per satrec array (a cluster keeps its array for life). */
const epochCache = new WeakMap<readonly SatRec[], Float64Array>();
function epochsOf(satrecs: readonly SatRec[]): Float64Array {
  let epochs = epochCache.get(satrecs);
  if (!epochs || epochs.length !== satrecs.length) {
    epochs = Float64Array.from(satrecs, satrecEpochMs);
    epochCache.set(satrecs, epochs);
  }
  return epochs;
}
