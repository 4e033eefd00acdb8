/**
 * SGP4 for a whole cluster in one pass (the fleet kernel). Each satellite's initialised SGP4
 * constants (satellite.js `sgp4init`: WGS-72, improved mode) are copied into one Float64Array, a
 * record of SGP4_RECORD_STRIDE numbers (sgp4-near.ts) that the satellites of a generated shell
 * share, and a few numbers of its own per slot. The tables live in the WebAssembly kernel's
 * memory (sgp4-wasm.ts), and one call of the kernel evaluates the near-Earth propagator for every
 * slot, with no object per satellite or per step. Deep-space sets (period >= 225 min, SDP4) keep
 * their satellite.js record and go through satellite.js `sgp4` after the kernel's pass.
 * sgp4-batch.test.ts holds the result to Vallado's verification vectors and to satellite.js.
 */
import { constants, sgp4, SatRecError, type SatRec } from "satellite.js";
import { beyondTleDigits, toSatrec, validateElements, wrapDeg, type MeanElements } from "./elements.js";
import { BadModelInputError } from "./errors.js";
import { gmstRad, temeToGeodeticInto, type OrbitState } from "./orbit-batch.js";
import { EPOCH_MIN, SGP4_RECORD_STRIDE, SLOT_STRIDE } from "./sgp4-layout.js";
import { writeSatrec, writeVariant } from "./sgp4-near.js";
import { allocate, kernelBuffer, kernelMemoryGeneration, release, sgp4Kernel } from "./sgp4-wasm.js";
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
  /** Where the tables sit in the kernel's memory; released when the batch is collected. */
  readonly #regions: Regions;
  /** Views on the tables, taken again when the kernel's memory has grown. */
  #viewsGeneration = -1;
  #slotsView = new Float64Array(0);
  #recordOfView = new Uint32Array(0);
  #recordsView = new Float64Array(0);
  #recordCapacity = 4;
  /** slots pointing at each record: a record held by one slot is rewritten in place */
  #users = new Uint32Array(4);
  #recordCount = 0;
  readonly #freeRecords: number[] = [];
  readonly #deep = new Map<number, SatRec>();
  #revision = 0;
  /** slots without a record yet: a step refuses to run while there are any */
  #unsetSlots: number;

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 0) throw new BadModelInputError(`Sgp4Batch: count = ${count} must be a whole number >= 0`);
    this.count = count;
    this.#unsetSlots = count;
    const slotsBytes = count * SLOT_STRIDE * 8;
    const recordOfBytes = count * 4;
    const recordsBytes = this.#recordCapacity * SGP4_RECORD_STRIDE * 8;
    const slots = allocate(slotsBytes);
    let recordOf: number | undefined;
    try {
      recordOf = allocate(recordOfBytes);
      this.#regions = { slots, slotsBytes, recordOf, recordOfBytes, records: allocate(recordsBytes), recordsBytes };
    } catch (error) {
      release(slots, slotsBytes);
      if (recordOf !== undefined) release(recordOf, recordOfBytes);
      throw error;
    }
    regionsOfCollected.register(this, this.#regions);
    this.#slots.fill(0);
    this.#recordsTable.fill(0);
    this.#recordOf.fill(NO_RECORD);
  }

  get #slots(): Float64Array {
    this.#refreshViews();
    return this.#slotsView;
  }

  get #recordOf(): Uint32Array {
    this.#refreshViews();
    return this.#recordOfView;
  }

  get #recordsTable(): Float64Array {
    this.#refreshViews();
    return this.#recordsView;
  }

  #refreshViews(): void {
    if (this.#viewsGeneration === kernelMemoryGeneration()) return;
    const buffer = kernelBuffer();
    const r = this.#regions;
    this.#viewsGeneration = kernelMemoryGeneration();
    this.#slotsView = new Float64Array(buffer, r.slots, this.count * SLOT_STRIDE);
    this.#recordOfView = new Uint32Array(buffer, r.recordOf, this.count);
    this.#recordsView = new Float64Array(buffer, r.records, this.#recordCapacity * SGP4_RECORD_STRIDE);
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
    this.#revision++;
    const record = this.#recordOf[template]!;
    this.#release(slot);
    this.#recordOf[slot] = record;
    this.#unsetSlots--;
    this.#users[record]!++;
    writeVariant(
      this.#recordsTable,
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
    const r = this.#regions;
    return r.slotsBytes + r.recordOfBytes + r.recordsBytes + this.#users.byteLength;
  }

  /**
   * Counts the changes to the tables: `step` at one time gives the same numbers for as long as it
   * stays the same, so a caller may keep a step's output instead of computing it again.
   */
  get revision(): number {
    return this.#revision;
  }

  /** Copies an initialised satellite.js record into `slot` (after a burn, a slot gets a new one). */
  setSatrec(slot: number, satrec: SatRec): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count)
      throw new BadModelInputError(`Sgp4Batch.setSatrec: slot = ${slot} must be in [0, ${this.count})`);
    if (satrec.error !== SatRecError.None)
      throw new BadModelInputError(`Sgp4Batch.setSatrec: slot ${slot}: the record failed to initialise (satellite.js error ${satrec.error})`);
    this.#revision++;
    const record = this.#ownRecord(slot);
    writeSatrec(this.#recordsTable, record * SGP4_RECORD_STRIDE, this.#slots, slot * SLOT_STRIDE, satrec);
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
    this.#unsetSlots--;
    this.#users[record] = 1;
    return record;
  }

  #release(slot: number): void {
    const record = this.#recordOf[slot]!;
    if (record === NO_RECORD) return;
    this.#recordOf[slot] = NO_RECORD;
    this.#unsetSlots++;
    if (--this.#users[record]! === 0) this.#freeRecords.push(record);
  }

  #newRecord(): number {
    const record = this.#recordCount++;
    if (record >= this.#recordCapacity) {
      const r = this.#regions;
      const bytes = r.recordsBytes * 2;
      const start = allocate(bytes);
      const buffer = kernelBuffer();
      new Float64Array(buffer, start, bytes / 8).set(new Float64Array(buffer, r.records, r.recordsBytes / 8));
      new Float64Array(buffer, start + r.recordsBytes, r.recordsBytes / 8).fill(0);
      release(r.records, r.recordsBytes);
      r.records = start;
      r.recordsBytes = bytes;
      this.#recordCapacity *= 2;
      this.#viewsGeneration = -1;
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
    const k = sgp4Kernel();
    const r = this.#regions;
    const out = outputs(Math.min(this.count, CHUNK_SLOTS));
    let failed = 0;
    for (let from = 0; from < this.count; from += CHUNK_SLOTS) {
      const n = Math.min(CHUNK_SLOTS, this.count - from);
      const { recordOf, slots } = chunkOf(r, from);
      failed += k.propagate(r.records, recordOf, slots, n, timeMin, sameTsinceMin ?? 0, sameTsinceMin === undefined ? 0 : 1, out.pos, out.vel, out.errorCode);
      const buffer = kernelBuffer();
      posKm.set(new Float64Array(buffer, out.pos, 3 * n), 3 * from);
      velKmS.set(new Float64Array(buffer, out.vel, 3 * n), 3 * from);
      errorCode.set(new Uint8Array(buffer, out.errorCode, n), from);
    }
    for (const [slot, satrec] of this.#deep) {
      const epochMin = this.#recordsTable[this.#recordOf[slot]! * SGP4_RECORD_STRIDE + EPOCH_MIN]!;
      const code = propagateDeep(satrec, sameTsinceMin ?? timeMin - epochMin, posKm, velKmS, 3 * slot);
      errorCode[slot] = code;
      if (code !== 0) failed++;
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
    const deep = this.#deep.get(slot);
    if (deep) {
      const epochMin = this.#recordsTable[this.#recordOf[slot]! * SGP4_RECORD_STRIDE + EPOCH_MIN]!;
      return propagateDeep(deep, timeMin - epochMin, posKm, velKmS, at);
    }
    const out = outputs(1);
    const r = this.#regions;
    const code = sgp4Kernel().propagateOne(r.records, r.recordOf, r.slots, slot, timeMin, out.pos, out.vel, 0);
    const buffer = kernelBuffer();
    posKm.set(new Float64Array(buffer, out.pos, 3), at);
    velKmS.set(new Float64Array(buffer, out.vel, 3), at);
    return code;
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
    const k = sgp4Kernel();
    const r = this.#regions;
    const o = outputs(Math.min(this.count, CHUNK_SLOTS));
    const timeMin = timeMs / MS_PER_MIN;
    const { posKm, velKmS, errorCode } = out;
    let failed = 0;
    for (let from = 0; from < this.count; from += CHUNK_SLOTS) {
      const n = Math.min(CHUNK_SLOTS, this.count - from);
      const { recordOf, slots } = chunkOf(r, from);
      failed += k.step(
        r.records,
        recordOf,
        slots,
        n,
        timeMin,
        cosG,
        sinG,
        sunKm[0]!,
        sunKm[1]!,
        sunKm[2]!,
        o.pos,
        o.vel,
        o.lat,
        o.lon,
        o.alt,
        o.sunlit,
        o.errorCode,
      );
      const buffer = kernelBuffer();
      posKm.set(new Float64Array(buffer, o.pos, 3 * n), 3 * from);
      velKmS.set(new Float64Array(buffer, o.vel, 3 * n), 3 * from);
      out.latDeg.set(new Float64Array(buffer, o.lat, n), from);
      out.lonDeg.set(new Float64Array(buffer, o.lon, n), from);
      out.altKm.set(new Float64Array(buffer, o.alt, n), from);
      sunlit.set(new Float64Array(buffer, o.sunlit, n), from);
      errorCode.set(new Uint8Array(buffer, o.errorCode, n), from);
    }
    for (const [slot, satrec] of this.#deep) {
      const epochMin = this.#recordsTable[this.#recordOf[slot]! * SGP4_RECORD_STRIDE + EPOCH_MIN]!;
      const i3 = 3 * slot;
      const code = propagateDeep(satrec, timeMin - epochMin, posKm, velKmS, i3);
      errorCode[slot] = code;
      if (code !== 0) {
        out.latDeg[slot] = out.lonDeg[slot] = out.altKm[slot] = Number.NaN;
        sunlit[slot] = 0;
        failed++;
        continue;
      }
      const x = posKm[i3]!;
      const y = posKm[i3 + 1]!;
      const z = posKm[i3 + 2]!;
      temeToGeodeticInto(x, y, z, cosG, sinG, out, slot);
      sunlit[slot] = sunlitFraction(x, y, z, sunKm);
    }
    return failed;
  }

  #refuseUnset(): void {
    if (this.#unsetSlots === 0) return;
    const unset = this.#recordOf.indexOf(NO_RECORD);
    if (unset >= 0) throw new BadModelInputError(`Sgp4Batch: slot ${unset} has no SGP4 record yet (setSatrec)`);
  }
}

