/**
 * The fleet kernel in WebAssembly (AssemblyScript; `npm run build:wasm -w @orbitwin/physics`
 * writes dist/sgp4-kernel.wasm, which sgp4-wasm.ts loads). Near-Earth SGP4 over the packed
 * records of sgp4-near.ts, fused with the geodetic conversion of orbit-batch.ts
 * (temeToGeodeticInto) and the conical shadow of sun.ts (sunlitFraction), a whole cluster per
 * call. SGP4 runs on two slots at once in 128-bit SIMD vectors (nearPair), each lane bit for bit
 * the one-slot code (near), which takes whatever is rare; sines and cosines are polynomials
 * (sinCos), within an ulp or two of Math's and cheaper than its calls.
 *
 * The equations are SGP4's (Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3",
 * AIAA 2006-6753), in the reference order, with these exact rewrites (each the same value up to a
 * few units in the last place):
 * - (xke/n0)^(2/3) depends on the satellite only (near Earth n0 is constant): computed once;
 * - am^1.5 as am * sqrt(am), sharing sqrt(am) with the radial rate;
 * - the sine and cosine of an angle that SGP4 moves by a small short-period or Newton correction
 *   d (Kepler's iterations after the first, the argument of latitude, the node, the inclination)
 *   come from rotating the known pair by d: sin(x + d) = sin x cos d + cos x sin d, with cos d and
 *   sin d from their Taylor series, exact to rounding for |d| <= ROTATE_MAX_RAD;
 * - the inclination's sine and cosine near Earth are those of the epoch inclination, once;
 * - fmod by 2 pi as x - k (2 pi) with 2 pi split in two parts (remainderTwoPi).
 * sgp4-batch.test.ts holds the results to Vallado's verification vectors and to satellite.js.
 * The tables' offsets are src/sgp4-layout.ts's, the one layout sgp4-near.ts writes. Deep-space
 * slots are left to satellite.js: the kernel marks them DEEP_PENDING (an error code the caller
 * never sees) and touches nothing else of theirs.
 */

import {
  AM_BASE, ARGPDOT, ARGPO, AYCOF, BSTAR_CC4, BSTAR_CC5, CC1, CON41, COSIO, D2, D3, D4, DEEP, DELMO, ECCO, EPOCH_MIN, ETA,
  MDOT, MO, NO, NODECF, NODEDOT, NODEO, OMGCOF, SGP4_RECORD_STRIDE, SIMPLE, SINIO, SINMAO, SLOT_STRIDE, T2COF, T3COF,
  T4COF, T5COF, X1MTH2, X7THM1, XLCOF, XMCOF,
} from "../src/sgp4-layout";

// satellite.js's error codes.
const MEAN_ECCENTRICITY_OUT_OF_RANGE = 1;
const SEMI_LATUS_RECTUM_BELOW_ZERO = 4;
const DECAYED = 6;
/** Error code of a deep-space slot, left for the caller to propagate. */
const DEEP_PENDING: u8 = 254;

// satellite.js constants (WGS-72).
const XKE: f64 = 0.07436691613317342;
const J2: f64 = 0.001082616;
const EARTH_RADIUS_WGS72_KM: f64 = 6378.135;
const VKM_PER_SEC: f64 = 7.905370510517634;
const TWO_PI: f64 = 6.283185307179586;
const TWO_PI_HI: f64 = <f64>(<f32>TWO_PI);
const TWO_PI_LO: f64 = TWO_PI - TWO_PI_HI;
const INV_TWO_PI: f64 = 1.0 / TWO_PI;
const ROTATE_MAX_RAD: f64 = 0.125;
/** remainderTwoPi leaves angles past this many turns (never within SGP4's validity) to fmod. */
const FAR_TURNS: f64 = 536870912.0;
// sinCos: pi/2 in three parts, P1 and P2 of 33 significant bits each, so k P1 and k P2 are exact
// for |k| < 2^20 and x - k P1 is exact (Sterbenz); the three sum to pi/2 within 1e-37.
const PIO2_1: f64 = 1.5707963267341256;
const PIO2_2: f64 = 6.077100506303966e-11;
const PIO2_3: f64 = 2.0222662487959506e-21;
const TWO_OVER_PI: f64 = 2.0 / Math.PI;
/** Past this many quarter turns (|x| > 1.6e6 rad) sinCos leaves the angle to Math. */
const MAX_QUARTERS: f64 = 1048576.0;
// sin r = r + r^3 S(z), cos r = 1 + z C(z), z = r^2, |r| <= pi/4: Chebyshev fits (mpmath
// chebyfit at 300 bits) whose own error is below 1e-20, rounded to doubles.
const S0: f64 = -0.16666666666666666;
const S1: f64 = 0.008333333333333331;
const S2: f64 = -0.00019841269841265063;
const S3: f64 = 2.7557319219337312e-6;
const S4: f64 = -2.5052106231802837e-8;
const S5: f64 = 1.6058531516797758e-10;
const S6: f64 = -7.586691094197958e-13;
const C0: f64 = -0.5;
const C1: f64 = 0.04166666666666664;
const C2: f64 = -0.001388888888888077;
const C3: f64 = 2.4801587293690305e-5;
const C4: f64 = -2.755731556524682e-7;
const C5: f64 = 2.0875886564482672e-9;
const C6: f64 = -1.1367988423294987e-11;
// WGS-84 (orbit-batch.ts) and the shadow's radii (sun.ts).
const A_KM: f64 = 6378.137;
const F: f64 = 1.0 / 298.257223563;
const B_KM: f64 = A_KM * (1.0 - F);
const E2: f64 = F * (2.0 - F);
const EP2: f64 = E2 / (1.0 - E2);
const RAD_TO_DEG: f64 = 180.0 / Math.PI;
const EARTH_RADIUS_KM: f64 = 6378.137;
const SUN_RADIUS_KM: f64 = 695700.0;

