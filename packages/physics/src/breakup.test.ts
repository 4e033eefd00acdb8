import { describe, expect, it } from "vitest";
import { PhysicsInputError } from "./errors.js";
import { counterNormal, counterUniform } from "./rng.js";
import {
  areaToMassLog10,
  breakUp,
  CATASTROPHIC_EMR_J_PER_G,
  collisionBreakup,
  collisionFragmentCount,
  collisionMassParameterKg,
  deltaVLog10Mean,
  energyToMassRatioJPerG,
  explosionBreakup,
  explosionFragmentCount,
  fragmentAreaM2,
  isCatastrophic,
  type Fragments,
} from "./breakup.js";

const iridiumKosmos = { projectileMassKg: 560, targetMassKg: 900, relSpeedKmS: 11.7 };

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) };
}

describe("NASA standard breakup model fragment counts (Johnson et al. 2001; physics-cases 23)", () => {
  it("counts 238.9 fragments of 10 cm and larger for an explosion with S = 1 (6 x 0.1^-1.6 = 238.86)", () => {
    expect(explosionFragmentCount(1, 0.1)).toBeCloseTo(238.864, 3);
    expect(explosionFragmentCount(0.5, 0.1)).toBeCloseTo(119.432, 3);
  });

  it("uses M = m_p v^2 with v in km/s for a non-catastrophic collision (Krisko 2011), not m_p v", () => {
    // 0.2 kg at 10 km/s into 1000 kg: EMR = 0.5 x 0.2 x 1e8 / 1e6 = 10 J/g
    const c = { projectileMassKg: 0.2, targetMassKg: 1000, relSpeedKmS: 10 };
    expect(energyToMassRatioJPerG(c)).toBeCloseTo(10, 12);
    expect(isCatastrophic(c)).toBe(false);
    expect(collisionMassParameterKg(c)).toBeCloseTo(20, 12);
    // 0.1 x 20^0.75 x 0.1^-1.71 = 48.503; the m_p v mistake (M = 2) would give 8.625
    expect(collisionFragmentCount(c, 0.1)).toBeCloseTo(48.5034, 3);
    expect(Math.abs(collisionFragmentCount(c, 0.1) - 8.6253)).toBeGreaterThan(30);
  });

  it("switches to M = m_p + M_t at 40 J/g: Iridium 33 / Kosmos 2251 at 11.7 km/s (physics-cases 20)", () => {
    // EMR = 0.5 x 560 x 11700^2 / 900000 = 42588 J/g
    expect(energyToMassRatioJPerG(iridiumKosmos)).toBeCloseTo(42588, 6);
    expect(isCatastrophic(iridiumKosmos)).toBe(true);
    expect(collisionMassParameterKg(iridiumKosmos)).toBe(1460);
    // 0.1 x 1460^0.75 x 0.1^-1.71 = 1211.34
    expect(collisionFragmentCount(iridiumKosmos, 0.1)).toBeCloseTo(1211.336, 2);
  });

  it("puts the threshold at exactly 40 J/g and takes the lighter object as the projectile whatever the order", () => {
    // 0.5 m_p v^2 / M_t = 40 J/g = 40000 J/kg with M_t = 100 kg, v = 2 km/s: m_p = 2 kg
    expect(isCatastrophic({ projectileMassKg: 2, targetMassKg: 100, relSpeedKmS: 2 })).toBe(true);
    expect(isCatastrophic({ projectileMassKg: 1.999, targetMassKg: 100, relSpeedKmS: 2 })).toBe(false);
    expect(CATASTROPHIC_EMR_J_PER_G).toBe(40);
    const swapped = { projectileMassKg: 900, targetMassKg: 560, relSpeedKmS: 11.7 };
    expect(energyToMassRatioJPerG(swapped)).toBe(energyToMassRatioJPerG(iridiumKosmos));
  });

  it("gives the average cross-section of Johnson's eq. 8 on both sides of 1.67 mm", () => {
    expect(fragmentAreaM2(0.001)).toBeCloseTo(0.540424e-6, 15);
    expect(fragmentAreaM2(0.1)).toBeCloseTo(0.556945 * Math.pow(0.1, 2.0047077), 15);
    expect(fragmentAreaM2(1)).toBeCloseTo(0.556945, 12);
  });
});

