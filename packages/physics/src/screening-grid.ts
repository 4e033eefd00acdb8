/**
 * The broad phase of one screening sample: the pairs of objects that pass the criterion
 * (screening-criterion.ts), found without testing every pair.
 *
 * Two objects that meet within the half step H are within c = reach + vmax H (plus the criterion's
 * curvature allowance) of each other at the sample, but their radii differ by far less: a radius moves by at most
 * |rdot| H + |r''| H^2 / 2, and |r''| = (mu/r^2)|e cos nu| <= (mu/R_E^2) e for a Kepler orbit.
 * So an object's radial band is B = |rdot| H + (mu/R_E^2)(e + 0.005) H^2 / 2, with e the
 * osculating eccentricity at the sample; the 0.005 covers what the Kepler bound leaves out over
 * H (J2's radial force is 0.0016 mu/r^2, its short-period swing of e about 0.001, drag far
 * less). Two objects can meet only if their radii differ by at most reach + B_a + B_b.
 *
 * Layout: each object goes to the cube face its position points at; on a face, to a column of
 * C x C (C >= c) in the two face coordinates (the position components across the face's axis),
 * and in the column to a radial bin of reach / 8. Records are sorted by (face, column, bin) with
 * an LSD radix sort, so a column is one contiguous run ordered by radius. An object with
 * B <= reach / 4 ("narrow", nearly all in LEO) then meets narrow objects only within 1.5 reach of
 * its radius: one short forward run in its own column, and the same window in a neighbouring
 * column only when it lies within c of that column's edge (the columns after it; those before
 * find it). The few wide objects (eccentric orbits) search their band plus the widest in all
 * nine columns around them, and narrow ones skip them. Objects near a face's region are
 * copied onto that face as ghosts, and a pair counts only on the face of its lower-indexed
 * object's own record, so each pair is reported once. Nothing is allocated per sample.
 *
 * Each pair found passes three tests, each a necessary condition: radii (reach + |rdot_a -
 * rdot_b| H plus both acceleration terms), distance at the sample within c, then the criterion.
 */
import { EARTH_RADIUS_KM, MU_KM3_S2 } from "./orbit.js";
import { interactionRangeKm, type GridCriterion, type PairBuffer } from "./screening-criterion.js";
import { DATA, GHOST, PairTest } from "./screening-pair-test.js";

const MU_OVER_RE2 = MU_KM3_S2 / EARTH_RADIUS_KM ** 2;
const ECCENTRICITY_MARGIN = 0.005;
const BINS_PER_REACH = 8;
/** Radix sort digits of at most this many bits: two passes for the keys of a LEO catalog at 20 s steps. */
const MAX_DIGIT_BITS = 13;
/** A narrow object's band is at most this fraction of reach: two narrow objects meet only within 1.5 reach of each other's radius. */
const NARROW_BAND = 0.25;
const MAX_KEYS = 2 ** 31 - 1;
const MAX_COLUMNS_PER_AXIS = 4096;
/** Payload: object index << 4 | flags (GHOST, and which neighbour columns are within c). */
const HIGH_U = 2;
const LOW_V = 4;
const HIGH_V = 8;
/** Objects a grid can hold: the payload keeps 4 bits of flags in an int32. */
export const MAX_GRID_OBJECTS = 2 ** 27 - 1;

interface Layout {
  /** c, km */
  rangeKm: number;
  /** C, km */
  columnKm: number;
  binKm: number;
  /** bins either side of a narrow object's own that can hold a narrow partner */
  windowBins: number;
  minRadiusKm: number;
  /** columns along each face axis, bins along a column, each with spares at either end */
  nu: number;
  nb: number;
  /** column index of face coordinate 0 */
  centre: number;
  /** widest radial band this sample, km */
  widestBandKm: number;
}

export class ProximityGrid {
  readonly capacity: number;
  readonly #info: Float32Array;
  #key: Int32Array;
  #payload: Int32Array;
  #data: Float32Array;
  #spareKey: Int32Array;
  #sparePayload: Int32Array;
  #spareData: Float32Array;
  readonly #columnOverRange: number;
  readonly #digitCount = new Int32Array(1 << MAX_DIGIT_BITS);
  #records = 0;