/** First byte the caller's allocator may use. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Sgp4Batch.step: every near-Earth slot at `timeMin` (minutes since 1970 UTC) into position,
 * velocity, geodetic latitude, longitude and height and sunlit fraction (GMST's cosine and sine
 * and the Sun's TEME position given); a failed slot gets its error code, NaN and sunlit 0.
 * Returns the number of failed slots (deep-space ones not counted).
 */
export function step(
  records: usize, recordOf: usize, slots: usize, count: i32, timeMin: f64, cosGmst: f64, sinGmst: f64,
  sunX: f64, sunY: f64, sunZ: f64,
  pos: usize, vel: usize, lat: usize, lon: usize, alt: usize, sunlit: usize, errorCode: usize,
): i32 {
  let failed = 0;
  for (let i = 0; i < count; i += 2) {
    if (i + 1 < count && propagatePair(records, recordOf, slots, i, 0, 0, timeMin, pos, vel)) {
      finishPair(i, cosGmst, sinGmst, sunX, sunY, sunZ, pos, lat, lon, alt, sunlit, errorCode);
      continue;
    }
    for (let j = i; j < i + 2 && j < count; j++) {
      const code = propagateSlot(records, recordOf, slots, j, 0, 0, timeMin, pos, vel, j * 3);
      failed += finishSlot(j, code, cosGmst, sinGmst, sunX, sunY, sunZ, pos, lat, lon, alt, sunlit, errorCode);
    }
  }
  return failed;
}

/** finishSlot for slots i and i + 1, both propagated: the geodetic conversion on both lanes at once. */
@inline function finishPair(
  i: i32, cosGmst: f64, sinGmst: f64, sunX: f64, sunY: f64, sunZ: f64,
  pos: usize, lat: usize, lon: usize, alt: usize, sunlit: usize, errorCode: usize,
): void {
  store<u8>(errorCode + <usize>i, 0);
  store<u8>(errorCode + <usize>i + 1, 0);
  const a = i * 3;
  const b = a + 3;
  geodeticPair(pair(ld(pos, a), ld(pos, b)), pair(ld(pos, a + 1), ld(pos, b + 1)), pair(ld(pos, a + 2), ld(pos, b + 2)), cosGmst, sinGmst, lat, lon, alt, i);
  st(sunlit, i, sunlitFraction(ld(pos, a), ld(pos, a + 1), ld(pos, a + 2), sunX, sunY, sunZ));
  st(sunlit, i + 1, sunlitFraction(ld(pos, b), ld(pos, b + 1), ld(pos, b + 2), sunX, sunY, sunZ));
}

/** Slot i's error code, and its geodetic coordinates and sunlight from its position; 1 if it failed. */
@inline function finishSlot(
  i: i32, code: i32, cosGmst: f64, sinGmst: f64, sunX: f64, sunY: f64, sunZ: f64,
  pos: usize, lat: usize, lon: usize, alt: usize, sunlit: usize, errorCode: usize,
): i32 {
  store<u8>(errorCode + <usize>i, <u8>code);
  if (code == DEEP_PENDING) return 0;
  if (code != 0) {
    st(lat, i, NaN);
    st(lon, i, NaN);
    st(alt, i, NaN);
    st(sunlit, i, 0);
    return 1;
  }
  const x = ld(pos, i * 3);
  const y = ld(pos, i * 3 + 1);
  const z = ld(pos, i * 3 + 2);
  geodetic(x, y, z, cosGmst, sinGmst, lat, lon, alt, i);
  st(sunlit, i, sunlitFraction(x, y, z, sunX, sunY, sunZ));
  return 0;
}

/**
 * Sgp4Batch.propagate: position and velocity only, each slot at `timeMin` less its epoch, or all
 * at `sameTsinceMin` when `same` is 1. Returns the number of failed slots.
 */
export function propagate(
  records: usize, recordOf: usize, slots: usize, count: i32, timeMin: f64, sameTsinceMin: f64, same: i32,
  pos: usize, vel: usize, errorCode: usize,
): i32 {
  let failed = 0;
  for (let i = 0; i < count; i += 2) {
    if (i + 1 < count && propagatePair(records, recordOf, slots, i, same, sameTsinceMin, timeMin, pos, vel)) {
      store<u8>(errorCode + <usize>i, 0);
      store<u8>(errorCode + <usize>i + 1, 0);
      continue;
    }
    for (let j = i; j < i + 2 && j < count; j++) {
      const code = propagateSlot(records, recordOf, slots, j, same, sameTsinceMin, timeMin, pos, vel, j * 3);
      store<u8>(errorCode + <usize>j, <u8>code);
      if (code != 0 && code != DEEP_PENDING) failed++;
    }
  }
  return failed;
}

/** Slots i and i + 1 through nearPair; false (nothing to keep) when either must go alone. */
@inline function propagatePair(
  records: usize, recordOf: usize, slots: usize, i: i32, same: i32, sameTsinceMin: f64, timeMin: f64, pos: usize, vel: usize,
): bool {
  const b0 = <i32>load<u32>(recordOf + (<usize>i << 2)) * SGP4_RECORD_STRIDE;
  const b1 = <i32>load<u32>(recordOf + (<usize>(i + 1) << 2)) * SGP4_RECORD_STRIDE;
  if (ld(records, b0 + DEEP) == 1.0 || ld(records, b1 + DEEP) == 1.0) return false;
  const t = same != 0 ? splat(sameTsinceMin) : pair(timeMin - ld(records, b0 + EPOCH_MIN), timeMin - ld(records, b1 + EPOCH_MIN));
  return nearPair(records, b0, b1, slots, i * SLOT_STRIDE, (i + 1) * SLOT_STRIDE, t, pos, vel, i * 3, i * 3 + 3);
}

