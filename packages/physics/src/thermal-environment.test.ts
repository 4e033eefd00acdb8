import { describe, expect, it } from "vitest";
import { absorbedHeatW, earthIrWM2, flatPlateEquilibriumK, nadirPlateViewFactor, sphereEquilibriumK, sphereToEarthViewFactor } from "./thermal-environment.js";

describe("earthIrWM2", () => {
  it("gives S (1 - a) / 4 = 238.2 W/m^2 for albedo 0.30 (physics-cases 12)", () => {
    expect(Math.abs(earthIrWM2(0.3) - 238.2)).toBeLessThan(0.05);
    expect(earthIrWM2(0.3)).toBeCloseTo((1361 * 0.7) / 4, 12);
  });
});

describe("equilibrium temperatures in sunlight, no Earth (physics-cases 14)", () => {
  it.each([
    [1, 1, 2, 330.98],
    [1, 1, 1, 393.61],
    [0.09, 0.92, 2, 185.1],
  ] as const)("gives a Sun-facing plate (alpha %s, eps %s, %s faces) its equilibrium", (a, e, faces, t) => {
    expect(Math.abs(flatPlateEquilibriumK(a, e, faces) - t)).toBeLessThan(0.05);
  });

  it("gives a black sphere 278.32 K (Martinez m13_p65: 278 K)", () => {
    expect(Math.abs(sphereEquilibriumK(1, 1) - 278.32)).toBeLessThan(0.05);
  });
});

describe("view factors to the Earth (physics-cases 15, Martinez)", () => {
  it("gives a sphere 0.006 at GEO and 0.2900 at 650 km, a nadir plate 0.8236 at 650 km", () => {
    expect(sphereToEarthViewFactor(6370, 42100)).toBeCloseTo(0.006, 3);
    expect(Math.abs(sphereToEarthViewFactor(6378.137, 6378.137 + 650) - 0.29)).toBeLessThan(0.0005);
    expect(Math.abs(nadirPlateViewFactor(6378.137, 6378.137 + 650) - 0.8236)).toBeLessThan(0.0005);
  });

  it("tends to 1/2 for a sphere and 1 for a plate at the surface", () => {
    expect(sphereToEarthViewFactor(6378, 6378)).toBeCloseTo(0.5, 12);
    expect(nadirPlateViewFactor(6378, 6378)).toBe(1);
  });
});

describe("absorbedHeatW", () => {
  it("adds direct sunlight, albedo and Earth IR on a nadir plate (Gilmore ch. 2)", () => {
    const q = absorbedHeatW({ areaM2: 1, absorptance: 0.2, emissivity: 0.9, sunCos: 0, earthViewFactor: 0.8236, sunlitFraction: 1, albedoFactor: 1 });
    expect(q).toBeCloseTo(0.2 * 1361 * 0.3 * 0.8236 + 0.9 * 238.175 * 0.8236, 3);
  });

  it("absorbs alpha S A cos on a sunlit plate far from the Earth, nothing in umbra", () => {
    const plate = { areaM2: 2, absorptance: 0.5, emissivity: 0.8, sunCos: 0.5, earthViewFactor: 0, sunlitFraction: 1, albedoFactor: 0 };
    expect(absorbedHeatW(plate)).toBeCloseTo(0.5 * 1361 * 2 * 0.5, 9);
    expect(absorbedHeatW({ ...plate, sunlitFraction: 0 })).toBe(0);
  });
});