describe("area-to-mass and delta-v distributions (Johnson et al. 2001)", () => {
  const sample = (sizeM: number, parent: "spacecraft" | "rocketBody", n = 20_000) =>
    Array.from({ length: n }, (_, i) =>
      areaToMassLog10(sizeM, { uMix: counterUniform(7, 1, i, 1), uBridge: counterUniform(7, 1, i, 2), z: counterNormal(7, 1, i, 3) }, parent),
    );

  it("draws a single normal, mean -0.3 and sigma 0.39995, for 1 cm fragments", () => {
    const { mean, std } = meanStd(sample(0.01, "spacecraft"));
    expect(mean).toBeCloseTo(-0.3, 1);
    expect(Math.abs(mean + 0.3)).toBeLessThan(0.02);
    expect(Math.abs(std - 0.39995)).toBeLessThan(0.01);
  });

  it("draws the spacecraft mixture at 50 cm: alpha 0.6596 of N(-0.854, 0.2998) and N(-1.732, 0.3), mean -1.1529, sigma 0.5127", () => {
    const { mean, std } = meanStd(sample(0.5, "spacecraft"));
    expect(Math.abs(mean + 1.1529)).toBeLessThan(0.015);
    expect(Math.abs(std - Math.sqrt(0.26291))).toBeLessThan(0.015);
  });

  it("draws the rocket-body mixture at 1 m: alpha 0.5 of N(-0.9, 0.55) and N(-0.9, 0.1164)", () => {
    const { mean, std } = meanStd(sample(1, "rocketBody"));
    expect(Math.abs(mean + 0.9)).toBeLessThan(0.015);
    // variance 0.5 x 0.55^2 + 0.5 x 0.11636^2 = 0.15802
    expect(Math.abs(std - Math.sqrt(0.15802))).toBeLessThan(0.01);
  });

  it("bridges 8-11 cm with the large-fragment law taken with probability (L - 8 cm) / 3 cm", () => {
    // at 9.5 cm (lambda -1.022): below 0.5 the large law, whose first normal (alpha 0.371 > uMix = 0) has mu1 -0.6247; above it the small law, mu -1.0
    expect(areaToMassLog10(0.095, { uMix: 0, uBridge: 0.49, z: 0 })).toBeCloseTo(-0.62473, 4);
    expect(areaToMassLog10(0.095, { uMix: 0, uBridge: 0.51, z: 0 })).toBeCloseTo(-1.0, 12);
  });

  it("has delta-v log-normal about 0.9 chi + 2.9 (collision) and 0.2 chi + 1.85 (explosion), sigma 0.4, isotropic", () => {
    expect(deltaVLog10Mean(-1, "collision")).toBeCloseTo(2.0, 12);
    expect(deltaVLog10Mean(-1, "explosion")).toBeCloseTo(1.65, 12);
    for (const kind of ["collision", "explosion"] as const) {
      const f = breakUp({ kind, massKg: 1e9, fragmentCount: 20_000, minSizeM: 0.01, maxSizeM: 1, seed: 11, eventId: 4 });
      expect(f.skippedCount).toBe(0);
      const residuals: number[] = [];
      let sumX = 0;
      let sumY = 0;
      let sumZ = 0;
      for (let i = 0; i < f.count - 1; i++) {
        const [x, y, z] = [f.deltaVKmS[3 * i]!, f.deltaVKmS[3 * i + 1]!, f.deltaVKmS[3 * i + 2]!];
        const speedMs = 1000 * Math.hypot(x, y, z);
        residuals.push(Math.log10(speedMs) - deltaVLog10Mean(Math.log10(f.areaToMassM2Kg[i]!), kind));
        sumX += x / Math.hypot(x, y, z);
        sumY += y / Math.hypot(x, y, z);
        sumZ += z / Math.hypot(x, y, z);
      }
      const { mean, std } = meanStd(residuals);
      expect(Math.abs(mean)).toBeLessThan(0.01);
      expect(Math.abs(std - 0.4)).toBeLessThan(0.01);
      // the mean unit vector of 20,000 isotropic directions has components of about 1/sqrt(3 x 20000) = 0.004
      for (const s of [sumX, sumY, sumZ]) expect(Math.abs(s / residuals.length)).toBeLessThan(0.02);
    }
  });
});