/** One slot into pos[at..at+2] and vel[at..at+2]: 0, an error code, or DEEP_PENDING. */
export function propagateOne(records: usize, recordOf: usize, slots: usize, slot: i32, timeMin: f64, pos: usize, vel: usize, at: i32): i32 {
  return propagateSlot(records, recordOf, slots, slot, 0, 0, timeMin, pos, vel, at);
}

@inline function propagateSlot(
  records: usize, recordOf: usize, slots: usize, i: i32, same: i32, sameTsinceMin: f64, timeMin: f64, pos: usize, vel: usize, at: i32,
): i32 {
  const b = <i32>load<u32>(recordOf + (<usize>i << 2)) * SGP4_RECORD_STRIDE;
  if (ld(records, b + DEEP) == 1.0) return DEEP_PENDING;
  const tsince = same != 0 ? sameTsinceMin : timeMin - ld(records, b + EPOCH_MIN);
  const code = near(records, b, slots, i * SLOT_STRIDE, tsince, pos, vel, at);
  if (code != 0) nanState(pos, vel, at);
  return code;
}

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

@inline function nanState(pos: usize, vel: usize, i3: i32): void {
  st(pos, i3, NaN);
  st(pos, i3 + 1, NaN);
  st(pos, i3 + 2, NaN);
  st(vel, i3, NaN);
  st(vel, i3 + 1, NaN);
  st(vel, i3 + 2, NaN);
}

/** orbit-batch.ts temeToGeodeticInto: Bowring with one refinement. */
@inline function geodetic(x: f64, y: f64, z: f64, cosG: f64, sinG: f64, lat: usize, lon: usize, alt: usize, i: i32): void {
  const xe = x * cosG + y * sinG;
  const ye = -x * sinG + y * cosG;
  const p = Math.sqrt(xe * xe + ye * ye);
  let sb = z;
  let cb = p * (1 - F);
  let invNorm = 1 / Math.sqrt(sb * sb + cb * cb);
  sb *= invNorm;
  cb *= invNorm;
  let num = z + EP2 * B_KM * sb * sb * sb;
  let den = p - E2 * A_KM * cb * cb * cb;
  sb = (1 - F) * num;
  cb = den;
  invNorm = 1 / Math.sqrt(sb * sb + cb * cb);
  sb *= invNorm;
  cb *= invNorm;
  num = z + EP2 * B_KM * sb * sb * sb;
  den = p - E2 * A_KM * cb * cb * cb;
  const invHyp = 1 / Math.sqrt(num * num + den * den);
  const sinPhi = num * invHyp;
  const cosPhi = den * invHyp;
  st(alt, i, p * cosPhi + z * sinPhi - A_KM * Math.sqrt(1 - E2 * sinPhi * sinPhi));
  st(lat, i, Math.atan2(num, den) * RAD_TO_DEG);
  st(lon, i, Math.atan2(ye, xe) * RAD_TO_DEG);
}

/** geodetic for slots i and i + 1, lane by lane its operations in its order; atan2 per lane. */
@inline function geodeticPair(x: v128, y: v128, z: v128, cosG: f64, sinG: f64, lat: usize, lon: usize, alt: usize, i: i32): void {
  const c = splat(cosG);
  const s = splat(sinG);
  const xe = add(mul(x, c), mul(y, s));
  const ye = add(mul(f64x2.neg(x), s), mul(y, c));
  const p = f64x2.sqrt(add(mul(xe, xe), mul(ye, ye)));
  let sb = z;
  let cb = mul(p, splat(1 - F));
  let invNorm = div(splat(1.0), f64x2.sqrt(add(mul(sb, sb), mul(cb, cb))));
  sb = mul(sb, invNorm);
  cb = mul(cb, invNorm);
  let num = add(z, mul(mul(mul(splat(EP2 * B_KM), sb), sb), sb));
  let den = sub(p, mul(mul(mul(splat(E2 * A_KM), cb), cb), cb));
  sb = mul(splat(1 - F), num);
  cb = den;
  invNorm = div(splat(1.0), f64x2.sqrt(add(mul(sb, sb), mul(cb, cb))));
  sb = mul(sb, invNorm);
  cb = mul(cb, invNorm);
  num = add(z, mul(mul(mul(splat(EP2 * B_KM), sb), sb), sb));
  den = sub(p, mul(mul(mul(splat(E2 * A_KM), cb), cb), cb));
  const invHyp = div(splat(1.0), f64x2.sqrt(add(mul(num, num), mul(den, den))));
  const sinPhi = mul(num, invHyp);
  const cosPhi = mul(den, invHyp);
  const h = sub(add(mul(p, cosPhi), mul(z, sinPhi)), mul(splat(A_KM), f64x2.sqrt(sub(splat(1.0), mul(mul(splat(E2), sinPhi), sinPhi)))));
  st(alt, i, lane0(h));
  st(alt, i + 1, lane1(h));
  st(lat, i, Math.atan2(lane0(num), lane0(den)) * RAD_TO_DEG);
  st(lat, i + 1, Math.atan2(lane1(num), lane1(den)) * RAD_TO_DEG);
  st(lon, i, Math.atan2(lane0(ye), lane0(xe)) * RAD_TO_DEG);
  st(lon, i + 1, Math.atan2(lane1(ye), lane1(xe)) * RAD_TO_DEG);
}

