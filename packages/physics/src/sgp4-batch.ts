/**
 * SGP4 for a whole cluster in one pass (the fleet kernel). Each satellite's initialised SGP4
 * constants (satellite.js `sgp4init`: WGS-72, improved mode) are copied into one Float64Array, a
 * record of SGP4_RECORD_STRIDE numbers (sgp4-near.ts) that the satellites of a generated shell
 * share, and a few numbers of its own per slot; one loop then evaluates the near-Earth propagator
 * for every slot, with no object per satellite or per step. Deep-space sets (period >= 225 min,
 * SDP4) keep their satellite.js record and go through satellite.js `sgp4` in the same loop.
 * sgp4-batch.test.ts holds the result to Vallado's verification vectors and to satellite.js.
 */
import { constants, sgp4, SatRecError, type SatRec } from "satellite.js";
import { beyondTleDigits, toSatrec, validateElements, wrapDeg, type MeanElements } from "./elements.js";
import { BadModelInputError } from "./errors.js";
import { gmstRad, temeToGeodeticInto, type OrbitState } from "./orbit-batch.js";
import { DEEP, EPOCH_MIN, propagateNear, SGP4_RECORD_STRIDE, SLOT_STRIDE, writeSatrec, writeVariant } from "./sgp4-near.js";
import { sunlitFraction } from "./sun.js";

const RAD_PER_DEG = constants.deg2rad;
const MS_PER_MIN = 60_000;

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
    writeVariant(
      this.#records,
      record * SGP4_RECORD_STRIDE,
      this.#slots,
      slot * SLOT_STRIDE,
      wrapDeg(el.meanAnomalyDeg) * RAD_PER_DEG,
      wrapDeg(el.raanDeg) * RAD_PER_DEG,
    );
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
    writeSatrec(this.#records, record * SGP4_RECORD_STRIDE, this.#slots, slot * SLOT_STRIDE, satrec);
    if (satrec.method === "d") this.#deep.set(slot, satrec);
    else this.#deep.delete(slot);
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
