import { describe, expect, it } from "vitest";
import {
  CounterKeys,
  counterBernoulli,
  counterNormal,
  counterPoisson,
  counterUint32,
  counterUniform,
  counterUniformOfKey,
  counterUniformSurelyBelow,
  hashString32,
  murmur3Words32,
} from "./rng.js";
import { BadModelInputError } from "./errors.js";

describe("murmur3Words32", () => {
  // Published MurmurHash3_x86_32 test vectors (SMHasher; repeated in the mmh3 and Go test suites).
  it.each([
    [[], 0, 0],
    [[], 1, 0x514e28b7],
    [[], 0xffffffff, 0x81f16f39],
    [[0xffffffff], 0, 0x76293b50],
    [[0x87654321], 0, 0xf55b516b],
    [[0x87654321], 0x5082edee, 0x2362f9de],
    [[0], 0, 0x2362f9de],
  ])("matches the published MurmurHash3_x86_32 vector for words %j with seed %i", (words, seed, expected) => {
    expect(murmur3Words32(words, seed)).toBe(expected);
  });
});

describe("hashString32", () => {
  // FNV-1a 32-bit reference values (draft-eastlake-fnv test suite): "" and "a" and "foobar".
  it("matches the FNV-1a reference values", () => {
    expect(hashString32("")).toBe(0x811c9dc5);
    expect(hashString32("a")).toBe(0xe40c292c);
    expect(hashString32("foobar")).toBe(0xbf9cf968);
  });
});

describe("counterUniform", () => {
  it("gives the same draw for the same key whatever the order of evaluation", () => {
    const keys = Array.from({ length: 200 }, (_, i) => [42, i, i * 7, 3] as const);
    const forward = keys.map((k) => counterUniform(...k));
    const backward = [...keys]
      .reverse()
      .map((k) => counterUniform(...k))
      .reverse();
    const interleaved = keys.map((k, i) => (counterUniform(1, 2, 3, i), counterUniform(...k)));
    expect(backward).toEqual(forward);
    expect(interleaved).toEqual(forward);
  });

  it("passes a chi-square uniformity test on 100,000 draws with a fixed seed", () => {
    const bins = new Array<number>(100).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(counterUniform(7, i, 0, 1) * 100)]!++;
    const chi2 = bins.reduce((sum, b) => sum + (b - 1000) ** 2 / 1000, 0);
    // 99 degrees of freedom: the 0.1 % critical value is 148.2; the mean is 99.
    expect(chi2).toBeLessThan(148.2);
    expect(chi2).toBeGreaterThan(60);
  });

  it("is uniform along the tick axis too (a counter, not a stream)", () => {
    const bins = new Array<number>(20).fill(0);
    for (let t = 0; t < 40_000; t++) bins[Math.floor(counterUniform(99, 5, t, hashString32("seu")) * 20)]!++;
    const chi2 = bins.reduce((sum, b) => sum + (b - 2000) ** 2 / 2000, 0);
    // 19 degrees of freedom: 0.1 % critical value 43.8.
    expect(chi2).toBeLessThan(43.8);
  });

  it("draws uncorrelated values for different purposes, entities and seeds", () => {
    const n = 50_000;
    const corr = (f: (i: number) => number, g: (i: number) => number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (f(i) - 0.5) * (g(i) - 0.5);
      return s / n / (1 / 12);
    };
    // Standard error of the sample correlation is 1/sqrt(n) = 0.0045; 4.5 sigma bound.
    expect(
      Math.abs(
        corr(
          (i) => counterUniform(1, i, 5, 1),
          (i) => counterUniform(1, i, 5, 2),
        ),
      ),
    ).toBeLessThan(0.02);
    expect(
      Math.abs(
        corr(
          (i) => counterUniform(1, i, 5, 1),
          (i) => counterUniform(1, i + 1, 5, 1),
        ),
      ),
    ).toBeLessThan(0.02);
    expect(
      Math.abs(
        corr(
          (i) => counterUniform(1, i, 5, 1),
          (i) => counterUniform(2, i, 5, 1),
        ),
      ),
    ).toBeLessThan(0.02);
    expect(
      Math.abs(
        corr(
          (i) => counterUniform(1, 0, i, 1),
          (i) => counterUniform(1, 0, i + 1, 1),
        ),
      ),
    ).toBeLessThan(0.02);
  });

  it("keeps negative and 64-bit ids apart from small ones", () => {
    expect(counterUniform(1, -1, 0, 0)).not.toBe(counterUniform(1, 0xffffffff, 0, 0));
    expect(counterUniform(1, 2 ** 32, 0, 0)).not.toBe(counterUniform(1, 0, 0, 0));
    expect(counterUint32(1, 2, 3, 4, 0)).not.toBe(counterUint32(1, 2, 3, 4, 1));
  });

  it("refuses a fractional key part with an error naming the key", () => {
    expect(() => counterUniform(1, 2, 3.5, 4)).toThrow(BadModelInputError);
    expect(() => counterUniform(1, 2, 3.5, 4)).toThrow(/tick 3.5/);
  });
});