/** sun.ts sunlitFraction: the conical shadow's sunlit fraction. */
function sunlitFraction(xKm: f64, yKm: f64, zKm: f64, sunX: f64, sunY: f64, sunZ: f64): f64 {
  const rSat2 = xKm * xKm + yKm * yKm + zKm * zKm;
  const sunDot = xKm * sunX + yKm * sunY + zKm * sunZ;
  // On the sunward side of the terminator plane nothing can shade the satellite.
  if (sunDot >= 0) return 1;
  const rSat = Math.sqrt(rSat2);
  if (rSat <= EARTH_RADIUS_KM) return 0;
  const sx = sunX - xKm;
  const sy = sunY - yKm;
  const sz = sunZ - zKm;
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

/** Near-Earth SGP4 of record `b` of `c` and slot `k` of `own`, `tsince` minutes after epoch, into slot `i3`: 0 or an error code. */
@inline function near(c: usize, b: i32, own: usize, k: i32, tsince: f64, pos: usize, vel: usize, i3: i32): i32 {
  // Secular gravity and atmospheric drag.
  const xmdf = ld(own, k + MO) + ld(c, b + MDOT) * tsince;
  const argpdf = ld(c, b + ARGPO) + ld(c, b + ARGPDOT) * tsince;
  const nodedf = ld(own, k + NODEO) + ld(c, b + NODEDOT) * tsince;
  let argpm = argpdf;
  let mm = xmdf;
  const t2 = tsince * tsince;
  let nodem = nodedf + ld(c, b + NODECF) * t2;
  let tempa = 1.0 - ld(c, b + CC1) * tsince;
  let tempe = ld(c, b + BSTAR_CC4) * tsince;
  let templ = ld(c, b + T2COF) * t2;
  if (ld(c, b + SIMPLE) != 1.0) {
    const delomg = ld(c, b + OMGCOF) * tsince;
    sinCos(xmdf);
    const delmtemp = 1.0 + ld(c, b + ETA) * COS;
    const delm = ld(c, b + XMCOF) * (delmtemp * delmtemp * delmtemp - ld(own, k + DELMO));
    const temp = delomg + delm;
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const t3 = t2 * tsince;
    const t4 = t3 * tsince;
    tempa = tempa - ld(c, b + D2) * t2 - ld(c, b + D3) * t3 - ld(c, b + D4) * t4;
    sinCos(mm);
    tempe += ld(c, b + BSTAR_CC5) * (SIN - ld(own, k + SINMAO));
    templ = templ + ld(c, b + T3COF) * t3 + t4 * (ld(c, b + T4COF) + tsince * ld(c, b + T5COF));
  }
  const am = ld(c, b + AM_BASE) * tempa * tempa;
  const sqrtAm = Math.sqrt(am);
  const nm = XKE / (am * sqrtAm);
  let em = ld(c, b + ECCO) - tempe;
  if (em >= 1.0 || em < -0.001) return MEAN_ECCENTRICITY_OUT_OF_RANGE;
  if (em < 1.0e-6) em = 1.0e-6;
  mm += ld(c, b + NO) * templ;
  const xlm = remainderTwoPi(mm + argpm + nodem);
  nodem = remainderTwoPi(nodem);
  argpm = remainderTwoPi(argpm);
  mm = remainderTwoPi(xlm - argpm - nodem);

  // Long-period periodics.
  sinCos(argpm);
  const axnl = em * COS;
  let temp = 1.0 / (am * (1.0 - em * em));
  const aynl = em * SIN + temp * ld(c, b + AYCOF);
  const xl = mm + argpm + nodem + temp * ld(c, b + XLCOF) * axnl;

  // Kepler's equation by Newton's method, as the reference: at most 10 steps, each at most 0.95 rad.
  const u = remainderTwoPi(xl - nodem);
  let eo1 = u;
  sinCos(eo1);
  let sineo1 = SIN;
  let coseo1 = COS;
  let tem5: f64 = 0;
  for (let ktr = 1; ; ) {
    tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / (1.0 - coseo1 * axnl - sineo1 * aynl);
    if (tem5 >= 0.95) tem5 = 0.95;
    else if (tem5 <= -0.95) tem5 = -0.95;
    eo1 += tem5;
    ktr += 1;
    // The reference stops here with the sine and cosine of the eccentric anomaly before this step.
    if (Math.abs(tem5) < 1.0e-12 || ktr > 10) break;
    if (Math.abs(tem5) <= ROTATE_MAX_RAD) {
      const cosD = cosSmall(tem5);
      const sinD = sinSmall(tem5);
      const s = sineo1 * cosD + coseo1 * sinD;
      coseo1 = coseo1 * cosD - sineo1 * sinD;
      sineo1 = s;
    } else {
      sinCos(eo1);
      sineo1 = SIN;
      coseo1 = COS;
    }
  }

  // Short-period preliminary quantities.
  const ecose = axnl * coseo1 + aynl * sineo1;
  const esine = axnl * sineo1 - aynl * coseo1;
  const el2 = axnl * axnl + aynl * aynl;
  const pl = am * (1.0 - el2);
  if (pl < 0.0) return SEMI_LATUS_RECTUM_BELOW_ZERO;
  const rl = am * (1.0 - ecose);
  const rdotl = (sqrtAm * esine) / rl;
  const rvdotl = Math.sqrt(pl) / rl;
  const betal = Math.sqrt(1.0 - el2);
  temp = esine / (1.0 + betal);
  // sin and cos of the argument of latitude u (a unit pair: the reference takes atan2 of it).
  const sinu = (am / rl) * (sineo1 - aynl - axnl * temp);
  const cosu = (am / rl) * (coseo1 - axnl + aynl * temp);
  const sin2u = (cosu + cosu) * sinu;
  const cos2u = 1.0 - 2.0 * sinu * sinu;
  temp = 1.0 / pl;
  const temp1 = 0.5 * J2 * temp;
  const temp2 = temp1 * temp;

  // Short-period periodics.
  const x1mth2 = ld(c, b + X1MTH2);
  const cosip = ld(c, b + COSIO);
  const sinip = ld(c, b + SINIO);
  const mrt = rl * (1.0 - 1.5 * temp2 * betal * ld(c, b + CON41)) + 0.5 * temp1 * x1mth2 * cos2u;
  if (mrt < 1.0) return DECAYED;
  const dsu = -0.25 * temp2 * ld(c, b + X7THM1) * sin2u;
  const dnode = 1.5 * temp2 * cosip * sin2u;
  const dinc = 1.5 * temp2 * cosip * sinip * cos2u;
  const mvt = rdotl - (nm * temp1 * x1mth2 * sin2u) / XKE;
  const rvdot = rvdotl + (nm * temp1 * (x1mth2 * cos2u + 1.5 * ld(c, b + CON41))) / XKE;

  // Orientation vectors: each angle's sine and cosine, turned by its short-period correction.
  // The corrections are below 1e-3 rad unless the orbit's semi-latus rectum is a fraction of an
  // Earth radius; past ROTATE_MAX_RAD the angle itself is taken, as the reference does.
  let sinsu: f64;
  let cossu: f64;
  if (Math.abs(dsu) <= ROTATE_MAX_RAD) {
    const cosD = cosSmall(dsu);
    const sinD = sinSmall(dsu);
    sinsu = sinu * cosD + cosu * sinD;
    cossu = cosu * cosD - sinu * sinD;
  } else {
    const su = Math.atan2(sinu, cosu) + dsu;
    sinCos(su);
    sinsu = SIN;
    cossu = COS;
  }
  sinCos(nodem);
  const sinNode0 = SIN;
  const cosNode0 = COS;
  let snod: f64;
  let cnod: f64;
  if (Math.abs(dnode) <= ROTATE_MAX_RAD) {
    const cosD = cosSmall(dnode);
    const sinD = sinSmall(dnode);
    snod = sinNode0 * cosD + cosNode0 * sinD;
    cnod = cosNode0 * cosD - sinNode0 * sinD;
  } else {
    sinCos(nodem + dnode);
    snod = SIN;
    cnod = COS;
  }
  let sini: f64;
  let cosi: f64;
  if (Math.abs(dinc) <= ROTATE_MAX_RAD) {
    const cosD = cosSmall(dinc);
    const sinD = sinSmall(dinc);
    sini = sinip * cosD + cosip * sinD;
    cosi = cosip * cosD - sinip * sinD;
  } else {
    sinCos(Math.atan2(sinip, cosip) + dinc);
    sini = SIN;
    cosi = COS;
  }
  const xmx = -snod * cosi;
  const xmy = cnod * cosi;
  const ux = xmx * sinsu + cnod * cossu;
  const uy = xmy * sinsu + snod * cossu;
  const uz = sini * sinsu;
  const vx = xmx * cossu - cnod * sinsu;
  const vy = xmy * cossu - snod * sinsu;
  const vz = sini * cossu;

  st(pos, i3, mrt * ux * EARTH_RADIUS_WGS72_KM);
  st(pos, i3 + 1, mrt * uy * EARTH_RADIUS_WGS72_KM);
  st(pos, i3 + 2, mrt * uz * EARTH_RADIUS_WGS72_KM);
  st(vel, i3, (mvt * ux + rvdot * vx) * VKM_PER_SEC);
  st(vel, i3 + 1, (mvt * uy + rvdot * vy) * VKM_PER_SEC);
  st(vel, i3 + 2, (mvt * uz + rvdot * vz) * VKM_PER_SEC);
  return 0;
}

/** sgp4-near.ts remainderTwoPi: the reference's fmod by 2 pi, without the slow modulo. */
@inline function remainderTwoPi(x: f64): f64 {
  const k = Math.trunc(x * INV_TWO_PI);
  if (Math.abs(k) >= FAR_TURNS) return x % TWO_PI;
  return x - k * TWO_PI_HI - k * TWO_PI_LO;
}

// Filled by sinCos: read at once, every call overwrites them.
let SIN: f64 = 0;
let COS: f64 = 0;

/**
 * sin x and cos x (into SIN and COS) within an ulp or two of the correctly rounded values: one
 * reduction to r in [-pi/4, pi/4] and quadrant q serves both, and q picks and signs the two
 * polynomials. Cheaper than two calls of Math, and written once more for two lanes (sinCos2).
 */
@inline function sinCos(x: f64): void {
  const k = nearest<f64>(x * TWO_OVER_PI);
  if (Math.abs(k) >= MAX_QUARTERS) {
    SIN = Math.sin(x);
    COS = Math.cos(x);
    return;
  }
  const r = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_3;
  const z = r * r;
  const s = r + r * z * (S0 + z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6))))));
  const c = 1.0 + z * (C0 + z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6))))));
  const q = k - 4.0 * Math.floor(k * 0.25);
  const odd = q == 1.0 || q == 3.0;
  const sine = odd ? c : s;
  const cosine = odd ? s : c;
  SIN = q >= 2.0 ? -sine : sine;
  COS = q == 1.0 || q == 2.0 ? -cosine : cosine;
}