  /**
   * `columnOverRange`: column size over c. Wider columns mean fewer neighbour runs but longer own
   * runs: sparse catalogs are faster with wide columns, dense ones with narrow (screening-options.ts).
   */
  constructor(capacity: number, columnOverRange: number) {
    if (!(Number.isInteger(capacity) && capacity >= 0 && capacity <= MAX_GRID_OBJECTS))
      throw new RangeError(`ProximityGrid: capacity ${capacity} must be a whole number within 0..${MAX_GRID_OBJECTS}`);
    if (!(columnOverRange >= 1 && columnOverRange <= 16)) throw new RangeError(`ProximityGrid: columnOverRange ${columnOverRange} must be within 1..16`);
    this.capacity = capacity;
    this.#columnOverRange = columnOverRange;
    this.#info = new Float32Array(DATA * capacity);
    // An object has its own record and at most two ghosts (near a cube corner).
    const records = 3 * capacity;
    this.#key = new Int32Array(records);
    this.#payload = new Int32Array(records);
    this.#data = new Float32Array(DATA * records);
    this.#spareKey = new Int32Array(records);
    this.#sparePayload = new Int32Array(records);
    this.#spareData = new Float32Array(DATA * records);
  }

  /** Records placed by the last search (objects with a state, and their ghosts). */
  get records(): number {
    return this.#records;
  }

  /**
   * Appends to `out` every pair (a < b) of the first `count` objects (states: position km and
   * velocity km/s, 6 per object) that passes the tests at this sample, each once; objects with
   * a NaN state are left out.
   */
  findPairs(states: Float64Array, count: number, criterion: GridCriterion, out: PairBuffer): void {
    if (count > this.capacity) throw new RangeError(`ProximityGrid: ${count} objects > capacity ${this.capacity}`);
    const layout = this.#measure(states, count, criterion);
    if (!layout) return;
    this.#place(count, layout);
    this.#sort(6 * layout.nu * layout.nu * layout.nb);
    this.#scan(criterion, layout, out);
  }