/** recordOf value of a slot not yet set. */
const NO_RECORD = 0xffff_ffff;

/** A batch's tables in the kernel's memory: start address and bytes of each. */
interface Regions {
  slots: number;
  slotsBytes: number;
  recordOf: number;
  recordOfBytes: number;
  records: number;
  recordsBytes: number;
}

const regionsOfCollected = new FinalizationRegistry<Regions>((r) => {
  release(r.slots, r.slotsBytes);
  release(r.recordOf, r.recordOfBytes);
  release(r.records, r.recordsBytes);
});

/**
 * Slots per call of the kernel: its results go through a scratch area this size, whatever the
 * batch's size (a screen's batch holds every object).
 */
const CHUNK_SLOTS = 16_384;

/** The addresses of slot `from`'s entries in a batch's per-slot tables. */
function chunkOf(r: Regions, from: number): { recordOf: number; slots: number } {
  return { recordOf: r.recordOf + 4 * from, slots: r.slots + SLOT_STRIDE * 8 * from };
}

/** Where the kernel writes a call's results, shared by every batch and grown to the largest call. */
interface Outputs {
  count: number;
  pos: number;
  vel: number;
  lat: number;
  lon: number;
  alt: number;
  sunlit: number;
  errorCode: number;
}

let shared: (Outputs & { start: number; bytes: number }) | undefined;

