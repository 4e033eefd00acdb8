import { describe, expect, it } from "vitest";
import { sgp4 } from "satellite.js";
import { toSatrec, type MeanElements } from "./elements.js";
import { findClosestApproaches, rtnCovarianceKm2, type EncounterState, type Vec3 } from "./conjunction.js";
import {
  collisionProbabilityChan,
  collisionProbabilityFoster,
  collisionProbabilityIsotropicZeroMiss,
  projectEncounter,
  PC_ATTENTION_THRESHOLD,
  PC_MITIGATION_THRESHOLD,
} from "./collision-probability.js";
import { breakUp, collisionFragmentCount, collisionMassParameterKg, energyToMassRatioJPerG, explosionFragmentCount, isCatastrophic } from "./breakup.js";
import { collisionRatePerObjectPerYear, probabilityOfCollision, shellCollisionRatePerYear, shellVolumeKm3 } from "./kessler.js";
import { meanMotionRevPerDayFromAltKm } from "./orbit.js";

const epochMs = Date.UTC(2026, 4, 13);

/** Two 780 km orbits in crossing planes, phased to meet near t = 0 at the node. */
function crossingPair(): [ReturnType<typeof toSatrec>, ReturnType<typeof toSatrec>] {
  const base: MeanElements = {
    epochMs,
    meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(780, 86.4),
    eccentricity: 0.0002,
    inclinationDeg: 86.4,
    raanDeg: 10,
    argPerigeeDeg: 0,
    meanAnomalyDeg: 0,
    bstar: 0,
  };
  const other: MeanElements = { ...base, inclinationDeg: 74, meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(780, 74), meanAnomalyDeg: 0.003 };
  return [toSatrec(base), toSatrec(other)];
}

function relativeAt(a: ReturnType<typeof toSatrec>, b: ReturnType<typeof toSatrec>): (tMs: number) => EncounterState {
  return (tMs) => {
    const m = (tMs - epochMs) / 60_000;
    const pa = sgp4(a, m)!;
    const pb = sgp4(b, m)!;
    return {
      posKm: [pb.position.x - pa.position.x, pb.position.y - pa.position.y, pb.position.z - pa.position.z],
      velKmS: [pb.velocity.x - pa.velocity.x, pb.velocity.y - pa.velocity.y, pb.velocity.z - pa.velocity.z],
    };
  };
}

describe("conjunction geometry", () => {
  it("finds TCA and miss distance in agreement with a brute-force 1 ms search", () => {
    const [a, b] = crossingPair();
    const rel = relativeAt(a, b);
    const [first] = findClosestApproaches(rel, epochMs - 600_000, epochMs + 600_000, 30_000);
    expect(first).toBeDefined();
    let bestMs = 0;
    let bestKm = Infinity;
    for (let t = first!.tcaMs - 2000; t <= first!.tcaMs + 2000; t += 1) {
      const p = rel(t).posKm;
      const d = Math.hypot(p[0], p[1], p[2]);
      if (d < bestKm) {
        bestKm = d;
        bestMs = t;
      }
    }
    expect(Math.abs(first!.tcaMs - bestMs)).toBeLessThanOrEqual(1);
    expect(Math.abs(first!.missKm - bestKm)).toBeLessThan(0.001);
    expect(first!.relSpeedKmS).toBeGreaterThan(1);
  });

  it("finds one approach per relative orbit over a day", () => {
    const [a, b] = crossingPair();
    const found = findClosestApproaches(relativeAt(a, b), epochMs, epochMs + 86_400_000, 60_000);
    expect(found.length).toBeGreaterThan(20);
    for (let i = 1; i < found.length; i++) expect(found[i]!.tcaMs).toBeGreaterThan(found[i - 1]!.tcaMs);
  });
});

