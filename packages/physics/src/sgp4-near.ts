/**
 * Near-Earth SGP4 over packed numbers: the layout of a record (the constants a satellite shares
 * with its shell) and of a slot (the numbers that are its own), how an initialised satellite.js
 * record fills them, and the propagator. The equations are SGP4's (Vallado, Crawford, Hujsak &
 * Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753), in the reference order, with these
 * exact rewrites (each the same value up to a few units in the last place):
 * - (xke/n0)^(2/3) depends on the satellite only (near Earth n0 is constant): computed once;
 * - am^1.5 as am * sqrt(am), sharing sqrt(am) with the radial rate;
 * - the sine and cosine of an angle that SGP4 moves by a small short-period or Newton correction
 *   d (Kepler's iterations after the first, the argument of latitude, the node, the inclination)
 *   come from rotating the known pair by d: sin(x + d) = sin x cos d + cos x sin d, with cos d and
 *   sin d from their Taylor series, exact to rounding for |d| <= ROTATE_MAX_RAD;
 * - the inclination's sine and cosine near Earth are those of the epoch inclination, once.
 */
import { constants, SatRecError, type SatRec } from "satellite.js";

const { xke, j2, earthRadius: EARTH_RADIUS_WGS72_KM, vkmpersec: VKM_PER_SEC, x2o3: TWO_THIRDS, twoPi: TWO_PI } = constants;

const MIN_PER_DAY = 1440;
/** Julian date of 1970-01-01T00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;

// A record: the SGP4 constants a satellite shares with its shell (every satellite of a generated
// shell has the same but for its node and mean anomaly). Offsets into the records table.
export const EPOCH_MIN = 0; // element epoch, minutes since 1970 UTC
const MDOT = 1;
const ARGPO = 2;
const ARGPDOT = 3;
const NODEDOT = 4;
const NODECF = 5;
const CC1 = 6;
const BSTAR_CC4 = 7;
const T2COF = 8;
const SIMPLE = 9; // 1 when SGP4 drops the higher drag terms (perigee below 220 km)
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
const AM_BASE = 21; // (xke / no)^(2/3)
const ECCO = 22;
const AYCOF = 23;
const XLCOF = 24;
const CON41 = 25;
const X1MTH2 = 26;
const X7THM1 = 27;
const COSIO = 28;
const SINIO = 29;
export const DEEP = 30; // 1: deep space, the slot's satellite.js record propagates it
/** numbers per shared record */
export const SGP4_RECORD_STRIDE = 31;
// What is a satellite's own: offsets into the per-slot table.
const MO = 0;
const NODEO = 1;
const SINMAO = 2;
const DELMO = 3;
export const SLOT_STRIDE = 4;

/** Largest correction turned into a rotation; the Taylor terms left out are below 1e-18 of it. */
const ROTATE_MAX_RAD = 0.125;

/**
 * Record `b` of `c` and slot `k` of `own` from an initialised satellite.js record. A deep-space
 * record gets its epoch and the DEEP mark only: satellite.js propagates it.
 */
export function writeSatrec(c: Float64Array, b: number, own: Float64Array, k: number, satrec: SatRec): void {
  c.fill(0, b, b + SGP4_RECORD_STRIDE);
  own.fill(0, k, k + SLOT_STRIDE);
  c[b + EPOCH_MIN] = (satrec.jdsatepoch - JD_UNIX_EPOCH) * MIN_PER_DAY;
  if (satrec.method === "d") {
    c[b + DEEP] = 1;
    return;
  }
  own[k + MO] = satrec.mo;
  own[k + NODEO] = satrec.nodeo;
  own[k + SINMAO] = satrec.sinmao;
  own[k + DELMO] = satrec.delmo;
  c[b + MDOT] = satrec.mdot;
  c[b + ARGPO] = satrec.argpo;
  c[b + ARGPDOT] = satrec.argpdot;
  c[b + NODEDOT] = satrec.nodedot;
  c[b + NODECF] = satrec.nodecf;
  c[b + CC1] = satrec.cc1;
  c[b + BSTAR_CC4] = satrec.bstar * satrec.cc4;
  c[b + T2COF] = satrec.t2cof;
  c[b + SIMPLE] = satrec.isimp === 1 ? 1 : 0;
  c[b + OMGCOF] = satrec.omgcof ?? 0;
  c[b + ETA] = satrec.eta;
  c[b + XMCOF] = satrec.xmcof ?? 0;
  c[b + D2] = satrec.d2 ?? 0;
  c[b + D3] = satrec.d3 ?? 0;
  c[b + D4] = satrec.d4 ?? 0;
  c[b + BSTAR_CC5] = satrec.bstar * satrec.cc5;
  c[b + T3COF] = satrec.t3cof ?? 0;
  c[b + T4COF] = satrec.t4cof ?? 0;
  c[b + T5COF] = satrec.t5cof ?? 0;
  c[b + NO] = satrec.no;
  c[b + AM_BASE] = (xke / satrec.no) ** TWO_THIRDS;
  c[b + ECCO] = satrec.ecco;
  c[b + AYCOF] = satrec.aycof;
  c[b + XLCOF] = satrec.xlcof;
  c[b + CON41] = satrec.con41;
  c[b + X1MTH2] = satrec.x1mth2;
  c[b + X7THM1] = satrec.x7thm1;
  c[b + COSIO] = Math.cos(satrec.inclo);
  c[b + SINIO] = Math.sin(satrec.inclo);
}