@inline function sinSmall(x: f64): f64 {
  const x2 = x * x;
  return x * (1 - x2 * (1.0 / 6 - x2 * (1.0 / 120 - x2 * (1.0 / 5040 - x2 * (1.0 / 362880 - x2 * (1.0 / 39916800))))));
}

@inline function cosSmall(x: f64): f64 {
  const x2 = x * x;
  return 1 - x2 * (0.5 - x2 * (1.0 / 24 - x2 * (1.0 / 720 - x2 * (1.0 / 40320 - x2 * (1.0 / 3628800 - x2 * (1.0 / 479001600))))));
}

// Two slots at once: the same operations, in the same order, on both lanes of f64x2 vectors, so
// each lane's result is bit for bit the scalar one (WebAssembly rounds every lane as a scalar
// operation and fuses nothing). Whatever is rare (an error, a correction too large to rotate,
// lanes that disagree on SGP4's simplified drag, angles past the polynomials' reach) sends the
// pair back to `near`, one slot at a time.

@inline function splat(x: f64): v128 {
  return f64x2.splat(x);
}
@inline function pair(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}
@inline function add(a: v128, b: v128): v128 {
  return f64x2.add(a, b);
}
@inline function sub(a: v128, b: v128): v128 {
  return f64x2.sub(a, b);
}
@inline function mul(a: v128, b: v128): v128 {
  return f64x2.mul(a, b);
}
@inline function div(a: v128, b: v128): v128 {
  return f64x2.div(a, b);
}
/** a where mask is set, else b. */
@inline function pick(mask: v128, a: v128, b: v128): v128 {
  return v128.bitselect(a, b, mask);
}
@inline function lane0(v: v128): f64 {
  return f64x2.extract_lane(v, 0);
}
@inline function lane1(v: v128): f64 {
  return f64x2.extract_lane(v, 1);
}
@inline function field(c: usize, b0: i32, b1: i32, at: i32): v128 {
  return pair(ld(c, b0 + at), ld(c, b1 + at));
}

