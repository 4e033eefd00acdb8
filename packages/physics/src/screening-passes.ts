/**
 * The narrow phase of a screen: each pair the broad phase flags at a sample is searched for its
 * times of closest approach (TCA), as the zeros of r . v going from negative to positive
 * (conjunction.ts), on a grid of half a sample step from the window start, over one sample step
 * either side of the sample. The grid and the window are those of a search over the whole pass
 * (the flagged samples of a pair less than two steps apart): a pair flagged at the previous
 * sample too has already searched up to this sample, so only the step after it is new. Each
 * grid interval of a pass is thus searched once, and a pass needs no memory beyond the pairs
 * flagged at the previous sample: encounters stream out as they are found.
 *
 * The search runs on the Hermite ephemeris (tens of nanoseconds a point instead of a microsecond
 * of SGP4), the root by Newton steps kept in their bracket. A root whose interpolated miss is
 * within threshold + margin (the interpolation pad) is then settled on SGP4 itself by Newton from
 * the interpolated TCA, usually in one SGP4 evaluation of each object (a bracketing search on
 * SGP4 when that does not settle), and the encounter (TCA, miss, relative state) is SGP4's: 2 SGP4
 * calls per encounter instead of about 45 for a search on SGP4 alone. On 10^4 objects over 24 h
 * the TCAs agree with that search within 0.002 ms and the misses within a millimetre.
 */
import type { Encounter } from "./conjunction.js";
import type { HermiteEphemeris } from "./screening-ephemeris.js";
import type { PairBuffer } from "./screening-criterion.js";

export interface ScreenedEncounter extends Encounter {
  /** index of the first object (the smaller index) */
  a: number;
  /** index of the second object; relative vectors are b minus a */
  b: number;
}

export type EncounterSink = (e: ScreenedEncounter) => void;

export interface PassSearchOptions {
  /** report encounters whose miss is at most this, km */
  thresholdKm: number;
  /** interpolated miss allowed above the threshold before SGP4 is asked, km */
  marginKm: number;
  /** the broad phase's sample step, ms */
  sampleStepMs: number;
  /** the screened window, ms: TCAs strictly inside it are reported */
  windowStartMs: number;
  windowEndMs: number;
}

export interface PassSearchStats {
  /** passes opened (pairs flagged at a sample and not at the one before) */
  passes: number;
  /** roots of the interpolated range rate polished on SGP4 */
  polished: number;
  encounters: number;
}

const TOLERANCE_MS = 1;
const HERMITE_TOLERANCE_MS = 0.01;
const FIRST_BRACKET_MS = 1;
/** A Newton step on SGP4 this small means the TCA is settled far inside the 1 ms tolerance. */
const NEWTON_SETTLED_MS = 0.001;
const NEWTON_STEPS = 4;
/** Newton steps shorter than this end by carrying the state along its velocity. */
const LINEAR_STEP_MS = 10;
/** (0.1 km/s)^2: below it the slope v . v may be off by r . a, so Newton steps again. */
const SLOW_KM2_S2 = 0.01;

/** Pairs of object indices, cleared in O(1) by a generation stamp. */
export class PairSet {
  #a = new Int32Array(1024);
  #b = new Int32Array(1024);
  #stamp = new Uint32Array(1024);
  #generation = 1;
  #size = 0;

  clear(): void {
    this.#generation++;
    this.#size = 0;
  }

