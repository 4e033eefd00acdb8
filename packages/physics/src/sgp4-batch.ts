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

// A record: the SGP4 constants a satellite shares with its shell (every satellite of a generated
// shell has the same but for its node and mean anomaly). Offsets into the records table.
const EPOCH_MIN = 0; // element epoch, minutes since 1970 UTC
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
const DEEP = 30; // 1: deep space, the slot's satellite.js record propagates it
/** numbers per shared record */
export const SGP4_RECORD_STRIDE = 31;
// What is a satellite's own: offsets into the per-slot table.
const MO = 0;
const NODEO = 1;
const SINMAO = 2;
const DELMO = 3;
const SLOT_STRIDE = 4;

/** Largest correction turned into a rotation; the Taylor terms left out are below 1e-18 of it. */
const ROTATE_MAX_RAD = 0.125;

/** Error code of a slot whose propagation failed without satellite.js naming a reason. */
export const SGP4_UNKNOWN_ERROR = 255;

/**
 * The SGP4 constants of `count` satellites: per slot its mean anomaly, node and the two numbers
 * sgp4init derives from the mean anomaly, and the index of a record holding the rest, which the
 * satellites of a generated shell share (fromElements). Slots are filled from satellite.js records
 * (`setSatrec`), which are not kept except for deep-space sets.
 */
