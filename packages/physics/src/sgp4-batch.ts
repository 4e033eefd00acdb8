/**
 * SGP4 for a whole cluster in one pass (the fleet kernel). Each satellite's initialised SGP4
 * constants (satellite.js `sgp4init`: WGS-72, improved mode, Vallado, Crawford, Hujsak & Kelso,
 * "Revisiting Spacetrack Report #3", AIAA 2006-6753) are copied into one Float64Array, a record
 * of STRIDE numbers per slot; one loop then evaluates the near-Earth propagator for every slot,
 * with no object per satellite or per step. Deep-space sets (period >= 225 min, SDP4) keep their
 * satellite.js record and go through satellite.js `sgp4` in the same loop.
 *
 * The equations are SGP4's, in the reference order, with these exact rewrites (each the same value
 * up to a few units in the last place):
 * - (xke/n0)^(2/3) depends on the satellite only (near Earth n0 is constant): computed once;
 * - am^1.5 as am * sqrt(am), sharing sqrt(am) with the radial rate;
 * - the sine and cosine of an angle that SGP4 moves by a small short-period or Newton correction
 *   d (Kepler's iterations after the first, the argument of latitude, the node, the inclination)
 *   come from rotating the known pair by d: sin(x + d) = sin x cos d + cos x sin d, with cos d and
 *   sin d from their Taylor series, exact to rounding for |d| <= ROTATE_MAX_RAD;
 * - the inclination's sine and cosine near Earth are those of the epoch inclination, once.
 * sgp4-batch.test.ts holds the result to Vallado's verification vectors and to satellite.js.
 */
import { constants, sgp4, SatRecError, type SatRec } from "satellite.js";
import { beyondTleDigits, toSatrec, validateElements, wrapDeg, type MeanElements } from "./elements.js";
import { BadModelInputError } from "./errors.js";
import { gmstRad, temeToGeodeticInto, type OrbitState } from "./orbit-batch.js";
import { sunlitFraction } from "./sun.js";

const { xke, j2, earthRadius: EARTH_RADIUS_WGS72_KM, vkmpersec: VKM_PER_SEC, x2o3: TWO_THIRDS, twoPi: TWO_PI, deg2rad: RAD_PER_DEG } = constants;

const MIN_PER_DAY = 1440;
const MS_PER_MIN = 60_000;
/** Julian date of 1970-01-01T00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;

// The record of one slot: offsets into the constants array.
const EPOCH_MIN = 0; // element epoch, minutes since 1970 UTC
const MO = 1;
const MDOT = 2;
const ARGPO = 3;
const ARGPDOT = 4;
const NODEO = 5;
const NODEDOT = 6;
const NODECF = 7;
const CC1 = 8;
const BSTAR_CC4 = 9;
const T2COF = 10;
const SIMPLE = 11; // 1 when SGP4 drops the higher drag terms (perigee below 220 km)
const OMGCOF = 12;
const ETA = 13;
const XMCOF = 14;
const DELMO = 15;
const D2 = 16;
const D3 = 17;
const D4 = 18;
const BSTAR_CC5 = 19;
const SINMAO = 20;
const T3COF = 21;
const T4COF = 22;
const T5COF = 23;
const NO = 24;
const AM_BASE = 25; // (xke / no)^(2/3)
const ECCO = 26;
const AYCOF = 27;
const XLCOF = 28;
const CON41 = 29;
const X1MTH2 = 30;
const X7THM1 = 31;
const COSIO = 32;
const SINIO = 33;
const DEEP = 34; // 1: deep space, the slot's satellite.js record propagates it
/** numbers per slot */
export const SGP4_BATCH_STRIDE = 35;

/** Largest correction turned into a rotation; the Taylor terms left out are below 1e-18 of it. */
const ROTATE_MAX_RAD = 0.125;

/** Error code of a slot whose propagation failed without satellite.js naming a reason. */
export const SGP4_UNKNOWN_ERROR = 255;

/**
 * The SGP4 constants of `count` satellites. Slots are filled from satellite.js records
 * (`setSatrec`), which are not kept except for deep-space sets.
 */
