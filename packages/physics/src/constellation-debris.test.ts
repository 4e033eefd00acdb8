import { describe, expect, it } from "vitest";
import { bandLifetimeYears, projectConstellationDebris, type ConstellationDebrisInput } from "./constellation-debris.js";
import { PhysicsInputError } from "./errors.js";

const shell: ConstellationDebrisInput = {
  satellites: 10_000,
  altKm: 550,
  thicknessKm: 50,
  satelliteMassKg: 1000,
  satelliteAreaM2: 20,
  lifetimeYears: 5,
  disposalReliability: 0.95,
  years: 50,
};

describe("drag lifetime in a band", () => {
  it("gives a 10 cm fragment (A/m 0.1 m^2/kg) 0.8612 years to sink through 100 km at 550 km", () => {
    // rho = 6.967e-13 e^(-50 / 63.822) = 3.1828e-13 kg/m^3 (Vallado Table 8-4); dh/dt = rho 2.2 x 0.1 sqrt(mu r) = 3.6797e-3 m/s
    expect(bandLifetimeYears(550, 100, 0.1)).toBeCloseTo(0.86117, 4);
  });
});

describe("a constellation's debris over decades (source-sink shell model)", () => {
  it("holds the size with launches equal to retirements when nothing can collide", () => {
    const r = projectConstellationDebris({ ...shell, avoidanceSuccess: 1, disposalReliability: 1 });
    expect(r.rows).toHaveLength(51);
    for (const row of r.rows) {
      expect(row.active).toBeCloseTo(10_000, 6);
      expect(row.launchesPerYear).toBeCloseTo(2_000, 6);
      expect(row.fragments).toBe(0);
      expect(row.collisions).toBe(0);
    }
  });

  it("settles the derelicts at (1 - disposal) x retirements x their drag lifetime when collisions are negligible", () => {
    // 100 kg, 1 m^2 at 400 km: a derelict lasts ~0.4 years in the 50 km shell; 10 % of 2,000 a year fail to dispose.
    const low = { ...shell, altKm: 400, satelliteMassKg: 100, satelliteAreaM2: 1, disposalReliability: 0.9, avoidanceSuccess: 1, years: 10 };
    const r = projectConstellationDebris(low);
    const expected = 0.1 * 2000 * r.derelictLifetimeYears;
    expect(r.derelictLifetimeYears).toBeGreaterThan(0.2);
    expect(r.derelictLifetimeYears).toBeLessThan(1);
    expect(r.rows.at(-1)!.derelicts / expected).toBeCloseTo(1, 2);
  });

  it("makes the reproduction number 1 at the critical count of derelicts (Kessler 1991's critical density)", () => {
    const quiet = { ...shell, satellites: 0, altKm: 1000, years: 1 };
    const critical = projectConstellationDebris(quiet).criticalDerelicts;
    for (const k of [0.5, 1, 2]) expect(projectConstellationDebris({ ...quiet, initialDerelicts: k * critical }).rows[0]!.reproduction).toBeCloseTo(k, 9);
  });

  it("shrinks plentiful fragments below the critical density and grows them above it, with no launch at all", () => {
    const quiet = { ...shell, satellites: 0, altKm: 1000, years: 1, initialFragments: 1e8 };
    const critical = projectConstellationDebris(quiet).criticalDerelicts;
    const below = projectConstellationDebris({ ...quiet, initialDerelicts: 0.8 * critical });
    const above = projectConstellationDebris({ ...quiet, initialDerelicts: 1.25 * critical });
    expect(below.runawayFromYears).toBeNull();
    expect(below.rows[1]!.fragments).toBeLessThan(1e8);
    expect(above.runawayFromYears).toBe(0);
    expect(above.rows[1]!.fragments).toBeGreaterThan(1e8);
  });

  it("lowers the critical count with altitude: drag clears fragments more slowly higher up", () => {
    let last = Infinity;
    for (const altKm of [500, 600, 700, 800, 900, 1000, 1200, 1500]) {
      const r = projectConstellationDebris({ ...shell, altKm, years: 1 });
      expect(r.criticalDerelicts).toBeLessThan(last);
      last = r.criticalDerelicts;
    }
  });

  it("never gives a bigger constellation fewer fragments or collisions after 50 years", () => {
    let last = projectConstellationDebris({ ...shell, satellites: 0, altKm: 800 }).rows.at(-1)!;
    for (const satellites of [1000, 10_000, 30_000, 100_000]) {
      const row = projectConstellationDebris({ ...shell, satellites, altKm: 800 }).rows.at(-1)!;
      expect(row.fragments).toBeGreaterThanOrEqual(last.fragments);
      expect(row.collisions).toBeGreaterThanOrEqual(last.collisions);
      last = row;
    }
  });

  it("stops launching when asked: the fleet then retires away", () => {
    const r = projectConstellationDebris({ ...shell, launchesUntilYears: 10, years: 30 });
    expect(r.rows[10]!.active).toBeCloseTo(10_000, 0);
    expect(r.rows[11]!.launchesPerYear).toBe(0);
    expect(r.rows[30]!.active).toBeLessThan(10_000 * Math.exp(-19 / 5));
  });

  it("names the bad field", () => {
    expect(() => projectConstellationDebris({ ...shell, disposalReliability: 1.5 })).toThrow(/disposalReliability = 1.5/);
    expect(() => projectConstellationDebris({ ...shell, altKm: 3000 })).toThrow(/altKm = 3000/);
    expect(() => projectConstellationDebris({ ...shell, satellites: 2.5 })).toThrow(/satellites = 2.5/);
    expect(() => projectConstellationDebris({ ...shell, lifetimeYears: 0 })).toThrow(PhysicsInputError);
  });
});