describe("breakUp: keyed, reproducible fragments that close the mass budget", () => {
  const options = {
    kind: "collision" as const,
    massKg: 1460,
    fragmentCount: collisionFragmentCount(iridiumKosmos, 0.1),
    minSizeM: 0.1,
    maxSizeM: 3,
    seed: 2009,
    eventId: 1,
  };
  const total = (f: Fragments) => f.massKg.reduce((a, b) => a + b, 0);

  it("draws the same fragments for the same keys and different ones for another event id", () => {
    const f = breakUp(options);
    expect(breakUp(options)).toEqual(f);
    const other = breakUp({ ...options, eventId: 2 });
    expect(other.sizeM[0]).not.toBe(f.sizeM[0]);
  });

  it("keys each fragment by its index, so a longer draw extends a shorter one", () => {
    const short = breakUp({ ...options, massKg: 1e9, fragmentCount: 100 });
    const long = breakUp({ ...options, massKg: 1e9, fragmentCount: 300 });
    expect(Array.from(long.sizeM.slice(0, 100))).toEqual(Array.from(short.sizeM.slice(0, 100)));
    expect(Array.from(long.massKg.slice(0, 100))).toEqual(Array.from(short.massKg.slice(0, 100)));
  });

  it.each([
    [0.1, 3, 2009],
    [0.1, 1, 7],
    [0.01, 3, 2009],
    [0.01, 3, 8],
  ])("sums the masses to the parent's within 1e-12 with mass x A/m = A for every fragment (Lc %s m, Lmax %s m, seed %s)", (minSizeM, maxSizeM, seed) => {
    const f = collisionBreakup({ collision: iridiumKosmos, minSizeM, maxSizeM, seed, eventId: 1 });
    expect(Math.abs(total(f) - 1460) / 1460).toBeLessThan(1e-12);
    expect(f.count + f.skippedCount - (f.remnantIndex >= 0 ? 1 : 0)).toBe(Math.floor(collisionFragmentCount(iridiumKosmos, minSizeM)));
    let worstAreaError = 0;
    let outOfRange = 0;
    for (let i = 0; i < f.count; i++) {
      if (!(f.sizeM[i]! >= minSizeM && f.sizeM[i]! <= maxSizeM && f.massKg[i]! > 0)) outOfRange++;
      worstAreaError = Math.max(worstAreaError, Math.abs((f.massKg[i]! * f.areaToMassM2Kg[i]!) / fragmentAreaM2(f.sizeM[i]!) - 1));
    }
    expect(outOfRange).toBe(0);
    expect(worstAreaError).toBeLessThan(1e-12);
  });

  it("draws sizes from the power law: a fraction (2^-1.6 - 100^-1.6) / (1 - 100^-1.6) = 0.3295 of explosion fragments is at least twice Lc", () => {
    const f = explosionBreakup({ parentMassKg: 1e9, scaleFactor: 1, minSizeM: 0.01, maxSizeM: 1, seed: 3, eventId: 9 });
    // 6 x 0.01^-1.6 = 9509 fragments
    expect(f.count - 1).toBe(9509);
    let atLeastTwice = 0;
    for (let i = 0; i < f.count - 1; i++) if (f.sizeM[i]! >= 0.02) atLeastTwice++;
    // binomial sigma sqrt(0.33 x 0.67 / 9509) = 0.0048
    expect(Math.abs(atLeastTwice / (f.count - 1) - 0.32945)).toBeLessThan(0.02);
  });

  it("refuses a mass budget of zero and an empty size range with a stable code", () => {
    expect(() => breakUp({ ...options, massKg: 0 })).toThrow(PhysicsInputError);
    expect(() => breakUp({ ...options, minSizeM: 1, maxSizeM: 0.5 })).toThrow(/minSizeM < maxSizeM/);
    try {
      breakUp({ ...options, massKg: -1 });
    } catch (err) {
      expect((err as PhysicsInputError).code).toBe("ORBITWIN_BAD_BREAKUP_INPUT");
    }
  });
});
