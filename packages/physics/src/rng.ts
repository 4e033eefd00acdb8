/**
 * A counter-based random generator: every draw is a pure function of its key (seed, entity,
 * tick, purpose), so results do not depend on evaluation order, on how many processes share the
 * work, or on what was drawn before (the idea of Salmon, Moraes, Dror & Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011).
 *
 * The keyed function is MurmurHash3_x86_32 (Appleby, SMHasher; public domain) over the 32-byte
 * little-endian message [seed lo, seed hi, entity lo, entity hi, tick lo, tick hi, purpose, lane],
 * hash seed 0; the lane word yields several independent 32-bit words per key. Implemented here
 * from the published algorithm and checked against its published test vectors (rng.test.ts).
 * Good statistical quality for simulation (avalanche of the fmix32 finalizer); not for
 * cryptography. Keys are safe integers; 64-bit values are split into two 32-bit words, so
 * negative and large ids do not collide with small ones.
 */
import { BadModelInputError } from "./errors.js";

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_27 = 1 / 134217728;

/** One MurmurHash3 block step: mixes 32-bit `word` into hash state `h`. */
function mixBlock(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finalizer (fmix32) after xoring in the message length in bytes. */
function finish(h: number, lengthBytes: number): number {
  h ^= lengthBytes;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3_x86_32 of a message of whole 32-bit words (little-endian bytes), with `seed`.
 * Exported for its tests and for hashing small integer tuples.
 */
export function murmur3Words32(words: ArrayLike<number>, seed = 0): number {
  let h = seed | 0;
  for (let i = 0; i < words.length; i++) h = mixBlock(h, words[i]! | 0);
  return finish(h, 4 * words.length);
}

function checkKey(seed: number, entity: number, tick: number, purpose: number): void {
  if (!(Number.isSafeInteger(seed) && Number.isSafeInteger(entity) && Number.isSafeInteger(tick) && Number.isSafeInteger(purpose))) {
    throw new BadModelInputError(
      `counter RNG key (seed ${seed}, entity ${entity}, tick ${tick}, purpose ${purpose}): every part must be a safe integer; hash names with hashString32`,
    );
  }
}

function checkPurpose(purpose: number): void {
  if (!Number.isSafeInteger(purpose)) throw new BadModelInputError(`counter RNG purpose ${purpose} must be a safe integer; hash names with hashString32`);
}

/** Hash state after the two words of the seed. */
function seedState(seed: number): number {
  return mixBlock(mixBlock(0, seed | 0), Math.floor(seed / TWO_POW_32) | 0);
}

/** Hash state after the six words of (seed, entity, tick), from the seed's state and the tick's two words. */
function entityTickState(seedHash: number, entity: number, tickLo: number, tickHi: number): number {
  let h = mixBlock(seedHash, entity | 0);
  h = mixBlock(h, Math.floor(entity / TWO_POW_32) | 0);
  h = mixBlock(h, tickLo);
  return mixBlock(h, tickHi);
}

/** Hash state after the seven key words; lanes finish from it. */
function keyState(seed: number, entity: number, tick: number, purpose: number): number {
  checkKey(seed, entity, tick, purpose);
  return mixBlock(entityTickState(seedState(seed), entity, tick | 0, Math.floor(tick / TWO_POW_32) | 0), purpose | 0);
}

function lane(state: number, laneIndex: number): number {
  return finish(mixBlock(state, laneIndex), 32);
}

/** 32 random bits (an unsigned integer) for a key and lane (lanes 0-3 are used by the draws below). */
export function counterUint32(seed: number, entity: number, tick: number, purpose: number, laneIndex = 0): number {
  return lane(keyState(seed, entity, tick, purpose), laneIndex);
}

/** 53 bits from two lanes as a double in [0, 1). */
function uniformFromState(state: number, firstLane: number): number {
  const hi = lane(state, firstLane) >>> 5; // 27 bits
  const lo = lane(state, firstLane + 1) >>> 6; // 26 bits
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** Uniform in [0, 1) with 53 random bits, a pure function of (seed, entity, tick, purpose). */
export function counterUniform(seed: number, entity: number, tick: number, purpose: number): number {
  return uniformFromState(keyState(seed, entity, tick, purpose), 0);
}

/**
 * The keys of one seed and tick, by entity, for a loop over many entities: the seed and tick are
 * checked and hashed once. A key is the hashed (seed, entity, tick), shared among the draws of
 * several purposes: `counterUniformOfKey(new CounterKeys(s, t).of(e), p)` is `counterUniform(s, e, t, p)`.
 */
export class CounterKeys {
  readonly #seedHash: number;
  readonly #tickLo: number;
  readonly #tickHi: number;

  constructor(seed: number, tick: number) {
    checkKey(seed, 0, tick, 0);
    this.#seedHash = seedState(seed);
    this.#tickLo = tick | 0;
    this.#tickHi = Math.floor(tick / TWO_POW_32) | 0;
  }

  of(entity: number): number {
    if (!Number.isSafeInteger(entity)) throw new BadModelInputError(`counter RNG entity ${entity} must be a safe integer; hash names with hashString32`);
    return entityTickState(this.#seedHash, entity, this.#tickLo, this.#tickHi);
  }
}

/** counterUniform for the purpose of a key from CounterKeys. */
export function counterUniformOfKey(key: number, purpose: number): number {
  checkPurpose(purpose);
  return uniformFromState(mixBlock(key, purpose | 0), 0);
}

/**
 * True when the purpose's uniform is certainly below `bound`, judged from its first 27 bits only
 * (half the hashing); false says nothing (draw it with counterUniformOfKey). It makes a rare
 * event cheap to rule out: with a bound 1 - p just under the no-event probability, the full
 * draw is needed only about p + 2^-27 of the time, and the outcome is the full draw's.
 */
export function counterUniformSurelyBelow(key: number, purpose: number, bound: number): boolean {
  checkPurpose(purpose);
  // u = (hi 2^26 + lo) / 2^53 with lo < 2^26, so u < (hi + 1) / 2^27.
  const hi = lane(mixBlock(key, purpose | 0), 0) >>> 5;
  return (hi + 1) * TWO_POW_MINUS_27 <= bound;
}

/**
 * Standard normal from one key: Box & Muller (1958) on two uniforms from lanes 0-1 and 2-3, so
 * it needs no second key and never shares draws with another purpose.
 */
export function counterNormal(seed: number, entity: number, tick: number, purpose: number): number {
  const state = keyState(seed, entity, tick, purpose);
  // 1 - u is in (0, 1]: the logarithm stays finite.
  const u1 = 1 - uniformFromState(state, 0);
  const u2 = uniformFromState(state, 2);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Poisson count with mean `lambda` from one key. Inversion of the CDF by sequential search
 * (Devroye, Non-Uniform Random Variate Generation, 1986, X.3.2) for lambda <= 500, which is exact
 * up to rounding of the CDF sum; beyond, the normal approximation with continuity correction
 * (error in the distribution below 1 % of a standard deviation's worth of probability there).
 * Throws BadModelInputError for a negative or non-finite mean.
 */
export function counterPoisson(lambda: number, seed: number, entity: number, tick: number, purpose: number): number {
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new BadModelInputError(`counterPoisson: mean lambda = ${lambda} must be finite and >= 0`);
  if (lambda === 0) return 0;
  if (lambda > 500) return Math.max(0, Math.floor(lambda + Math.sqrt(lambda) * counterNormal(seed, entity, tick, purpose) + 0.5));
  const u = counterUniform(seed, entity, tick, purpose);
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  // The bound only guards against a CDF that rounds below u in its far tail.
  const kMax = Math.ceil(lambda + 40 * Math.sqrt(lambda) + 40);
  while (u >= cdf && k < kMax) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** Bernoulli trial with probability `p` from one key. */
export function counterBernoulli(p: number, seed: number, entity: number, tick: number, purpose: number): boolean {
  return counterUniform(seed, entity, tick, purpose) < p;
}

/**
 * FNV-1a 32-bit hash (Fowler, Noll & Vo; IETF draft-eastlake-fnv) of a string's UTF-16 code
 * units: turns ids and purpose names into key words ("seu", "gpu-failure").
 */
export function hashString32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