// Filled by sinCos2: the sines and cosines of both lanes.
let SIN2: v128 = f64x2.splat(0);
let COS2: v128 = f64x2.splat(0);

/** sinCos on both lanes; false when either angle is past the reduction's reach. */
@inline function sinCos2(x: v128): bool {
  const k = f64x2.nearest(mul(x, splat(TWO_OVER_PI)));
  if (v128.any_true(f64x2.ge(f64x2.abs(k), splat(MAX_QUARTERS)))) return false;
  const r = sub(sub(sub(x, mul(k, splat(PIO2_1))), mul(k, splat(PIO2_2))), mul(k, splat(PIO2_3)));
  const z = mul(r, r);
  let ps = add(splat(S5), mul(z, splat(S6)));
  ps = add(splat(S4), mul(z, ps));
  ps = add(splat(S3), mul(z, ps));
  ps = add(splat(S2), mul(z, ps));
  ps = add(splat(S1), mul(z, ps));
  ps = add(splat(S0), mul(z, ps));
  const s = add(r, mul(mul(r, z), ps));
  let pc = add(splat(C5), mul(z, splat(C6)));
  pc = add(splat(C4), mul(z, pc));
  pc = add(splat(C3), mul(z, pc));
  pc = add(splat(C2), mul(z, pc));
  pc = add(splat(C1), mul(z, pc));
  pc = add(splat(C0), mul(z, pc));
  const c = add(splat(1.0), mul(z, pc));
  const q = sub(k, mul(splat(4.0), f64x2.floor(mul(k, splat(0.25)))));
  const odd = v128.or(f64x2.eq(q, splat(1.0)), f64x2.eq(q, splat(3.0)));
  const sinNegative = f64x2.ge(q, splat(2.0));
  const cosNegative = v128.or(f64x2.eq(q, splat(1.0)), f64x2.eq(q, splat(2.0)));
  const sine = pick(odd, c, s);
  const cosine = pick(odd, s, c);
  SIN2 = pick(sinNegative, f64x2.neg(sine), sine);
  COS2 = pick(cosNegative, f64x2.neg(cosine), cosine);
  return true;
}

/** remainderTwoPi on both lanes; NaN lanes when either is past 2^29 turns (the caller checks). */
@inline function remainderTwoPi2(x: v128): v128 {
  const k = f64x2.trunc(mul(x, splat(INV_TWO_PI)));
  const far = f64x2.ge(f64x2.abs(k), splat(FAR_TURNS));
  return pick(far, splat(NaN), sub(sub(x, mul(k, splat(TWO_PI_HI))), mul(k, splat(TWO_PI_LO))));
}

@inline function anyNaN(v: v128): bool {
  return v128.any_true(f64x2.ne(v, v));
}

@inline function storePair(p: usize, at0: i32, at1: i32, v: v128): void {
  st(p, at0, lane0(v));
  st(p, at1, lane1(v));
}

/**
 * near() for slots k0 and k1 (records b0 and b1, `tsince` t) into i3a and i3b; false when the
 * pair must go through near() one by one, nothing written that near() would not overwrite.
 */