describe("collision probability", () => {
  it("gives 0.0198013 for zero miss, sigma 100 m, hard body 20 m (physics-cases 21)", () => {
    expect(Math.abs(collisionProbabilityIsotropicZeroMiss(0.02, 0.1) - 0.0198013)).toBeLessThan(1e-6);
    const e = { missXKm: 0, missYKm: 0, cxx: 0.01, cxy: 0, cyy: 0.01, hardBodyRadiusKm: 0.02 };
    expect(Math.abs(collisionProbabilityFoster(e) - 0.0198013)).toBeLessThan(1e-6);
    expect(Math.abs(collisionProbabilityChan(e) - 0.0198013)).toBeLessThan(1e-6);
  });

  it.each([
    [0.1, 0, 0.04, 0.01, 0.0],
    [0.3, 0.2, 0.09, 0.01, 0.005],
    [1.0, -0.5, 0.25, 0.04, -0.02],
  ])("agrees between Foster and Chan within 3 %% for miss (%s, %s) km", (mx, my, cxx, cyy, cxy) => {
    const e = { missXKm: mx, missYKm: my, cxx, cxy, cyy, hardBodyRadiusKm: 0.01 };
    const foster = collisionProbabilityFoster(e);
    expect(foster).toBeGreaterThan(0);
    expect(Math.abs(collisionProbabilityChan(e) - foster) / foster).toBeLessThan(0.03);
  });

  it("falls as the miss distance grows", () => {
    const pcs = [0, 0.1, 0.2, 0.5, 1].map((m) => collisionProbabilityFoster({ missXKm: m, missYKm: 0, cxx: 0.04, cxy: 0, cyy: 0.04, hardBodyRadiusKm: 0.01 }));
    for (let i = 1; i < pcs.length; i++) expect(pcs[i]!).toBeLessThan(pcs[i - 1]!);
  });

  it("projects a 3D encounter with an RTN covariance model onto the encounter plane", () => {
    const pos: Vec3 = [7000, 0, 0];
    const vel: Vec3 = [0, 7.5, 0];
    const cov = rtnCovarianceKm2(pos, vel, { radial: 0.1, alongTrack: 1, crossTrack: 0.1 });
    const combined = cov.map((c) => 2 * c);
    const e = projectEncounter([0.05, 0, 0.2], [0, 0, 14], combined, 0.015);
    expect(e.missXKm ** 2 + e.missYKm ** 2).toBeCloseTo(0.05 ** 2, 12);
    expect(collisionProbabilityFoster(e)).toBeGreaterThan(0);
  });

  it("exports NASA CARA's action thresholds (physics-cases 22)", () => {
    expect(PC_ATTENTION_THRESHOLD).toBe(1e-7);
    expect(PC_MITIGATION_THRESHOLD).toBe(1e-4);
  });
});

describe("NASA standard breakup model (physics-cases 23)", () => {
  it("counts 238.9 fragments of 10 cm and larger for an explosion with S = 1", () => {
    expect(explosionFragmentCount(1, 0.1)).toBeCloseTo(238.9, 1);
  });

  it("uses M = m_p v^2 for a non-catastrophic collision (the 2011 correction), not m_p v", () => {
    const c = { projectileMassKg: 0.5, targetMassKg: 1000, relSpeedKmS: 10 };
    expect(isCatastrophic(c)).toBe(false);
    expect(energyToMassRatioJPerG(c)).toBeCloseTo(25, 9);
    expect(collisionMassParameterKg(c)).toBe(50);
    expect(collisionMassParameterKg(c)).not.toBe(0.5 * 10);
    expect(collisionFragmentCount(c, 0.1)).toBeCloseTo(0.1 * 50 ** 0.75 * 0.1 ** -1.71, 9);
  });

  it("uses M = m_p + M_t when the energy passes 40 J/g", () => {
    const iridium = { projectileMassKg: 560, targetMassKg: 900, relSpeedKmS: 11.7 };
    expect(isCatastrophic(iridium)).toBe(true);
    expect(collisionMassParameterKg(iridium)).toBe(1460);
  });

  it("draws reproducible fragments whose masses add up to the parent mass", () => {
    const c = { projectileMassKg: 560, targetMassKg: 900, relSpeedKmS: 11.7 };
    const options = {
      kind: "collision" as const,
      massKg: 1460,
      fragmentCount: collisionFragmentCount(c, 0.1),
      minSizeM: 0.1,
      maxSizeM: 3,
      seed: 2009,
      eventId: 1,
    };
    const f = breakUp(options);
    const again = breakUp(options);
    expect(again.massKg).toEqual(f.massKg);
    const total = f.massKg.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 1460) / 1460).toBeLessThan(1e-9);
    for (const s of f.sizeM) expect(s).toBeGreaterThanOrEqual(0.1 - 1e-12);
    let dv = 0;
    for (let i = 0; i < f.count; i++) dv += Math.hypot(f.deltaVKmS[3 * i]!, f.deltaVKmS[3 * i + 1]!, f.deltaVKmS[3 * i + 2]!);
    expect(dv / f.count).toBeGreaterThan(0.01);
    expect(dv / f.count).toBeLessThan(1);
  });
});

describe("Kessler rates (physics-cases 24)", () => {
  it("computes the per-object and shell rates and the chance of a hit", () => {
    const n = 1e-8;
    const sigma = 1e-5;
    const v = 10;
    const perYear = n * sigma * v * 365.25 * 86_400;
    expect(collisionRatePerObjectPerYear(n, sigma, v)).toBeCloseTo(perYear, 15);
    const volume = shellVolumeKm3(700, 800);
    expect(shellCollisionRatePerYear(n, sigma, v, volume)).toBeCloseTo(0.5 * sigma * v * n * n * volume * 365.25 * 86_400, 12);
    expect(probabilityOfCollision(n, sigma, v, 10)).toBeCloseTo(1 - Math.exp(-perYear * 10), 12);
  });
});