export class Sgp4Batch {
  readonly count: number;
  readonly #constants: Float64Array;
  readonly #deep = new Map<number, SatRec>();

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 0) throw new BadModelInputError(`Sgp4Batch: count = ${count} must be a whole number >= 0`);
    this.count = count;
    this.#constants = new Float64Array(count * SGP4_BATCH_STRIDE);
  }

  static fromSatrecs(satrecs: readonly SatRec[]): Sgp4Batch {
    const batch = new Sgp4Batch(satrecs.length);
    satrecs.forEach((satrec, slot) => batch.setSatrec(slot, satrec));
    return batch;
  }

  /**
   * A batch of `count` element sets (`elementsAt(slot)`), each slot the record `toSatrec` builds.
   * A generated shell initialises SGP4 once per group of sets that differ only in node and mean
   * anomaly: sgp4init uses those two near Earth only in nodeo, mo, sin(mo) and (1 + eta cos mo)^3,
   * recomputed here per slot as it computes them, so every constant is the one toSatrec gives.
   * Grouped are near-Earth sets on toSatrec's OMM path (`beyondTleDigits`), whose record does not
   * depend on how the angles are written; every other set is initialised on its own.
   */
  static fromElements(count: number, elementsAt: (slot: number) => MeanElements): Sgp4Batch {
    const batch = new Sgp4Batch(count);
    // Per shell key: the slot whose record the others share, or -1 when its sets are not grouped.
    const templates = new Map<string, number>();
    let last: { el: MeanElements; template: number } | undefined;
    for (let slot = 0; slot < count; slot++) {
      const el = elementsAt(slot);
      // Shells come plane by plane: most sets share the previous one's key.
      let template = last && sameShell(last.el, el) ? last.template : undefined;
      if (template === undefined) {
        const key = shellKey(el);
        template = templates.get(key);
        if (template === undefined) {
          batch.setSatrec(slot, toSatrec(el));
          template = beyondTleDigits(el) && batch.#constants[slot * SGP4_BATCH_STRIDE + DEEP] === 0 ? slot : -1;
          templates.set(key, template);
          last = { el, template };
          continue;
        }
        last = { el, template };
      }
      if (template < 0) {
        batch.setSatrec(slot, toSatrec(el));
        continue;
      }
      validateElements(el, el.name ?? `slot ${slot}`);
      batch.#setVariant(slot, template, el);
    }
    return batch;
  }

  /** Slot `slot` as `template` with the node and mean anomaly of `el` (see fromElements). */
  #setVariant(slot: number, template: number, el: MeanElements): void {
    const c = this.#constants;
    const b = slot * SGP4_BATCH_STRIDE;
    c.copyWithin(b, template * SGP4_BATCH_STRIDE, (template + 1) * SGP4_BATCH_STRIDE);
    const mo = wrapDeg(el.meanAnomalyDeg) * RAD_PER_DEG;
    c[b + NODEO] = wrapDeg(el.raanDeg) * RAD_PER_DEG;
    c[b + MO] = mo;
    const delmotemp = 1.0 + c[b + ETA]! * Math.cos(mo);
    c[b + DELMO] = delmotemp * delmotemp * delmotemp;
    c[b + SINMAO] = Math.sin(mo);
    this.#deep.delete(slot);
  }

  /** Bytes this batch holds per satellite (deep-space records not counted). */
  static get bytesPerSatellite(): number {
    return SGP4_BATCH_STRIDE * Float64Array.BYTES_PER_ELEMENT;
  }

  /** Copies an initialised satellite.js record into `slot` (after a burn, a slot gets a new one). */
  setSatrec(slot: number, satrec: SatRec): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count) throw new BadModelInputError(`Sgp4Batch.setSatrec: slot = ${slot} must be in [0, ${this.count})`);
    if (satrec.error !== SatRecError.None) throw new BadModelInputError(`Sgp4Batch.setSatrec: slot ${slot}: the record failed to initialise (satellite.js error ${satrec.error})`);
    const c = this.#constants;
    const b = slot * SGP4_BATCH_STRIDE;
    c[b + EPOCH_MIN] = (satrec.jdsatepoch - JD_UNIX_EPOCH) * MIN_PER_DAY;
    if (satrec.method === "d") {
      c.fill(0, b + 1, b + SGP4_BATCH_STRIDE);
      c[b + DEEP] = 1;
      this.#deep.set(slot, satrec);
      return;
    }
    this.#deep.delete(slot);
    c[b + MO] = satrec.mo;
    c[b + MDOT] = satrec.mdot;
    c[b + ARGPO] = satrec.argpo;
    c[b + ARGPDOT] = satrec.argpdot;
    c[b + NODEO] = satrec.nodeo;
    c[b + NODEDOT] = satrec.nodedot;
    c[b + NODECF] = satrec.nodecf;
    c[b + CC1] = satrec.cc1;
    c[b + BSTAR_CC4] = satrec.bstar * satrec.cc4;
    c[b + T2COF] = satrec.t2cof;
    c[b + SIMPLE] = satrec.isimp === 1 ? 1 : 0;
    c[b + OMGCOF] = satrec.omgcof ?? 0;
    c[b + ETA] = satrec.eta;
    c[b + XMCOF] = satrec.xmcof ?? 0;
    c[b + DELMO] = satrec.delmo;
    c[b + D2] = satrec.d2 ?? 0;
    c[b + D3] = satrec.d3 ?? 0;
    c[b + D4] = satrec.d4 ?? 0;
    c[b + BSTAR_CC5] = satrec.bstar * satrec.cc5;
    c[b + SINMAO] = satrec.sinmao;
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
    c[b + DEEP] = 0;
  }

  /** Copies `count` slots' constants from `source` (same layout) starting at its slot `from`. */
  copyFrom(source: Sgp4Batch, from: number, to: number, count: number): void {
    this.#constants.set(source.#constants.subarray(from * SGP4_BATCH_STRIDE, (from + count) * SGP4_BATCH_STRIDE), to * SGP4_BATCH_STRIDE);
    for (let k = 0; k < count; k++) {
      const deep = source.#deep.get(from + k);
      if (deep) this.#deep.set(to + k, deep);
      else this.#deep.delete(to + k);
    }
  }

  /**
   * Position (km) and velocity (km/s) in TEME of every slot at `timeMin` (minutes since 1970
   * UTC; `sameTsinceMin` instead puts every slot at that many minutes after its own epoch). A slot
   * that fails gets its SGP4 error code in `errorCode` (1 mean eccentricity out of range, 4
   * semi-latus rectum below zero, 6 decayed; a deep-space set may give any of satellite.js's) and
   * NaN in its six numbers. Returns the number of failed slots.
   */
  propagate(timeMin: number, posKm: Float64Array, velKmS: Float64Array, errorCode: Uint8Array, sameTsinceMin?: number): number {
    const c = this.#constants;
    let failed = 0;
    for (let i = 0; i < this.count; i++) {
      const tsince = sameTsinceMin ?? timeMin - c[i * SGP4_BATCH_STRIDE + EPOCH_MIN]!;
      if (this.#propagateSlot(i, tsince, posKm, velKmS, errorCode) !== 0) failed++;
    }
    return failed;
  }

  /**
   * The fleet kernel: every slot at `timeMs` (UTC ms), in one pass per satellite, into `out` (TEME
   * position and velocity, WGS-84 geodetic coordinates as `temeToGeodeticInto`, GMST once per
   * call) and `sunlit` (the conical-shadow sunlit fraction of `sunlitFraction` for the Sun at
   * `sunKm`, TEME km). A failed slot gets its SGP4 error code, NaN in `out` and 0 in `sunlit`.
   * Returns the number of failed slots.
   */
  step(timeMs: number, sunKm: Float64Array, out: OrbitState, sunlit: Float64Array): number {
    if (out.count < this.count || sunlit.length < this.count) throw new BadModelInputError(`Sgp4Batch.step: outputs hold ${Math.min(out.count, sunlit.length)} slots, the batch has ${this.count}`);
    const gmst = gmstRad(timeMs);
    const cosG = Math.cos(gmst);
    const sinG = Math.sin(gmst);
    const { posKm, velKmS, errorCode } = out;
    const c = this.#constants;
    const timeMin = timeMs / MS_PER_MIN;
    let failed = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.#propagateSlot(i, timeMin - c[i * SGP4_BATCH_STRIDE + EPOCH_MIN]!, posKm, velKmS, errorCode) !== 0) {
        out.latDeg[i] = out.lonDeg[i] = out.altKm[i] = Number.NaN;
        sunlit[i] = 0;
        failed++;
        continue;
      }
      const i3 = 3 * i;
      const x = posKm[i3]!;
      const y = posKm[i3 + 1]!;
      const z = posKm[i3 + 2]!;
      temeToGeodeticInto(x, y, z, cosG, sinG, out, i);
      sunlit[i] = sunlitFraction(x, y, z, sunKm);
    }
    return failed;
  }

  #propagateSlot(slot: number, tsince: number, posKm: Float64Array, velKmS: Float64Array, errorCode: Uint8Array): number {
    const b = slot * SGP4_BATCH_STRIDE;
    const i3 = 3 * slot;
    const c = this.#constants;
    const code = c[b + DEEP] === 1 ? propagateDeep(this.#deep.get(slot)!, tsince, posKm, velKmS, i3) : propagateNear(c, b, tsince, posKm, velKmS, i3);
    errorCode[slot] = code;
    if (code !== 0) {
      posKm[i3] = posKm[i3 + 1] = posKm[i3 + 2] = Number.NaN;
      velKmS[i3] = velKmS[i3 + 1] = velKmS[i3 + 2] = Number.NaN;
    }
    return code;
  }
}