@inline function nearPair(c: usize, b0: i32, b1: i32, own: usize, k0: i32, k1: i32, t: v128, pos: usize, vel: usize, i3a: i32, i3b: i32): bool {
  const simple = ld(c, b0 + SIMPLE);
  if (simple != ld(c, b1 + SIMPLE)) return false;
  // Secular gravity and atmospheric drag.
  const xmdf = add(pair(ld(own, k0 + MO), ld(own, k1 + MO)), mul(field(c, b0, b1, MDOT), t));
  const argpdf = add(field(c, b0, b1, ARGPO), mul(field(c, b0, b1, ARGPDOT), t));
  const nodedf = add(pair(ld(own, k0 + NODEO), ld(own, k1 + NODEO)), mul(field(c, b0, b1, NODEDOT), t));
  let argpm = argpdf;
  let mm = xmdf;
  const t2 = mul(t, t);
  let nodem = add(nodedf, mul(field(c, b0, b1, NODECF), t2));
  let tempa = sub(splat(1.0), mul(field(c, b0, b1, CC1), t));
  let tempe = mul(field(c, b0, b1, BSTAR_CC4), t);
  let templ = mul(field(c, b0, b1, T2COF), t2);
  if (simple != 1.0) {
    const delomg = mul(field(c, b0, b1, OMGCOF), t);
    if (!sinCos2(xmdf)) return false;
    const delmtemp = add(splat(1.0), mul(field(c, b0, b1, ETA), COS2));
    const delm = mul(field(c, b0, b1, XMCOF), sub(mul(mul(delmtemp, delmtemp), delmtemp), pair(ld(own, k0 + DELMO), ld(own, k1 + DELMO))));
    const temp = add(delomg, delm);
    mm = add(xmdf, temp);
    argpm = sub(argpdf, temp);
    const t3 = mul(t2, t);
    const t4 = mul(t3, t);
    tempa = sub(sub(sub(tempa, mul(field(c, b0, b1, D2), t2)), mul(field(c, b0, b1, D3), t3)), mul(field(c, b0, b1, D4), t4));
    if (!sinCos2(mm)) return false;
    tempe = add(tempe, mul(field(c, b0, b1, BSTAR_CC5), sub(SIN2, pair(ld(own, k0 + SINMAO), ld(own, k1 + SINMAO)))));
    templ = add(add(templ, mul(field(c, b0, b1, T3COF), t3)), mul(t4, add(field(c, b0, b1, T4COF), mul(t, field(c, b0, b1, T5COF)))));
  }
  const am = mul(mul(field(c, b0, b1, AM_BASE), tempa), tempa);
  const sqrtAm = f64x2.sqrt(am);
  const nm = div(splat(XKE), mul(am, sqrtAm));
  let em = sub(field(c, b0, b1, ECCO), tempe);
  if (v128.any_true(v128.or(f64x2.ge(em, splat(1.0)), f64x2.lt(em, splat(-0.001))))) return false;
  em = pick(f64x2.lt(em, splat(1.0e-6)), splat(1.0e-6), em);
  mm = add(mm, mul(field(c, b0, b1, NO), templ));
  const xlm = remainderTwoPi2(add(add(mm, argpm), nodem));
  nodem = remainderTwoPi2(nodem);
  argpm = remainderTwoPi2(argpm);
  mm = remainderTwoPi2(sub(sub(xlm, argpm), nodem));
  if (anyNaN(mm) || anyNaN(nodem) || anyNaN(argpm)) return false;

  // Long-period periodics.
  if (!sinCos2(argpm)) return false;
  const axnl = mul(em, COS2);
  let temp = div(splat(1.0), mul(am, sub(splat(1.0), mul(em, em))));
  const aynl = add(mul(em, SIN2), mul(temp, field(c, b0, b1, AYCOF)));
  const xl = add(add(add(mm, argpm), nodem), mul(mul(temp, field(c, b0, b1, XLCOF)), axnl));

  // Kepler: each lane stops where the scalar loop would, keeping the sine and cosine it had.
  const u = remainderTwoPi2(sub(xl, nodem));
  if (anyNaN(u)) return false;
  let eo1 = u;
  if (!sinCos2(eo1)) return false;
  let sineo1 = SIN2;
  let coseo1 = COS2;
  let active = f64x2.eq(u, u);
  for (let ktr = 1; ; ) {
    let tem5 = div(
      sub(add(sub(u, mul(aynl, coseo1)), mul(axnl, sineo1)), eo1),
      sub(sub(splat(1.0), mul(coseo1, axnl)), mul(sineo1, aynl)),
    );
    tem5 = pick(f64x2.ge(tem5, splat(0.95)), splat(0.95), pick(f64x2.le(tem5, splat(-0.95)), splat(-0.95), tem5));
    eo1 = pick(active, add(eo1, tem5), eo1);
    ktr += 1;
    if (ktr > 10) break;
    active = v128.andnot(active, f64x2.lt(f64x2.abs(tem5), splat(1.0e-12)));
    if (!v128.any_true(active)) break;
    const cosD = cosSmall2(tem5);
    const sinD = sinSmall2(tem5);
    let s = add(mul(sineo1, cosD), mul(coseo1, sinD));
    let co = sub(mul(coseo1, cosD), mul(sineo1, sinD));
    const whole = v128.and(active, f64x2.gt(f64x2.abs(tem5), splat(ROTATE_MAX_RAD)));
    if (v128.any_true(whole)) {
      if (!sinCos2(eo1)) return false;
      s = pick(whole, SIN2, s);
      co = pick(whole, COS2, co);
    }
    sineo1 = pick(active, s, sineo1);
    coseo1 = pick(active, co, coseo1);
  }

  // Short-period preliminary quantities.
  const ecose = add(mul(axnl, coseo1), mul(aynl, sineo1));
  const esine = sub(mul(axnl, sineo1), mul(aynl, coseo1));
  const el2 = add(mul(axnl, axnl), mul(aynl, aynl));
  const pl = mul(am, sub(splat(1.0), el2));
  if (v128.any_true(f64x2.lt(pl, splat(0.0)))) return false;
  const rl = mul(am, sub(splat(1.0), ecose));
  const rdotl = div(mul(sqrtAm, esine), rl);
  const rvdotl = div(f64x2.sqrt(pl), rl);
  const betal = f64x2.sqrt(sub(splat(1.0), el2));
  temp = div(esine, add(splat(1.0), betal));
  const amOverRl = div(am, rl);
  const sinu = mul(amOverRl, sub(sub(sineo1, aynl), mul(axnl, temp)));
  const cosu = mul(amOverRl, add(sub(coseo1, axnl), mul(aynl, temp)));
  const sin2u = mul(add(cosu, cosu), sinu);
  const cos2u = sub(splat(1.0), mul(mul(splat(2.0), sinu), sinu));
  temp = div(splat(1.0), pl);
  const temp1 = mul(splat(0.5 * J2), temp);
  const temp2 = mul(temp1, temp);

  // Short-period periodics.
  const x1mth2 = field(c, b0, b1, X1MTH2);
  const cosip = field(c, b0, b1, COSIO);
  const sinip = field(c, b0, b1, SINIO);
  const con41 = field(c, b0, b1, CON41);
  const mrt = add(
    mul(rl, sub(splat(1.0), mul(mul(mul(splat(1.5), temp2), betal), con41))),
    mul(mul(mul(splat(0.5), temp1), x1mth2), cos2u),
  );
  if (v128.any_true(f64x2.lt(mrt, splat(1.0)))) return false;
  const dsu = mul(mul(mul(splat(-0.25), temp2), field(c, b0, b1, X7THM1)), sin2u);
  const dnode = mul(mul(mul(splat(1.5), temp2), cosip), sin2u);
  const dinc = mul(mul(mul(mul(splat(1.5), temp2), cosip), sinip), cos2u);
  const mvt = sub(rdotl, div(mul(mul(mul(nm, temp1), x1mth2), sin2u), splat(XKE)));
  const rvdot = add(rvdotl, div(mul(mul(nm, temp1), add(mul(x1mth2, cos2u), mul(splat(1.5), con41))), splat(XKE)));

  // Orientation vectors.
  const big = v128.or(
    f64x2.gt(f64x2.abs(dsu), splat(ROTATE_MAX_RAD)),
    v128.or(f64x2.gt(f64x2.abs(dnode), splat(ROTATE_MAX_RAD)), f64x2.gt(f64x2.abs(dinc), splat(ROTATE_MAX_RAD))),
  );
  if (v128.any_true(big)) return false;
  let cosD = cosSmall2(dsu);
  let sinD = sinSmall2(dsu);
  const sinsu = add(mul(sinu, cosD), mul(cosu, sinD));
  const cossu = sub(mul(cosu, cosD), mul(sinu, sinD));
  if (!sinCos2(nodem)) return false;
  const sinNode0 = SIN2;
  const cosNode0 = COS2;
  cosD = cosSmall2(dnode);
  sinD = sinSmall2(dnode);
  const snod = add(mul(sinNode0, cosD), mul(cosNode0, sinD));
  const cnod = sub(mul(cosNode0, cosD), mul(sinNode0, sinD));
  cosD = cosSmall2(dinc);
  sinD = sinSmall2(dinc);
  const sini = add(mul(sinip, cosD), mul(cosip, sinD));
  const cosi = sub(mul(cosip, cosD), mul(sinip, sinD));
  const xmx = mul(f64x2.neg(snod), cosi);
  const xmy = mul(cnod, cosi);
  const ux = add(mul(xmx, sinsu), mul(cnod, cossu));
  const uy = add(mul(xmy, sinsu), mul(snod, cossu));
  const uz = mul(sini, sinsu);
  const vx = sub(mul(xmx, cossu), mul(cnod, sinsu));
  const vy = sub(mul(xmy, cossu), mul(snod, sinsu));
  const vz = mul(sini, cossu);

  const re = splat(EARTH_RADIUS_WGS72_KM);
  const vk = splat(VKM_PER_SEC);
  storePair(pos, i3a, i3b, mul(mul(mrt, ux), re));
  storePair(pos, i3a + 1, i3b + 1, mul(mul(mrt, uy), re));
  storePair(pos, i3a + 2, i3b + 2, mul(mul(mrt, uz), re));
  storePair(vel, i3a, i3b, mul(add(mul(mvt, ux), mul(rvdot, vx)), vk));
  storePair(vel, i3a + 1, i3b + 1, mul(add(mul(mvt, uy), mul(rvdot, vy)), vk));
  storePair(vel, i3a + 2, i3b + 2, mul(add(mul(mvt, uz), mul(rvdot, vz)), vk));
  return true;
}

@inline function sinSmall2(x: v128): v128 {
  const x2 = mul(x, x);
  let p = sub(splat(1.0 / 362880), mul(x2, splat(1.0 / 39916800)));
  p = sub(splat(1.0 / 5040), mul(x2, p));
  p = sub(splat(1.0 / 120), mul(x2, p));
  p = sub(splat(1.0 / 6), mul(x2, p));
  return mul(x, sub(splat(1.0), mul(x2, p)));
}

@inline function cosSmall2(x: v128): v128 {
  const x2 = mul(x, x);
  let p = sub(splat(1.0 / 3628800), mul(x2, splat(1.0 / 479001600)));
  p = sub(splat(1.0 / 40320), mul(x2, p));
  p = sub(splat(1.0 / 720), mul(x2, p));
  p = sub(splat(1.0 / 24), mul(x2, p));
  p = sub(splat(0.5), mul(x2, p));
  return sub(splat(1.0), mul(x2, p));
}