export class Sgp4Batch {
  readonly count: number;
  readonly #slots: Float64Array;
  readonly #recordOf: Uint32Array;
  #records = new Float64Array(SGP4_RECORD_STRIDE * 4);
  /** slots pointing at each record: a record held by one slot is rewritten in place */
  #users = new Uint32Array(4);
  #recordCount = 0;
  readonly #freeRecords: number[] = [];
  readonly #deep = new Map<number, SatRec>();

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 0) throw new BadModelInputError(`Sgp4Batch: count = ${count} must be a whole number >= 0`);
    this.count = count;
    this.#slots = new Float64Array(count * SLOT_STRIDE);
    this.#recordOf = new Uint32Array(count).fill(NO_RECORD);
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
   * recomputed here per slot as it computes them, so every constant is the one toSatrec gives, and
   * the group shares one record. Grouped are near-Earth sets on toSatrec's OMM path
   * (`beyondTleDigits`), whose record does not depend on how the angles are written; every other
   * set is initialised on its own.
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
          template = beyondTleDigits(el) && !batch.#deep.has(slot) ? slot : -1;
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

  /** Slot `slot` on `template`'s record with the node and mean anomaly of `el` (see fromElements). */
  #setVariant(slot: number, template: number, el: MeanElements): void {
    const record = this.#recordOf[template]!;
    this.#release(slot);
    this.#recordOf[slot] = record;
    this.#users[record]!++;
    const k = slot * SLOT_STRIDE;
    const mo = wrapDeg(el.meanAnomalyDeg) * RAD_PER_DEG;
    this.#slots[k + MO] = mo;
    this.#slots[k + NODEO] = wrapDeg(el.raanDeg) * RAD_PER_DEG;
    const delmotemp = 1.0 + this.#records[record * SGP4_RECORD_STRIDE + ETA]! * Math.cos(mo);
    this.#slots[k + DELMO] = delmotemp * delmotemp * delmotemp;
    this.#slots[k + SINMAO] = Math.sin(mo);
  }

  /** Records in use: 1 for a whole generated shell, one per satellite for a TLE catalog. */
  get records(): number {
    return this.#recordCount - this.#freeRecords.length;
  }

  /** Bytes held: the per-slot table and the records table (deep-space records not counted). */
  get bytes(): number {
    return this.#slots.byteLength + this.#recordOf.byteLength + this.#records.byteLength + this.#users.byteLength;
  }

  /** Copies an initialised satellite.js record into `slot` (after a burn, a slot gets a new one). */
  setSatrec(slot: number, satrec: SatRec): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count)
      throw new BadModelInputError(`Sgp4Batch.setSatrec: slot = ${slot} must be in [0, ${this.count})`);
    if (satrec.error !== SatRecError.None)
      throw new BadModelInputError(`Sgp4Batch.setSatrec: slot ${slot}: the record failed to initialise (satellite.js error ${satrec.error})`);
    const record = this.#ownRecord(slot);
    const c = this.#records;
    const b = record * SGP4_RECORD_STRIDE;
    c.fill(0, b, b + SGP4_RECORD_STRIDE);
    this.#slots.fill(0, slot * SLOT_STRIDE, (slot + 1) * SLOT_STRIDE);
    c[b + EPOCH_MIN] = (satrec.jdsatepoch - JD_UNIX_EPOCH) * MIN_PER_DAY;
    if (satrec.method === "d") {
      c[b + DEEP] = 1;
      this.#deep.set(slot, satrec);
      return;
    }
    this.#deep.delete(slot);
    const k = slot * SLOT_STRIDE;
    this.#slots[k + MO] = satrec.mo;
    this.#slots[k + NODEO] = satrec.nodeo;
    this.#slots[k + SINMAO] = satrec.sinmao;
    this.#slots[k + DELMO] = satrec.delmo;
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

  /** A record `slot` alone uses: its own if it has one, else a free or new one. */
  #ownRecord(slot: number): number {
    const current = this.#recordOf[slot]!;
    if (current !== NO_RECORD && this.#users[current] === 1) return current;
    this.#release(slot);
    const record = this.#freeRecords.pop() ?? this.#newRecord();
    this.#recordOf[slot] = record;
    this.#users[record] = 1;
    return record;
  }

  #release(slot: number): void {
    const record = this.#recordOf[slot]!;
    if (record === NO_RECORD) return;
    this.#recordOf[slot] = NO_RECORD;
    if (--this.#users[record]! === 0) this.#freeRecords.push(record);
  }

  #newRecord(): number {
    const record = this.#recordCount++;
    if (record * SGP4_RECORD_STRIDE >= this.#records.length) {
      const records = new Float64Array(this.#records.length * 2);
      records.set(this.#records);
      this.#records = records;
      const users = new Uint32Array(this.#users.length * 2);
      users.set(this.#users);
      this.#users = users;
    }
    return record;
  }

  /**
   * Position (km) and velocity (km/s) in TEME of every slot at `timeMin` (minutes since 1970
   * UTC; `sameTsinceMin` instead puts every slot at that many minutes after its own epoch). A slot
   * that fails gets its SGP4 error code in `errorCode` (1 mean eccentricity out of range, 4
   * semi-latus rectum below zero, 6 decayed; a deep-space set may give any of satellite.js's) and
   * NaN in its six numbers. Returns the number of failed slots.
   */
  propagate(timeMin: number, posKm: Float64Array, velKmS: Float64Array, errorCode: Uint8Array, sameTsinceMin?: number): number {
    this.#refuseUnset();
    let failed = 0;
    for (let i = 0; i < this.count; i++) {
      const tsince = sameTsinceMin ?? timeMin - this.#records[this.#recordOf[i]! * SGP4_RECORD_STRIDE + EPOCH_MIN]!;
      if (this.#propagateSlot(i, tsince, posKm, velKmS, errorCode) !== 0) failed++;
    }
    return failed;
  }

  /**
   * One slot at `timeMin` (minutes since 1970 UTC): position (km) into posKm[at..at+2] and
   * velocity (km/s) into velKmS[at..at+2], NaN on failure. Returns 0 or the SGP4 error code. For
   * the few propagations a screen's narrow phase asks of single objects, without a record each.
   */
  propagateOne(slot: number, timeMin: number, posKm: Float64Array, velKmS: Float64Array, at: number): number {
    if (!(slot >= 0 && slot < this.count) || this.#recordOf[slot] === NO_RECORD)
      throw new BadModelInputError(`Sgp4Batch.propagateOne: slot = ${slot} must be a slot in [0, ${this.count}) with an SGP4 record`);
    return this.#propagateAt(slot, timeMin - this.#records[this.#recordOf[slot]! * SGP4_RECORD_STRIDE + EPOCH_MIN]!, posKm, velKmS, at);
  }

  /**
   * The fleet kernel: every slot at `timeMs` (UTC ms), in one pass per satellite, into `out` (TEME
   * position and velocity, WGS-84 geodetic coordinates as `temeToGeodeticInto`, GMST once per
   * call) and `sunlit` (the conical-shadow sunlit fraction of `sunlitFraction` for the Sun at
   * `sunKm`, TEME km). A failed slot gets its SGP4 error code, NaN in `out` and 0 in `sunlit`.
   * Returns the number of failed slots.
   */
  step(timeMs: number, sunKm: Float64Array, out: OrbitState, sunlit: Float64Array): number {
    if (out.count < this.count || sunlit.length < this.count)
      throw new BadModelInputError(`Sgp4Batch.step: outputs hold ${Math.min(out.count, sunlit.length)} slots, the batch has ${this.count}`);
    this.#refuseUnset();
    const gmst = gmstRad(timeMs);
    const cosG = Math.cos(gmst);
    const sinG = Math.sin(gmst);
    const { posKm, velKmS, errorCode } = out;
    const timeMin = timeMs / MS_PER_MIN;
    let failed = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.#propagateSlot(i, timeMin - this.#records[this.#recordOf[i]! * SGP4_RECORD_STRIDE + EPOCH_MIN]!, posKm, velKmS, errorCode) !== 0) {
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

  #refuseUnset(): void {
    const unset = this.#recordOf.indexOf(NO_RECORD);
    if (unset >= 0) throw new BadModelInputError(`Sgp4Batch: slot ${unset} has no SGP4 record yet (setSatrec)`);
  }

  #propagateSlot(slot: number, tsince: number, posKm: Float64Array, velKmS: Float64Array, errorCode: Uint8Array): number {
    const code = this.#propagateAt(slot, tsince, posKm, velKmS, 3 * slot);
    errorCode[slot] = code;
    return code;
  }

  #propagateAt(slot: number, tsince: number, posKm: Float64Array, velKmS: Float64Array, at: number): number {
    const b = this.#recordOf[slot]! * SGP4_RECORD_STRIDE;
    const code =
      this.#records[b + DEEP] === 1
        ? propagateDeep(this.#deep.get(slot)!, tsince, posKm, velKmS, at)
        : propagateNear(this.#records, b, this.#slots, slot * SLOT_STRIDE, tsince, posKm, velKmS, at);
    if (code !== 0) {
      posKm[at] = posKm[at + 1] = posKm[at + 2] = Number.NaN;
      velKmS[at] = velKmS[at + 1] = velKmS[at + 2] = Number.NaN;
    }
    return code;
  }
}

/** recordOf value of a slot not yet set. */
const NO_RECORD = 0xffff_ffff;

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

/**
 * Near-Earth SGP4 of the record at `b` of `c` with the satellite's own numbers at `k` of `own`,
 * `tsince` minutes after its epoch, into slot `i3` of the outputs; 0 or an error code.
 */
function propagateNear(
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