function sameShell(a: MeanElements, b: MeanElements): boolean {
  return (
    a.epochMs === b.epochMs &&
    a.meanMotionRevPerDay === b.meanMotionRevPerDay &&
    a.eccentricity === b.eccentricity &&
    a.inclinationDeg === b.inclinationDeg &&
    wrapDeg(a.argPerigeeDeg) === wrapDeg(b.argPerigeeDeg) &&
    a.bstar === b.bstar &&
    (a.meanMotionDotRevPerDay2 ?? 0) === (b.meanMotionDotRevPerDay2 ?? 0) &&
    (a.meanMotionDdotRevPerDay3 ?? 0) === (b.meanMotionDdotRevPerDay3 ?? 0)
  );
}

/** What a set's SGP4 record depends on besides its node and mean anomaly. */
function shellKey(el: MeanElements): string {
  return `${el.epochMs}|${el.meanMotionRevPerDay}|${el.eccentricity}|${el.inclinationDeg}|${wrapDeg(el.argPerigeeDeg)}|${el.bstar}|${el.meanMotionDotRevPerDay2 ?? 0}|${el.meanMotionDdotRevPerDay3 ?? 0}`;
}

function propagateDeep(satrec: SatRec, tsince: number, posKm: Float64Array, velKmS: Float64Array, i3: number): number {
  const pv = sgp4(satrec, tsince);
  if (pv === null || satrec.error !== SatRecError.None) return satrec.error === SatRecError.None ? SGP4_UNKNOWN_ERROR : satrec.error;
  posKm[i3] = pv.position.x;
  posKm[i3 + 1] = pv.position.y;
  posKm[i3 + 2] = pv.position.z;
  velKmS[i3] = pv.velocity.x;
  velKmS[i3 + 1] = pv.velocity.y;
  velKmS[i3 + 2] = pv.velocity.z;
  return 0;
}

/** Near-Earth SGP4 of the record at `b`, `tsince` minutes after its epoch; 0 or an error code. */
function propagateNear(c: Float64Array, b: number, tsince: number, posKm: Float64Array, velKmS: Float64Array, i3: number): number {
  // Secular gravity and atmospheric drag.
  const xmdf = c[b + MO]! + c[b + MDOT]! * tsince;
  const argpdf = c[b + ARGPO]! + c[b + ARGPDOT]! * tsince;
  const nodedf = c[b + NODEO]! + c[b + NODEDOT]! * tsince;
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
    const delm = c[b + XMCOF]! * (delmtemp * delmtemp * delmtemp - c[b + DELMO]!);
    const temp = delomg + delm;
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const t3 = t2 * tsince;
    const t4 = t3 * tsince;
    tempa = tempa - c[b + D2]! * t2 - c[b + D3]! * t3 - c[b + D4]! * t4;
    tempe += c[b + BSTAR_CC5]! * (Math.sin(mm) - c[b + SINMAO]!);
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
  let tem5 = 9999.9;
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
