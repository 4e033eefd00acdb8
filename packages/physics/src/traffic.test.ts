import { describe, expect, it } from "vitest";
import { collisionProbabilityChan } from "./collision-probability.js";
import { PhysicsInputError } from "./errors.js";
import { maneuverRadiusKm, shellTraffic, type ShellTrafficInput } from "./traffic.js";

const base: ShellTrafficInput = {
  satellites: 1000,
  altKm: 550,
  thicknessKm: 50,
  screeningKm: 1,
  maneuverPc: 1e-4,
  combinedSigmaKm: 0.1,
  hardBodyRadiusM: 10,
};

describe("shell traffic by kinetic gas theory (Kessler & Cour-Palais 1978)", () => {
  it("gives 1,000 satellites in the 525-575 km shell 44.956 passes within 1 km a day at 10 km/s", () => {
    // V = (4/3) pi (6953.137^3 - 6903.137^3) = 3.01588e10 km^3; 499,500 pairs x 10 km/s x pi x 1 km^2 / V x 86,400 s
    const t = shellTraffic(base);
    expect(t.volumeKm3).toBeCloseTo(30158843760.44, 0);
    expect(t.closeApproachesPerDay).toBeCloseTo(44.95566, 4);
    // each of the 1,000 takes part in 999 x 10 pi / V x 86,400 = 0.089911 a day (two per pass)
    expect(t.closeApproachesPerSatPerDay).toBeCloseTo((2 * 44.95566) / 1000, 6);
  });

  it("puts the maneuver radius where Chan's series gives the threshold Pc (isotropic, R = sigma / 10)", () => {
    for (const pc of [1e-4, 1e-5, 3e-7]) {
      const r = maneuverRadiusKm(pc, 0.1, 0.01);
      const exact = collisionProbabilityChan({ missXKm: r, missYKm: 0, cxx: 0.01, cxy: 0, cyy: 0.01, hardBodyRadiusKm: 0.01 });
      // the small-body approximation (R^2 / 2 sigma^2) e^(-r^2 / 2 sigma^2) is good to ~1 % at R / sigma = 0.1
      expect(exact / pc).toBeGreaterThan(0.97);
      expect(exact / pc).toBeLessThan(1.03);
    }
  });

  it("never maneuvers when the covariance is so large that even a zero miss stays under the threshold (dilution)", () => {
    // peak Pc = R^2 / (2 sigma^2) = 0.01^2 / 2 = 5e-5 < 1e-4 at sigma = 1 km
    expect(maneuverRadiusKm(1e-4, 1, 0.01)).toBe(0);
    const t = shellTraffic({ ...base, combinedSigmaKm: 1 });
    expect(t.maneuversPerDay).toBe(0);
    expect(t.residualCollisionsPerYear).toBe(t.unmitigatedCollisionsPerYear);
  });

  it("leaves the unmitigated collisions times Pc_threshold 2 sigma^2 / R^2 after every conjunction over the threshold is avoided", () => {
    const t = shellTraffic(base);
    expect(t.residualCollisionsPerYear / t.unmitigatedCollisionsPerYear).toBeCloseTo((1e-4 * 2 * 0.1 ** 2) / 0.01 ** 2, 12);
    // one maneuver per conjunction inside r_m: the close-approach rate scaled by (r_m / d)^2
    expect(t.maneuversPerDay / t.closeApproachesPerDay).toBeCloseTo(t.maneuverRadiusKm ** 2 / 1, 12);
  });

  it("caps the maneuver radius at the screening distance: nothing unscreened is dodged", () => {
    const t = shellTraffic({ ...base, screeningKm: 0.2, maneuverPc: 1e-9 });
    expect(t.maneuverRadiusKm).toBe(0.2);
    expect(t.maneuversPerDay).toBeCloseTo(t.closeApproachesPerDay, 9);
  });

  it("never gives more satellites in a shell fewer close approaches or maneuvers, per satellite or in all", () => {
    let last = shellTraffic({ ...base, satellites: 0, otherObjects: 3000 });
    for (const satellites of [1, 2, 10, 100, 1000, 10_000, 30_000, 100_000, 300_000, 1_000_000]) {
      const t = shellTraffic({ ...base, satellites, otherObjects: 3000 });
      expect(t.closeApproachesPerDay).toBeGreaterThan(last.closeApproachesPerDay);
      expect(t.closeApproachesPerSatPerDay).toBeGreaterThanOrEqual(last.closeApproachesPerSatPerDay);
      expect(t.maneuversPerDay).toBeGreaterThan(last.maneuversPerDay);
      expect(t.maneuversPerSatPerDay).toBeGreaterThanOrEqual(last.maneuversPerSatPerDay);
      last = t;
    }
  });

  it("names the bad input", () => {
    expect(() => shellTraffic({ ...base, satellites: -1 })).toThrow(/satellites = -1/);
    expect(() => shellTraffic({ ...base, thicknessKm: 0 })).toThrow(/thicknessKm = 0/);
    expect(() => shellTraffic({ ...base, maneuverPc: 1 })).toThrow(/maneuverPc = 1/);
    expect(() => shellTraffic({ ...base, hardBodyRadiusM: 500 })).toThrow(PhysicsInputError);
    expect(() => shellTraffic({ ...base, altKm: 110 })).toThrow(/bottom/);
  });
});
