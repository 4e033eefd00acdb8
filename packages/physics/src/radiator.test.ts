import { describe, expect, it } from "vitest";
import { radiatorAreaM2, radiatorEquilibriumK, radiatorRejectionWM2 } from "./radiator.js";
import { DEEP_SPACE_K } from "./thermal.js";

describe("radiatorRejectionWM2", () => {
  it.each([
    [293.15, 0.92, 1, 385.26],
    [293.15, 0.92, 2, 770.53],
    [300, 1, 1, 459.3],
  ] as const)("rejects the ideal flux at %s K, eps %s, %s faces (physics-cases 13)", (t, eps, faces, flux) => {
    expect(Math.abs(radiatorRejectionWM2(t, eps, faces) - flux)).toBeLessThan(0.05);
  });

  it("subtracts absorbed environment heat and the sink's emission", () => {
    expect(radiatorRejectionWM2(300, 1, 1, 100)).toBeCloseTo(radiatorRejectionWM2(300, 1, 1) - 100, 9);
    expect(radiatorRejectionWM2(300, 1, 1, 0, 300)).toBe(0);
  });
});

describe("radiator sizing (physics-cases 16)", () => {
  it("puts the flown body-mounted design (20 panels of 1.2 x 5.6 m, 12 kW) at 89 W/m^2, inside 0.1-0.2 kW/m^2 within rounding", () => {
    const perM2 = 12_000 / (20 * 1.2 * 5.6);
    expect(perM2).toBeCloseTo(89.3, 1);
    // A one-sided panel at 275 K, eps 0.9, absorbing 150 W/m^2 of Earth IR and albedo, rejects
    // in the flown band: the band is what environment loading leaves of the ideal flux.
    const net = radiatorRejectionWM2(275, 0.9, 1, 150, DEEP_SPACE_K);
    expect(net).toBeGreaterThan(100);
    expect(net).toBeLessThan(200);
  });

  it("sizes a radiator and finds the same temperature back (area and equilibrium solvers agree)", () => {
    const areaM2 = radiatorAreaM2(10_000, 320, 0.9, 2);
    expect(areaM2).toBeCloseTo(10_000 / radiatorRejectionWM2(320, 0.9, 2, 0, DEEP_SPACE_K), 9);
    expect(radiatorEquilibriumK(10_000, areaM2, 0.9, 2)).toBeCloseTo(320, 9);
    const loaded = radiatorAreaM2(10_000, 320, 0.9, 1, 120);
    expect(radiatorEquilibriumK(10_000, loaded, 0.9, 1, 120)).toBeCloseTo(320, 9);
  });

  it("needs 70 kW / 0.77 kW/m^2 = 91 m^2 of ideal two-sided panel at 20 C for the ISS EATCS load", () => {
    expect(radiatorAreaM2(70_000, 293.15, 0.92, 2, 0, 0)).toBeCloseTo(70_000 / 770.53, 0);
  });

  it("cannot reject when the environment outweighs emission: Infinity", () => {
    expect(radiatorAreaM2(1000, 200, 0.9, 1, 500)).toBe(Infinity);
  });
});