/** Slot `k` of `own` on record `b` of `c` with mean anomaly `moRad` and node `nodeoRad`, as sgp4init derives the slot's numbers from them. */
export function writeVariant(c: Float64Array, b: number, own: Float64Array, k: number, moRad: number, nodeoRad: number): void {
  own[k + MO] = moRad;
  own[k + NODEO] = nodeoRad;
  const delmotemp = 1.0 + c[b + ETA]! * Math.cos(moRad);
  own[k + DELMO] = delmotemp * delmotemp * delmotemp;
  own[k + SINMAO] = Math.sin(moRad);
}

/**
 * Near-Earth SGP4 of the record at `b` of `c` with the satellite's own numbers at `k` of `own`,
 * `tsince` minutes after its epoch, into slot `i3` of the outputs; 0 or an error code.
 */
export function propagateNear(
  c: Float64Array,
  b: number,
  own: Float64Array,
  k: number,
  tsince: number,
  posKm: Float64Array,
  velKmS: Float64Array,
  i3: number,
): number {
  // Secular gravity and atmospheric drag.
  const xmdf = own[k + MO]! + c[b + MDOT]! * tsince;
  const argpdf = c[b + ARGPO]! + c[b + ARGPDOT]! * tsince;
  const nodedf = own[k + NODEO]! + c[b + NODEDOT]! * tsince;
  let argpm = argpdf;
  let mm = xmdf;
  const t2 = tsince * tsince;
  let nodem = nodedf + c[b + NODECF]! * t2;
  let tempa = 1.0 - c[b + CC1]! * tsince;
  let tempe = c[b + BSTAR_CC4]! * tsince;
  let templ = c[b + T2COF]! * t2;
  if (c[b + SIMPLE] !== 1) {
    const delomg = c[b + OMGCOF]! * tsince;
    const delmtemp = 1.0 + c[b + ETA]! * Math.cos(xmdf);
    const delm = c[b + XMCOF]! * (delmtemp * delmtemp * delmtemp - own[k + DELMO]!);
    const temp = delomg + delm;
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const t3 = t2 * tsince;
    const t4 = t3 * tsince;
    tempa = tempa - c[b + D2]! * t2 - c[b + D3]! * t3 - c[b + D4]! * t4;
    tempe += c[b + BSTAR_CC5]! * (Math.sin(mm) - own[k + SINMAO]!);
    templ = templ + c[b + T3COF]! * t3 + t4 * (c[b + T4COF]! + tsince * c[b + T5COF]!);
  }
  const am = c[b + AM_BASE]! * tempa * tempa;
  const sqrtAm = Math.sqrt(am);
  const nm = xke / (am * sqrtAm);
  let em = c[b + ECCO]! - tempe;
  if (em >= 1.0 || em < -0.001) return SatRecError.MeanEccentricityOutOfRange;
  if (em < 1.0e-6) em = 1.0e-6;
  mm += c[b + NO]! * templ;
  const xlm = remainderTwoPi(mm + argpm + nodem);
  nodem = remainderTwoPi(nodem);
  argpm = remainderTwoPi(argpm);
  mm = remainderTwoPi(xlm - argpm - nodem);

  // Long-period periodics.
  const axnl = em * Math.cos(argpm);
  let temp = 1.0 / (am * (1.0 - em * em));
  const aynl = em * Math.sin(argpm) + temp * c[b + AYCOF]!;
  const xl = mm + argpm + nodem + temp * c[b + XLCOF]! * axnl;

  // Kepler's equation by Newton's method, as the reference: at most 10 steps, each at most 0.95 rad.
  const u = remainderTwoPi(xl - nodem);
  let eo1 = u;
  let sineo1 = Math.sin(eo1);
  let coseo1 = Math.cos(eo1);
  let tem5: number;
  for (let ktr = 1; ;) {
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
  if (pl < 0.0) return SatRecError.SemiLatusRectumBelowZero;
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
  const temp1 = 0.5 * j2 * temp;
  const temp2 = temp1 * temp;

  // Short-period periodics.
  const x1mth2 = c[b + X1MTH2]!;
  const cosip = c[b + COSIO]!;
  const sinip = c[b + SINIO]!;
  const mrt = rl * (1.0 - 1.5 * temp2 * betal * c[b + CON41]!) + 0.5 * temp1 * x1mth2 * cos2u;
  if (mrt < 1.0) return SatRecError.Decayed;
  const dsu = -0.25 * temp2 * c[b + X7THM1]! * sin2u;
  const dnode = 1.5 * temp2 * cosip * sin2u;
  const dinc = 1.5 * temp2 * cosip * sinip * cos2u;
  const mvt = rdotl - (nm * temp1 * x1mth2 * sin2u) / xke;
  const rvdot = rvdotl + (nm * temp1 * (x1mth2 * cos2u + 1.5 * c[b + CON41]!)) / xke;

  // Orientation vectors: each angle's sine and cosine, turned by its short-period correction.
  // The corrections are below 1e-3 rad unless the orbit's semi-latus rectum is a fraction of an
  // Earth radius; past ROTATE_MAX_RAD the angle itself is taken, as the reference does.
  let sinsu: number;
  let cossu: number;
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
  let snod: number;
  let cnod: number;
  if (Math.abs(dnode) <= ROTATE_MAX_RAD) {
    const cosD = cosSmall(dnode);
    const sinD = sinSmall(dnode);
    snod = sinNode0 * cosD + cosNode0 * sinD;
    cnod = cosNode0 * cosD - sinNode0 * sinD;
  } else {
    snod = Math.sin(nodem + dnode);
    cnod = Math.cos(nodem + dnode);
  }
  let sini: number;
  let cosi: number;
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

  posKm[i3] = mrt * ux * EARTH_RADIUS_WGS72_KM;
  posKm[i3 + 1] = mrt * uy * EARTH_RADIUS_WGS72_KM;
  posKm[i3 + 2] = mrt * uz * EARTH_RADIUS_WGS72_KM;
  velKmS[i3] = (mvt * ux + rvdot * vx) * VKM_PER_SEC;
  velKmS[i3 + 1] = (mvt * uy + rvdot * vy) * VKM_PER_SEC;
  velKmS[i3 + 2] = (mvt * uz + rvdot * vz) * VKM_PER_SEC;
  return 0;
}

// 2 pi as the reference divides by it (the double), split so that k * TWO_PI_HI is exact for
// |k| < 2^29: HI keeps 24 significant bits, LO = TWO_PI - HI exactly.
const TWO_PI_HI = Math.fround(TWO_PI);
const TWO_PI_LO = TWO_PI - TWO_PI_HI;
const INV_TWO_PI = 1 / TWO_PI;

/**
 * x % TWO_PI (the reference's fmod, sign of x) to within an ulp of the result, without the slow
 * floating-point modulo: x - k HI is exact (Sterbenz) and only k LO rounds. Angles past 2^29
 * turns (never within SGP4's validity) take the modulo.
 */
function remainderTwoPi(x: number): number {
  const k = Math.trunc(x * INV_TWO_PI);
  if (k === 0) return x;
  if (Math.abs(k) >= 0x2000_0000) return x % TWO_PI;
  return x - k * TWO_PI_HI - k * TWO_PI_LO;
}

// Taylor coefficients, sin to x^11 and cos to x^12: for |x| <= 0.125 the first term left out is
// below 1e-20 of the result.
const S3 = 1 / 6;
const S5 = 1 / 120;
const S7 = 1 / 5040;
const S9 = 1 / 362_880;
const S11 = 1 / 39_916_800;
const C2 = 1 / 2;
const C4 = 1 / 24;
const C6 = 1 / 720;
const C8 = 1 / 40_320;
const C10 = 1 / 3_628_800;
const C12 = 1 / 479_001_600;

function sinSmall(x: number): number {
  const x2 = x * x;
  return x * (1 - x2 * (S3 - x2 * (S5 - x2 * (S7 - x2 * (S9 - x2 * S11)))));
}

function cosSmall(x: number): number {
  const x2 = x * x;
  return 1 - x2 * (C2 - x2 * (C4 - x2 * (C6 - x2 * (C8 - x2 * (C10 - x2 * C12)))));
}