function outputs(count: number): Outputs {
  if (shared && shared.count >= count) return shared;
  if (shared) release(shared.start, shared.bytes);
  const capacity = Math.max(count, 1024);
  const bytes = capacity * (6 * 8 + 4 * 8 + 1);
  const start = allocate(bytes);
  shared = {
    start,
    bytes,
    count: capacity,
    pos: start,
    vel: start + 24 * capacity,
    lat: start + 48 * capacity,
    lon: start + 56 * capacity,
    alt: start + 64 * capacity,
    sunlit: start + 72 * capacity,
    errorCode: start + 80 * capacity,
  };
  return shared;
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
  if (pv === null || satrec.error !== SatRecError.None) {
    posKm[i3] = posKm[i3 + 1] = posKm[i3 + 2] = Number.NaN;
    velKmS[i3] = velKmS[i3 + 1] = velKmS[i3 + 2] = Number.NaN;
    return satrec.error === SatRecError.None ? SGP4_UNKNOWN_ERROR : satrec.error;
  }
  posKm[i3] = pv.position.x;
  posKm[i3 + 1] = pv.position.y;
  posKm[i3 + 2] = pv.position.z;
  velKmS[i3] = pv.velocity.x;
  velKmS[i3 + 1] = pv.velocity.y;
  velKmS[i3 + 2] = pv.velocity.z;
  return 0;
}