  /** Radius, radial rate and band of every object; the layout that covers them. */
  #measure(states: Float64Array, count: number, criterion: GridCriterion): Layout | undefined {
    const info = this.#info;
    const h = criterion.halfStepS;
    const accelCoefficient = 0.5 * MU_OVER_RE2 * h * h;
    const narrowBandKm = NARROW_BAND * criterion.reachKm;
    let minR = Infinity;
    let maxR = -Infinity;
    let widest = 0;
    for (let i = 0, s = 0, o = 0; i < count; i++, s += 6, o += DATA) {
      const x = states[s]!,
        y = states[s + 1]!,
        z = states[s + 2]!;
      const vx = states[s + 3]!,
        vy = states[s + 4]!,
        vz = states[s + 5]!;
      const r = Math.sqrt(x * x + y * y + z * z);
      if (!(r > 0 && vx === vx && vy === vy && vz === vz)) {
        info[o] = Number.NaN;
        continue;
      }
      const rv = x * vx + y * vy + z * vz;
      // Osculating eccentricity vector ((v^2 - mu/r) r - (r.v) v) / mu.
      const k = vx * vx + vy * vy + vz * vz - MU_KM3_S2 / r;
      const ex = k * x - rv * vx;
      const ey = k * y - rv * vy;
      const ez = k * z - rv * vz;
      const e = Math.sqrt(ex * ex + ey * ey + ez * ez) / MU_KM3_S2;
      const rdot = rv / r;
      const accel = accelCoefficient * (e + ECCENTRICITY_MARGIN);
      const band = Math.abs(rdot) * h + accel;
      info[o] = band > narrowBandKm ? -r : r;
      info[o + 1] = rdot;
      info[o + 2] = accel;
      info[o + 3] = x;
      info[o + 4] = y;
      info[o + 5] = z;
      info[o + 6] = vx;
      info[o + 7] = vy;
      info[o + 8] = vz;
      if (r < minR) minR = r;
      if (r > maxR) maxR = r;
      if (band > widest) widest = band;
    }
    if (!(maxR >= minR)) return undefined;
    const rangeKm = interactionRangeKm(criterion);
    const columnKm = this.#columnOverRange * rangeKm;
    const binKm = criterion.reachKm / BINS_PER_REACH;
    const windowBins = Math.floor(((1 + 2 * NARROW_BAND) * criterion.reachKm) / binKm) + 1;
    // Face coordinates are components of the position, so within +-r (2c spare kept).
    const half = Math.min(MAX_COLUMNS_PER_AXIS / 2 - 2, Math.ceil((maxR + 2 * rangeKm) / columnKm));
    const nu = 2 * half + 3;
    const nb = Math.max(2 * windowBins + 1, Math.min(Math.floor(MAX_KEYS / (6 * nu * nu)), Math.floor((maxR - minR) / binKm) + 1 + 2 * windowBins));
    return { rangeKm, columnKm, binKm, windowBins, minRadiusKm: minR, nu, nb, centre: half + 1, widestBandKm: widest };
  }

  /** A record per object on its own face and one per face it is a ghost on: sort key and payload. */
  #place(count: number, layout: Layout): void {
    const info = this.#info;
    const key = this.#key;
    const payload = this.#payload;
    const { rangeKm, columnKm, binKm, windowBins, minRadiusKm, nu, nb, centre } = layout;
    const inv = 1 / columnKm;
    const ghostKm = Math.SQRT2 * rangeKm;
    const edgeKm = columnKm - rangeKm;
    const lastColumn = nu - 2;
    const lastBin = nb - 1 - windowBins;
    let records = 0;
    for (let i = 0, o = 0; i < count; i++, o += DATA) {
      const r = Math.abs(info[o]!);
      if (r !== r) continue;
      const x = info[o + 3]!,
        y = info[o + 4]!,
        z = info[o + 5]!;
      const ax = Math.abs(x),
        ay = Math.abs(y),
        az = Math.abs(z);
      // Clamping only ever merges bins or columns, never separates two objects.
      const bin = Math.min(lastBin, Math.floor((r - minRadiusKm) / binKm) + windowBins);
      const own = ax >= ay && ax >= az ? 0 : ay >= az ? 1 : 2;
      for (let axis = 0; axis < 3; axis++) {
        const a = axis === 0 ? ax : axis === 1 ? ay : az;
        const other = axis === 0 ? Math.max(ay, az) : axis === 1 ? Math.max(ax, az) : Math.max(ax, ay);
        // An object j owns face +x when x_j >= |y_j|, |z_j|; an i within c of it has
        // x_i - |y_i| >= (x_j - |y_j|) - (|dx| + |dy|) >= -sqrt(2) c, and the same with z: so i
        // goes onto every face whose axis component is at least its largest other one - sqrt(2) c.
        if (axis !== own && a < other - ghostKm) continue;
        const sign = (axis === 0 ? x : axis === 1 ? y : z) >= 0 ? 1 : 0;
        const u = axis === 0 ? y : axis === 1 ? z : x;
        const v = axis === 0 ? z : axis === 1 ? x : y;
        const fu = Math.floor(u * inv);
        const fv = Math.floor(v * inv);
        const cu = Math.max(1, Math.min(lastColumn, fu + centre));
        const cv = Math.max(1, Math.min(lastColumn, fv + centre));
        let flags = axis === own ? 0 : GHOST;
        if (cu !== fu + centre || cv !== fv + centre) flags |= HIGH_U | LOW_V | HIGH_V;
        if (u - fu * columnKm >= edgeKm) flags |= HIGH_U;
        if (v - fv * columnKm <= rangeKm) flags |= LOW_V;
        if (v - fv * columnKm >= edgeKm) flags |= HIGH_V;
        key[records] = (((2 * axis + sign) * nu + cu) * nu + cv) * nb + bin;
        payload[records] = (i << 4) | flags;
        records++;
      }
    }
    this.#records = records;
  }

  /**
   * Stable LSD radix sort of the records by key (keys below `keys`), moving each record's data
   * along; the first pass reads it from the objects (records are in object order, so in sequence).
   */
  #sort(keys: number): void {
    const records = this.#records;
    const bits = Math.max(1, Math.ceil(Math.log2(keys)));
    const passes = Math.ceil(bits / MAX_DIGIT_BITS);
    const digitBits = Math.ceil(bits / passes);
    const digitMask = (1 << digitBits) - 1;
    const count = this.#digitCount;
    for (let pass = 0; pass < passes; pass++) {
      const shift = pass * digitBits;
      const fromKey = this.#key;
      const fromPayload = this.#payload;
      const fromData = new Int32Array((pass === 0 ? this.#info : this.#data).buffer);
      const toKey = this.#spareKey;
      const toPayload = this.#sparePayload;
      const toData = new Int32Array((pass === 0 ? this.#data : this.#spareData).buffer);
      count.fill(0, 0, digitMask + 1);
      for (let p = 0; p < records; p++) count[(fromKey[p]! >>> shift) & digitMask]!++;
      let sum = 0;
      for (let d = 0; d <= digitMask; d++) {
        const c = count[d]!;
        count[d] = sum;
        sum += c;
      }
      for (let p = 0; p < records; p++) {
        const k = fromKey[p]!;
        const payload = fromPayload[p]!;
        const at = count[(k >>> shift) & digitMask]!++;
        toKey[at] = k;
        toPayload[at] = payload;
        const from = DATA * (pass === 0 ? payload >> 4 : p);
        const to = DATA * at;
        // Bit patterns, not floats: no conversion on the way.
        toData[to] = fromData[from]!;
        toData[to + 1] = fromData[from + 1]!;
        toData[to + 2] = fromData[from + 2]!;
        toData[to + 3] = fromData[from + 3]!;
        toData[to + 4] = fromData[from + 4]!;
        toData[to + 5] = fromData[from + 5]!;
        toData[to + 6] = fromData[from + 6]!;
        toData[to + 7] = fromData[from + 7]!;
        toData[to + 8] = fromData[from + 8]!;
      }
      [this.#key, this.#spareKey] = [toKey, fromKey];
      [this.#payload, this.#sparePayload] = [toPayload, fromPayload];
      if (pass > 0) [this.#data, this.#spareData] = [this.#spareData, this.#data];
    }
  }

  #scan(criterion: GridCriterion, layout: Layout, out: PairBuffer): void {
    const { reachKm, halfStepS } = criterion;
    const { nu, nb, binKm, windowBins, widestBandKm } = layout;
    const key = this.#key;
    const payload = this.#payload;
    const data = this.#data;
    const records = this.#records;
    const u = nu * nb;
    // Neighbour columns after the own one: (0, +1), (+1, 0), (+1, +1), (+1, -1).
    const offsets = Int32Array.of(nb, u, u + nb, u - nb);
    const cursor = new Int32Array(4);
    const test = new PairTest({ key, payload, data, records }, criterion, layout.rangeKm, out);
    const neighbour = (p: number, k: number) => {
      const centre = key[p]! + offsets[k]!;
      let q = cursor[k]!;
      while (q < records && key[q]! < centre - windowBins) q++;
      cursor[k] = q;
      test.narrow(p, q, centre + windowBins);
    };
    for (let p = 0; p < records; p++) {
      if (data[DATA * p]! < 0) {
        const band = Math.abs(data[DATA * p + 1]!) * halfStepS + data[DATA * p + 2]!;
        this.#scanWide(p, Math.ceil((reachKm + band + widestBandKm) / binKm) + 1, nu, nb, test);
        continue;
      }
      test.narrow(p, p + 1, key[p]! + windowBins);
      const flags = payload[p]!;
      if (flags & HIGH_V) neighbour(p, 0);
      if (flags & HIGH_U) {
        neighbour(p, 1);
        if (flags & HIGH_V) neighbour(p, 2);
        if (flags & LOW_V) neighbour(p, 3);
      }
    }
  }

  /** A wide object against every record within `bins` bins in the nine columns around it (binary search: such objects are few). */
  #scanWide(p: number, bins: number, nu: number, nb: number, test: PairTest): void {
    const keyP = this.#key[p]!;
    const bin = keyP % nb;
    const lowBin = Math.max(0, bin - bins);
    const highBin = Math.min(nb - 1, bin + bins);
    for (let du = -1; du <= 1; du++) {
      for (let dv = -1; dv <= 1; dv++) {
        const base = keyP - bin + (du * nu + dv) * nb;
        test.wide(p, lowerBound(this.#key, this.#records, base + lowBin), base + highBin);
      }
    }
  }
}

function lowerBound(sorted: Int32Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