  has(a: number, b: number): boolean {
    const mask = this.#a.length - 1;
    for (let s = slotOf(a, b, mask); ; s = (s + 1) & mask) {
      if (this.#stamp[s] !== this.#generation) return false;
      if (this.#a[s] === a && this.#b[s] === b) return true;
    }
  }

  add(a: number, b: number): void {
    if (2 * (this.#size + 1) > this.#a.length) this.#grow();
    const mask = this.#a.length - 1;
    for (let s = slotOf(a, b, mask); ; s = (s + 1) & mask) {
      if (this.#stamp[s] !== this.#generation) {
        this.#stamp[s] = this.#generation;
        this.#a[s] = a;
        this.#b[s] = b;
        this.#size++;
        return;
      }
      if (this.#a[s] === a && this.#b[s] === b) return;
    }
  }

  #grow(): void {
    const [oldA, oldB, oldStamp, generation] = [this.#a, this.#b, this.#stamp, this.#generation];
    const size = 2 * oldA.length;
    this.#a = new Int32Array(size);
    this.#b = new Int32Array(size);
    this.#stamp = new Uint32Array(size);
    this.#size = 0;
    for (let s = 0; s < oldA.length; s++) if (oldStamp[s] === generation) this.add(oldA[s]!, oldB[s]!);
  }
}

function slotOf(a: number, b: number, mask: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
}

export class PassSearch {
  readonly stats: PassSearchStats = { passes: 0, polished: 0, encounters: 0 };
  readonly #ephemeris: HermiteEphemeris;
  readonly #o: PassSearchOptions;
  readonly #halfMs: number;
  #previous = new PairSet();
  #current = new PairSet();
  /** relative state (b minus a): position km, velocity km/s */
  readonly #s = new Float64Array(6);
  readonly #pair = new Float64Array(12);

  constructor(ephemeris: HermiteEphemeris, options: PassSearchOptions) {
    this.#ephemeris = ephemeris;
    this.#o = options;
    this.#halfMs = options.sampleStepMs / 2;
  }

  /** Searches the pairs flagged at the sample tMs (pairs in `flagged`, a < b); samples must come in order, one step apart. */
  sample(tMs: number, flagged: PairBuffer, sink: EncounterSink): void {
    [this.#previous, this.#current] = [this.#current, this.#previous];
    this.#current.clear();
    const { windowStartMs, windowEndMs, sampleStepMs } = this.#o;
    const data = flagged.data;
    for (let k = 0; k < flagged.length; k += 2) {
      const a = data[k]!;
      const b = data[k + 1]!;
      if (this.#current.has(a, b)) continue;
      this.#current.add(a, b);
      const continued = this.#previous.has(a, b);
      if (!continued) this.stats.passes++;
      const fromMs = Math.max(windowStartMs, continued ? tMs : tMs - sampleStepMs);
      const toMs = Math.min(windowEndMs, tMs + sampleStepMs);
      if (toMs > fromMs) this.#search(a, b, fromMs, toMs, sink);
    }
  }

  /** The grid intervals of [fromMs, toMs] (fromMs on the grid; toMs may be the window's end). */
  #search(a: number, b: number, fromMs: number, toMs: number, sink: EncounterSink): void {
    const half = this.#halfMs;
    let tPrev = fromMs;
    let fPrev = this.#closing(a, b, tPrev, false);
    for (let t = fromMs + half; ; t += half) {
      const tNow = Math.min(t, toMs);
      const fNow = this.#closing(a, b, tNow, false);
      if (fPrev < 0 && fNow >= 0) this.#root(a, b, tPrev, tNow, fPrev, fNow, sink);
      if (tNow >= toMs) return;
      tPrev = tNow;
      fPrev = fNow;
    }
  }

  #root(a: number, b: number, t0: number, t1: number, f0: number, f1: number, sink: EncounterSink): void {
    const { thresholdKm, marginKm, windowStartMs, windowEndMs } = this.#o;
    const tHermite = this.#hermiteRoot(a, b, t0, t1, f0, f1);
    if (this.#range() > thresholdKm + marginKm) return;
    this.stats.polished++;
    let tcaMs = this.#newtonOnSgp4(a, b, tHermite);
    if (tcaMs !== tcaMs) tcaMs = this.#bracketOnSgp4(a, b, tHermite);
    if (!(tcaMs > windowStartMs && tcaMs < windowEndMs)) return;
    const missKm = this.#range();
    if (!(missKm <= thresholdKm)) return;
    const s = this.#s;
    this.stats.encounters++;
    sink({ a, b, tcaMs, missKm, relSpeedKmS: Math.hypot(s[3]!, s[4]!, s[5]!), relPosKm: [s[0]!, s[1]!, s[2]!], relVelKmS: [s[3]!, s[4]!, s[5]!] });
  }

  /**
   * The root of r . v between t0 and t1 on the interpolant: Newton steps with the slope v . v
   * (r . a is negligible next to it near a close approach), kept inside the bracket by bisection.
   * Leaves the relative state at the root in #s.
   */
  #hermiteRoot(a: number, b: number, t0: number, t1: number, f0: number, f1: number): number {
    let lo = t0;
    let hi = t1;
    let t = f1 !== f0 ? t0 - (f0 * (t1 - t0)) / (f1 - f0) : (t0 + t1) / 2;
    for (let k = 0; k < 100; k++) {
      const f = this.#closing(a, b, t, false);
      if (f < 0) lo = t;
      else hi = t;
      let next = t - (1000 * f) / this.#speed2();
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      if (Math.abs(next - t) < HERMITE_TOLERANCE_MS || hi - lo < HERMITE_TOLERANCE_MS) break;
      t = next;
    }
    return t;
  }

  /**
   * Newton on SGP4 from the interpolant's root, which is within milliseconds of SGP4's. When the
   * step is short and the relative speed not tiny, one SGP4 evaluation settles it: the state is
   * carried to the TCA along its velocity, which is off by |a_rel| step^2 / 2, below 1e-9 km for
   * a 10 ms step (|a_rel| <= 2 mu/r^3 x miss, 2e-5 km/s^2 at 6 km), and the TCA by about
   * (r . a / v^2) x step, a microsecond at 1 km/s. Otherwise it steps again. Leaves SGP4's
   * relative state at the TCA in #s; NaN when it does not settle within 1 s in a few steps (then
   * the bracketing search runs).
   */
  #newtonOnSgp4(a: number, b: number, startMs: number): number {
    let t = startMs;
    for (let k = 0; k < NEWTON_STEPS; k++) {
      const f = this.#closing(a, b, t, true);
      const v2 = this.#speed2();
      const stepMs = (-1000 * f) / v2;
      if (Math.abs(stepMs) < NEWTON_SETTLED_MS) return t;
      if (Math.abs(stepMs) < LINEAR_STEP_MS && v2 > SLOW_KM2_S2) {
        const s = this.#s;
        for (let c = 0; c < 3; c++) s[c] = s[c]! + (s[3 + c]! * stepMs) / 1000;
        return t + stepMs;
      }
      if (!(Math.abs(t + stepMs - startMs) < 1000)) return Number.NaN;
      t += stepMs;
    }
    return Number.NaN;
  }

  /** SGP4's root bracketed close to the interpolant's (wider if need be) and narrowed to 1 ms; NaN if none within two grid intervals. */
  #bracketOnSgp4(a: number, b: number, startMs: number): number {
    const { windowStartMs, windowEndMs } = this.#o;
    for (let widthMs = FIRST_BRACKET_MS; widthMs <= 2 * this.#halfMs; widthMs *= 8) {
      const lo = Math.max(windowStartMs, startMs - widthMs);
      const hi = Math.min(windowEndMs, startMs + widthMs);
      const fLo = this.#closing(a, b, lo, true);
      const fHi = this.#closing(a, b, hi, true);
      if (!(fLo < 0 && fHi >= 0)) continue;
      const tcaMs = this.#bracketRoot(a, b, lo, hi, fLo, fHi, TOLERANCE_MS, true);
      this.#closing(a, b, tcaMs, true);
      return tcaMs;
    }
    return Number.NaN;
  }

  /** r . v of b relative to a at tMs, on the interpolant or on SGP4; the relative state stays in #s. */
  #closing(a: number, b: number, tMs: number, exact: boolean): number {
    const s = this.#s;
    if (exact) {
      const pair = this.#pair;
      this.#ephemeris.sgp4Into(a, tMs, pair, 0);
      this.#ephemeris.sgp4Into(b, tMs, pair, 6);
      for (let c = 0; c < 6; c++) s[c] = pair[6 + c]! - pair[c]!;
    } else {
      this.#ephemeris.relativeInto(a, b, tMs, s);
    }
    return s[0]! * s[3]! + s[1]! * s[4]! + s[2]! * s[5]!;
  }

  /** |r| of the relative state in #s, km. */
  #range(): number {
    const s = this.#s;
    return Math.hypot(s[0]!, s[1]!, s[2]!);
  }

  /** |v|^2 of the relative state in #s, km^2/s^2. */
  #speed2(): number {
    const s = this.#s;
    return s[3]! * s[3]! + s[4]! * s[4]! + s[5]! * s[5]!;
  }

  /**
   * The root of r . v in [lo, hi] (negative at lo, not at hi) to `toleranceMs`: secant steps
   * alternating with bisection, so the bracket at least halves every two steps (Numerical
   * Recipes 9.2-9.3), then the secant estimate inside the last bracket.
   */
  #bracketRoot(a: number, b: number, lo: number, hi: number, fLo: number, fHi: number, toleranceMs: number, exact: boolean): number {
    for (let k = 0; k < 200 && hi - lo > toleranceMs; k++) {
      const secant = fHi !== fLo ? hi - (fHi * (hi - lo)) / (fHi - fLo) : (lo + hi) / 2;
      const t = k % 2 === 0 && secant > lo && secant < hi ? secant : (lo + hi) / 2;
      const f = this.#closing(a, b, t, exact);
      if (f < 0) {
        lo = t;
        fLo = f;
      } else {
        hi = t;
        fHi = f;
      }
    }
    return fLo === fHi ? (lo + hi) / 2 : lo - (fLo * (hi - lo)) / (fHi - fLo);
  }
}
