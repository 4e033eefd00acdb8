/**
 * The fleet kernel in WebAssembly (AssemblyScript; `npm run build:wasm -w @orbitwin/physics`
 * writes dist/sgp4-kernel.wasm, which sgp4-wasm.ts loads). Near-Earth SGP4 over the packed
 * records of sgp4-near.ts, fused with the geodetic conversion of orbit-batch.ts
 * (temeToGeodeticInto) and the conical shadow of sun.ts (sunlitFraction), a whole cluster per
 * call, with no bounds check or boxed number per satellite.
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
 * - the inclination's sine and cosine near Earth are those of the epoch inclination, once.
 * sgp4-batch.test.ts holds the results to Vallado's verification vectors and to satellite.js,
 * which would also catch these offsets drifting from sgp4-near.ts's. Deep-space slots are left to
 * satellite.js: the kernel marks them DEEP_PENDING and touches nothing else of theirs.
 */

// Record offsets (sgp4-near.ts).
const EPOCH_MIN = 0;
const MDOT = 1;
const ARGPO = 2;
const ARGPDOT = 3;
const NODEDOT = 4;
const NODECF = 5;
const CC1 = 6;
const BSTAR_CC4 = 7;
const T2COF = 8;
const SIMPLE = 9;
const OMGCOF = 10;
const ETA = 11;
const XMCOF = 12;
const D2 = 13;
const D3 = 14;
const D4 = 15;
const BSTAR_CC5 = 16;
const T3COF = 17;
const T4COF = 18;
const T5COF = 19;
const NO = 20;
const AM_BASE = 21;
const ECCO = 22;
const AYCOF = 23;
const XLCOF = 24;
const CON41 = 25;
const X1MTH2 = 26;
const X7THM1 = 27;
const COSIO = 28;
const SINIO = 29;
const DEEP = 30;
const RECORD_STRIDE = 31;
// Slot offsets.
const MO = 0;
const NODEO = 1;
const SINMAO = 2;
const DELMO = 3;
const SLOT_STRIDE = 4;

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
  for (let i = 0; i < count; i++) {
    const b = <i32>load<u32>(recordOf + (<usize>i << 2)) * RECORD_STRIDE;
    if (ld(records, b + DEEP) == 1.0) {
      store<u8>(errorCode + <usize>i, DEEP_PENDING);
      continue;
    }
    const i3 = i * 3;
    const code = near(records, b, slots, i * SLOT_STRIDE, timeMin - ld(records, b + EPOCH_MIN), pos, vel, i3);
    store<u8>(errorCode + <usize>i, <u8>code);
    if (code != 0) {
      nanState(pos, vel, i3);
      st(lat, i, NaN);
      st(lon, i, NaN);
      st(alt, i, NaN);
      st(sunlit, i, 0);
      failed++;
      continue;
    }
    const x = ld(pos, i3);
    const y = ld(pos, i3 + 1);
    const z = ld(pos, i3 + 2);
    geodetic(x, y, z, cosGmst, sinGmst, lat, lon, alt, i);
    st(sunlit, i, sunlitFraction(x, y, z, sunX, sunY, sunZ));
  }
  return failed;
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
  for (let i = 0; i < count; i++) {
    const code = propagateSlot(records, recordOf, slots, i, same, sameTsinceMin, timeMin, pos, vel, i * 3);
    store<u8>(errorCode + <usize>i, <u8>code);
    if (code != 0 && code != DEEP_PENDING) failed++;
  }
  return failed;
}

/** One slot into pos[at..at+2] and vel[at..at+2]: 0, an error code, or DEEP_PENDING. */
export function propagateOne(records: usize, recordOf: usize, slots: usize, slot: i32, timeMin: f64, pos: usize, vel: usize, at: i32): i32 {
  return propagateSlot(records, recordOf, slots, slot, 0, 0, timeMin, pos, vel, at);
}

@inline function propagateSlot(
  records: usize, recordOf: usize, slots: usize, i: i32, same: i32, sameTsinceMin: f64, timeMin: f64, pos: usize, vel: usize, at: i32,
): i32 {
  const b = <i32>load<u32>(recordOf + (<usize>i << 2)) * RECORD_STRIDE;
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
    const delmtemp = 1.0 + ld(c, b + ETA) * Math.cos(xmdf);
    const delm = ld(c, b + XMCOF) * (delmtemp * delmtemp * delmtemp - ld(own, k + DELMO));
    const temp = delomg + delm;
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const t3 = t2 * tsince;
    const t4 = t3 * tsince;
    tempa = tempa - ld(c, b + D2) * t2 - ld(c, b + D3) * t3 - ld(c, b + D4) * t4;
    tempe += ld(c, b + BSTAR_CC5) * (Math.sin(mm) - ld(own, k + SINMAO));
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
  const axnl = em * Math.cos(argpm);
  let temp = 1.0 / (am * (1.0 - em * em));
  const aynl = em * Math.sin(argpm) + temp * ld(c, b + AYCOF);
  const xl = mm + argpm + nodem + temp * ld(c, b + XLCOF) * axnl;

  // Kepler's equation by Newton's method, as the reference: at most 10 steps, each at most 0.95 rad.
  const u = remainderTwoPi(xl - nodem);
  let eo1 = u;
  let sineo1 = Math.sin(eo1);
  let coseo1 = Math.cos(eo1);
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
      sineo1 = Math.sin(eo1);
      coseo1 = Math.cos(eo1);
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
    sinsu = Math.sin(su);
    cossu = Math.cos(su);
  }
  const sinNode0 = Math.sin(nodem);
  const cosNode0 = Math.cos(nodem);
  let snod: f64;
  let cnod: f64;
  if (Math.abs(dnode) <= ROTATE_MAX_RAD) {
    const cosD = cosSmall(dnode);
    const sinD = sinSmall(dnode);
    snod = sinNode0 * cosD + cosNode0 * sinD;
    cnod = cosNode0 * cosD - sinNode0 * sinD;
  } else {
    snod = Math.sin(nodem + dnode);
    cnod = Math.cos(nodem + dnode);
  }
  let sini: f64;
  let cosi: f64;
  if (Math.abs(dinc) <= ROTATE_MAX_RAD) {
    const cosD = cosSmall(dinc);
    const sinD = sinSmall(dinc);
    sini = sinip * cosD + cosip * sinD;
    cosi = cosip * cosD - sinip * sinD;
  } else {
    sini = Math.sin(Math.atan2(sinip, cosip) + dinc);
    cosi = Math.cos(Math.atan2(sinip, cosip) + dinc);
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
  if (k == 0) return x;
  if (Math.abs(k) >= 536870912.0) return x % TWO_PI;
  return x - k * TWO_PI_HI - k * TWO_PI_LO;
}

@inline function sinSmall(x: f64): f64 {
  const x2 = x * x;
  return x * (1 - x2 * (1.0 / 6 - x2 * (1.0 / 120 - x2 * (1.0 / 5040 - x2 * (1.0 / 362880 - x2 * (1.0 / 39916800))))));
}

@inline function cosSmall(x: f64): f64 {
  const x2 = x * x;
  return 1 - x2 * (0.5 - x2 * (1.0 / 24 - x2 * (1.0 / 720 - x2 * (1.0 / 40320 - x2 * (1.0 / 3628800 - x2 * (1.0 / 479001600))))));
}