describe("CounterKeys", () => {
  it("gives keys whose uniforms are counterUniform's draws, for every purpose", () => {
    for (const [seed, tick] of [
      [42, 0],
      [7, 123_456],
      [2 ** 40 + 3, -5],
      [-1, 2 ** 33],
    ] as const) {
      const keys = new CounterKeys(seed, tick);
      for (const entity of [0, 1, 999, -17, 2 ** 35 + 1]) {
        const key = keys.of(entity);
        for (const purpose of [0, 201, 202, -3]) expect(counterUniformOfKey(key, purpose)).toBe(counterUniform(seed, entity, tick, purpose));
      }
    }
  });

  it("refuses a fractional seed, tick, entity or purpose", () => {
    expect(() => new CounterKeys(1.5, 0)).toThrow(BadModelInputError);
    expect(() => new CounterKeys(1, 0.5)).toThrow(BadModelInputError);
    expect(() => new CounterKeys(1, 0).of(2.5)).toThrow(/entity 2.5 must be a safe integer/);
    expect(() => counterUniformOfKey(new CounterKeys(1, 0).of(2), 0.5)).toThrow(/purpose 0.5 must be a safe integer/);
    expect(() => counterUniformSurelyBelow(0, Number.NaN, 0.5)).toThrow(BadModelInputError);
  });
});

describe("counterUniformSurelyBelow", () => {
  it("is true only for draws below the bound, and always when the draw is 2^-27 or more below it", () => {
    const keys = new CounterKeys(11, 3);
    let decided = 0;
    for (let entity = 0; entity < 20_000; entity++) {
      const key = keys.of(entity);
      const u = counterUniformOfKey(key, 5);
      // Bounds near the draw, where the first 27 bits may not decide, and far from it.
      const bound = entity % 2 === 0 ? u + (counterUniform(11, entity, 3, 6) - 0.5) * 2 ** -25 : counterUniform(11, entity, 3, 6);
      const surely = counterUniformSurelyBelow(key, 5, bound);
      if (surely) expect(u).toBeLessThan(bound);
      if (u < bound - 2 ** -27) expect(surely).toBe(true);
      if (surely) decided++;
    }
    expect(decided).toBeGreaterThan(5_000);
  });
});

describe("counterNormal", () => {
  it("has mean 0, variance 1 and normal tails on 50,000 draws", () => {
    const n = 50_000;
    let sum = 0;
    let sumSq = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = counterNormal(3, i, 0, 9);
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.03);
    // P(|Z| > 2) = 0.0455 for a standard normal.
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.004);
  });
});

describe("counterPoisson", () => {
  it.each([0.01, 2.5, 40, 900])("has mean and variance lambda = %s", (lambda) => {
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const k = counterPoisson(lambda, 3, i, 0, hashString32("seu"));
      sum += k;
      sumSq += k * k;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // 5 standard errors of the mean, sqrt(lambda / n).
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    // Standard error of the variance ratio: sqrt((1 / lambda + 2) / n) for a Poisson sample.
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(5 * Math.sqrt((1 / lambda + 2) / n));
  });

  it("matches the Poisson probabilities P(0) and P(1) for lambda = 1", () => {
    const n = 50_000;
    const counts = [0, 0];
    for (let i = 0; i < n; i++) {
      const k = counterPoisson(1, 11, i, 0, 1);
      if (k < 2) counts[k]!++;
    }
    expect(Math.abs(counts[0]! / n - Math.exp(-1))).toBeLessThan(0.01);
    expect(Math.abs(counts[1]! / n - Math.exp(-1))).toBeLessThan(0.01);
  });

  it("refuses a negative mean", () => {
    expect(() => counterPoisson(-1, 1, 1, 1, 1)).toThrow(/lambda = -1/);
  });
});

describe("counterBernoulli", () => {
  it("succeeds with probability p", () => {
    let hits = 0;
    for (let i = 0; i < 40_000; i++) if (counterBernoulli(0.25, 5, i, 1, 2)) hits++;
    expect(Math.abs(hits / 40_000 - 0.25)).toBeLessThan(0.011);
  });
});
