/**
 * A counter-based random generator: every draw is a pure function of (seed, entity, tick,
 * purpose), so results do not depend on evaluation order or on how many processes share the
 * work (the idea of Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
 * The mixer is two lanes of MurmurHash3's 32-bit finalizer (Appleby) over the four key words,
 * cross-fed so every input bit reaches every output bit. Not for cryptography.
 */

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWord(state: number, word: number): number {
  let k = Math.imul(word | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = state ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Two independent 32-bit outputs for a key. */
function hash2(seed: number, entity: number, tick: number, purpose: number): [number, number] {
  const words = [seed, entity, tick, tick / 4294967296, purpose];
  let a = 0x243f6a88;
  let b = 0x85a308d3;
  for (const w of words) {
    a = mixWord(a, w >>> 0);
    b = mixWord(b, (w >>> 0) ^ 0x9e3779b9);
  }
  const h1 = fmix32(a ^ 20);
  const h2 = fmix32(b ^ h1 ^ 20);
  return [h1, h2];
}

/** Uniform in [0, 1) with 53 random bits. */
export function counterUniform(seed: number, entity: number, tick: number, purpose: number): number {
  const [hi, lo] = hash2(seed, entity, tick, purpose);
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

/** Standard normal by Box-Muller from two keyed uniforms. */
export function counterNormal(seed: number, entity: number, tick: number, purpose: number): number {
  const u1 = counterUniform(seed, entity, tick, purpose) || Number.MIN_VALUE;
  const u2 = counterUniform(seed, entity, tick, purpose ^ 0x5bd1e995);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Poisson count with mean `lambda` by inversion of the CDF from one keyed uniform (exact for any
 * lambda up to ~700, where exp(-lambda) underflows; beyond, a normal approximation).
 */
export function counterPoisson(lambda: number, seed: number, entity: number, tick: number, purpose: number): number {
  if (!(lambda >= 0)) throw new RangeError(`poisson mean ${lambda} must be >= 0`);
  if (lambda === 0) return 0;
  if (lambda > 700) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * counterNormal(seed, entity, tick, purpose)));
  const u = counterUniform(seed, entity, tick, purpose);
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 10_000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** FNV-1a 32-bit hash of a string: turns ids and purpose names into key words. */
export function hashString32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
