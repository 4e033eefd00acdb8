import { describe, expect, it } from "vitest";
import { PhysicsInputError } from "./errors.js";
import {
  collisionRatePerObjectPerYear,
  probabilityOfCollision,
  SECONDS_PER_JULIAN_YEAR,
  shellCollisionRatePerYear,
  shellVolumeKm3,
  spatialDensityPerKm3,
} from "./kessler.js";

describe("Kessler & Cour-Palais 1978 collision rates (physics-cases 24)", () => {
  it("gives n sigma v = 3.15576e-5 per year for 1e-8 /km^3, 10 m^2 and 10 km/s", () => {
    // 1e-8 x 1e-5 km^2 x 10 km/s = 1e-12 /s; x 31,557,600 s = 3.15576e-5 /yr
    expect(SECONDS_PER_JULIAN_YEAR).toBe(31_557_600);
    expect(collisionRatePerObjectPerYear(1e-8, 1e-5, 10)).toBeCloseTo(3.15576e-5, 17);
  });

  it("gives P(>=1 hit in 10 years) = 1 - exp(-3.15576e-4) = 3.155262e-4", () => {
    expect(probabilityOfCollision(1e-8, 1e-5, 10, 10)).toBeCloseTo(3.155262111e-4, 13);
    expect(probabilityOfCollision(1e-8, 1e-5, 10, 0)).toBe(0);
    // a certain hit over a long enough time
    expect(probabilityOfCollision(1e-8, 1e-5, 10, 1e6)).toBeCloseTo(1, 12);
  });

  it("gives the 700-800 km shell 6.38512e10 km^3 and (1/2) sigma v n^2 V = 0.0100750 collisions per year at 1e-8 /km^3", () => {
    // (4/3) pi (7178.137^3 - 7078.137^3)
    expect(shellVolumeKm3(700, 800)).toBeCloseTo(6.385119989e10, -1);
    // 0.5 x 1e-5 x 10 x 1e-16 x 6.3851e10 x 3.15576e7
    expect(shellCollisionRatePerYear(1e-8, 1e-5, 10, shellVolumeKm3(700, 800))).toBeCloseTo(0.010074953, 8);
  });

  it("counts each pair once: the shell rate is half the object count times the per-object rate (2000 objects, 100 m^2)", () => {
    const volumeKm3 = shellVolumeKm3(700, 800);
    const density = spatialDensityPerKm3(2000, volumeKm3);
    expect(density).toBeCloseTo(3.1322826e-8, 14);
    const perObject = collisionRatePerObjectPerYear(density, 1e-4, 10);
    expect(perObject).toBeCloseTo(9.884732e-4, 9);
    expect(shellCollisionRatePerYear(density, 1e-4, 10, volumeKm3)).toBeCloseTo(0.5 * 2000 * perObject, 12);
    expect(shellCollisionRatePerYear(density, 1e-4, 10, volumeKm3)).toBeCloseTo(0.9884732, 6);
  });

  it("refuses negative densities and inverted shells with a stable code", () => {
    expect(() => collisionRatePerObjectPerYear(-1, 1e-5, 10)).toThrow(PhysicsInputError);
    expect(() => shellVolumeKm3(800, 700)).toThrow(/outer >= inner/);
  });
});
