/**
 * The tests a pair found by the grid (screening-grid.ts) goes through, on the grid's sorted
 * records, and the rule that keeps each pair once: on the face of its lower-indexed object's own
 * record. The radius test runs on every record of a range, so it comes first and cheapest.
 */
import { mayMeetWithinHalfStep, type GridCriterion, type PairBuffer } from "./screening-criterion.js";

/**
 * Per object, then per sorted record: radius km (negative for a wide object), radial rate km/s,
 * acceleration term km, position km, velocity km/s. Single precision: the radix sort moves them
 * with the keys (a gather by object index afterwards would read memory at random), and rounding
 * (at most 0.5 m in a radius or coordinate of 8,000 km, 0.5 mm/s in a velocity) is covered by
 * ROUNDING_KM added to every test.
 */
export const DATA = 9;
const ROUNDING_KM = 0.005;
/** Payload flag of a ghost record (a copy of an object on a face not its own). */
export const GHOST = 1;

export interface SortedRecords {
  key: Int32Array;
  /** object index << 4 | flags */
  payload: Int32Array;
  data: Float32Array;
  records: number;
}

/** The radius test on the records of a key range, then distance, criterion and the rule that keeps each pair once. */
export class PairTest {
  readonly #r: SortedRecords;
  readonly #reachKm: number;
  readonly #halfStepS: number;
  readonly #range2: number;
  readonly #out: PairBuffer;

  constructor(records: SortedRecords, criterion: GridCriterion, rangeKm: number, out: PairBuffer) {
    this.#r = records;
    this.#reachKm = criterion.reachKm + ROUNDING_KM;
    this.#halfStepS = criterion.halfStepS;
    this.#range2 = (rangeKm + ROUNDING_KM) ** 2;
    this.#out = out;
  }

  /** Narrow record p against records from `from` up to key `lastKey`; wide ones fail on their negative radius. */
  narrow(p: number, from: number, lastKey: number): void {
    const { key, data, records } = this.#r;
    const h = this.#halfStepS;
    const rP = data[DATA * p]!;
    const rdotP = data[DATA * p + 1]!;
    const slackP = this.#reachKm + data[DATA * p + 2]!;
    const xP = data[DATA * p + 3]!;
    const yP = data[DATA * p + 4]!;
    const zP = data[DATA * p + 5]!;
    const range2 = this.#range2;
    for (let q = from; q < records && key[q]! <= lastKey; q++) {
      const o = DATA * q;
      const dr = data[o]! - rP;
      const slack = slackP + data[o + 2]! + Math.abs(data[o + 1]! - rdotP) * h;
      const dx = data[o + 3]! - xP;
      const dy = data[o + 4]! - yP;
      const dz = data[o + 5]! - zP;
      // Radius and distance in one branch: together they fail nine times in ten, so it is well predicted.
      if (+(dr * dr > slack * slack) | +(dx * dx + dy * dy + dz * dz > range2)) continue;
      this.#near(p, q);
    }
  }

  /** Wide record p against every other record from `from` up to key `lastKey`; two wide objects are paired by the lower-indexed one. */
  wide(p: number, from: number, lastKey: number): void {
    const { key, payload, data, records } = this.#r;
    const h = this.#halfStepS;
    const rP = -data[DATA * p]!;
    const rdotP = data[DATA * p + 1]!;
    const slackP = this.#reachKm + data[DATA * p + 2]!;
    const objectP = payload[p]! >> 4;
    for (let q = from; q < records && key[q]! <= lastKey; q++) {
      if (q === p) continue;
      const o = DATA * q;
      const rQ = data[o]!;
      if (rQ < 0 && payload[q]! >> 4 < objectP) continue;
      const dr = Math.abs(rQ) - rP;
      const slack = slackP + data[o + 2]! + Math.abs(data[o + 1]! - rdotP) * h;
      if (dr > slack || -dr > slack) continue;
      this.#near(p, q);
    }
  }

  /** Distance within c and the criterion, then the pair only on the face of its lower-indexed object's own record. */
  #near(p: number, q: number): void {
    const { payload, data } = this.#r;
    const a = DATA * p + 3;
    const b = DATA * q + 3;
    const rx = data[b]! - data[a]!;
    const ry = data[b + 1]! - data[a + 1]!;
    const rz = data[b + 2]! - data[a + 2]!;
    if (rx * rx + ry * ry + rz * rz > this.#range2) return;
    const recordP = payload[p]!;
    const recordQ = payload[q]!;
    const i = recordP >> 4;
    const j = recordQ >> 4;
    if ((i < j ? recordP : recordQ) & GHOST) return;
    if (
      !mayMeetWithinHalfStep(rx, ry, rz, data[b + 3]! - data[a + 3]!, data[b + 4]! - data[a + 4]!, data[b + 5]! - data[a + 5]!, this.#reachKm, this.#halfStepS)
    )
      return;
    if (i < j) this.#out.push(i, j);
    else this.#out.push(j, i);
  }
}
