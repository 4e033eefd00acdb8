/**
 * The fleet's hot path: SGP4 for every satellite of a cluster at one time, into preallocated
 * structure-of-arrays state, plus geodetic coordinates. satellite.js `sgp4(satrec, tsince)` is
 * called directly (no Date per satellite), GMST once per call.
 */
import { SatRecError, gstime, jday, sgp4, type SatRec } from "satellite.js";
import { BadModelInputError } from "./errors.js";

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

/** Zeroed state for `count` satellites. */
export function createOrbitState(count: number): OrbitState {
  if (!Number.isInteger(count) || count < 0) throw new BadModelInputError(`createOrbitState: count = ${count} must be a whole number >= 0`);
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
const MIN_PER_DAY = 1440;
/** Julian date of 1970-01-01T00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;
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
  return (satrec.jdsatepoch - JD_UNIX_EPOCH) * 86_400_000;
}

/**
 * Propagates every satellite of `satrecs` to `timeMs` (UTC ms) into `out` (slots 0..n-1, n the
 * smaller of the two counts), without allocating per satellite.
 * - Orbit: satellite.js `sgp4(satrec, tsinceMin)` (SGP4/SDP4, Vallado et al. 2006), TEME.
 * - Earth-fixed: TEME rotated by GMST (IAU-82, Vallado 2013 eq. 3-45, once per call); polar
 *   motion and UT1-UTC neglected (under 15 m at the surface).
 * - Geodetic (WGS-84, NIMA TR8350.2): Bowring's (1976) closed form with one refinement of the
 *   parametric latitude. Against satellite.js's iterated eciToGeodetic: below 1 mm in height and
 *   1e-9 deg in latitude for 0-2000 km (orbit-batch.test.ts); the error grows with height, still
 *   below 1 m at GEO.
 * A slot whose propagation fails gets satellite.js's error code in `errorCode` (6 decayed, 1-4
 * the elements went out of range; 255 if satellite.js gave no code) and NaN everywhere else.
 */
export function propagateBatch(satrecs: readonly SatRec[], timeMs: number, out: OrbitState): void {
  const gmst = gmstRad(timeMs);
  const cosG = Math.cos(gmst);
  const sinG = Math.sin(gmst);
  const { posKm, velKmS, latDeg, lonDeg, altKm, errorCode } = out;
  const n = Math.min(satrecs.length, out.count);
  // Minutes from the Unix epoch; tsince = this - the satrec's epoch in the same unit.
  const timeMin = timeMs / MS_PER_MIN;
  for (let i = 0; i < n; i++) {
    const satrec = satrecs[i]!;
    const tsinceMin = timeMin - (satrec.jdsatepoch - JD_UNIX_EPOCH) * MIN_PER_DAY;
    const pv = sgp4(satrec, tsinceMin);
    const i3 = 3 * i;
    if (pv === null || satrec.error !== SatRecError.None) {
      errorCode[i] = satrec.error === SatRecError.None ? 255 : satrec.error;
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
    temeToGeodeticInto(x, y, z, cosG, sinG, out, i);
  }
}

/** Where temeToGeodeticInto writes: one slot of each array. */
export interface GeodeticArrays {
  latDeg: Float64Array;
  lonDeg: Float64Array;
  altKm: Float64Array;
}

/**
 * TEME position (km) to WGS-84 geodetic latitude, longitude (deg) and height (km) in slot `slot`
 * of `out`, given cos and sin of GMST. Bowring's (1976) closed form with one refinement of the
 * parametric latitude (Bowring, "Transformation from spatial to geographical coordinates",
 * Survey Review 23(181), 1976); sines and cosines come from normalising the tangent's components,
 * so the only transcendental calls are the two final atan2. Accuracy: see propagateBatch.
 */
export function temeToGeodeticInto(xKm: number, yKm: number, zKm: number, cosGmst: number, sinGmst: number, out: GeodeticArrays, slot: number): void {
  // Earth-fixed x, y by rotating TEME through GMST.
  const xe = xKm * cosGmst + yKm * sinGmst;
  const ye = -xKm * sinGmst + yKm * cosGmst;
  const p = Math.sqrt(xe * xe + ye * ye);
  let sb = zKm;
  let cb = p * (1 - F);
  let invNorm = 1 / Math.sqrt(sb * sb + cb * cb);
  sb *= invNorm;
  cb *= invNorm;
  let num = zKm + EP2 * B_KM * sb * sb * sb;
  let den = p - E2 * A_KM * cb * cb * cb;
  sb = (1 - F) * num;
  cb = den;
  invNorm = 1 / Math.sqrt(sb * sb + cb * cb);
  sb *= invNorm;
  cb *= invNorm;
  num = zKm + EP2 * B_KM * sb * sb * sb;
  den = p - E2 * A_KM * cb * cb * cb;
  const invHyp = 1 / Math.sqrt(num * num + den * den);
  const sinPhi = num * invHyp;
  const cosPhi = den * invHyp;
  // Height along the normal: h = p cos(phi) + z sin(phi) - a sqrt(1 - e^2 sin^2(phi)).
  out.altKm[slot] = p * cosPhi + zKm * sinPhi - A_KM * Math.sqrt(1 - E2 * sinPhi * sinPhi);
  out.latDeg[slot] = Math.atan2(num, den) * RAD_TO_DEG;
  out.lonDeg[slot] = Math.atan2(ye, xe) * RAD_TO_DEG;
}
