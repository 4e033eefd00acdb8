import { describe, expect, it } from "vitest";
import { arrayIncidenceCosine, arrayPowerW, shedLoads, solarFluxWM2, validateSolarArray, SOLAR_CONSTANT_W_M2 } from "./power.js";
import { BadModelInputError } from "./errors.js";

describe("solarFluxWM2", () => {
  it.each([
    [1, 1361],
    [1.0167, 1316],
    [0.9833, 1407],
  ])("gives the solar flux at %s AU (physics-cases 11, ECSS-E-ST-10-04C)", (au, flux) => {
    expect(Math.abs(solarFluxWM2(au) - flux)).toBeLessThan(1.5);
  });

  it("refuses a distance that is not positive", () => {
    expect(() => solarFluxWM2(0)).toThrow(BadModelInputError);
    expect(() => solarFluxWM2(-1)).toThrow(/sunDistanceAu = -1/);
  });
});

describe("arrayPowerW", () => {
  it("gives 28.30 kW for the Suncatcher / Starlink-v2-mini proxy array (physics-cases 17)", () => {
    const p = arrayPowerW(
      { areaM2: 105, efficiency: 0.22, packingFactor: 0.9, degradationPerYear: 0.005 },
      { fluxWM2: SOLAR_CONSTANT_W_M2, incidenceCos: 1, sunlitFraction: 1, ageYears: 0 },
    );
    expect(Math.abs(p / 1000 - 28.3)).toBeLessThan(0.05);
  });

  it("loses power with age as (1 - d)^years, with the incidence cosine and in shadow", () => {
    const array = { areaM2: 10, efficiency: 0.3, packingFactor: 0.9, degradationPerYear: 0.02 };
    const full = arrayPowerW(array, { fluxWM2: 1361, incidenceCos: 1, sunlitFraction: 1, ageYears: 0 });
    expect(full).toBeCloseTo(10 * 0.3 * 0.9 * 1361, 9);
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: 1, sunlitFraction: 1, ageYears: 5 })).toBeCloseTo(full * 0.98 ** 5, 6);
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: arrayIncidenceCosine("single-axis", 60), sunlitFraction: 1, ageYears: 0 })).toBeCloseTo(
      full / 2,
      6,
    );
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: 1, sunlitFraction: 0.25, ageYears: 0 })).toBeCloseTo(full / 4, 6);
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: 1, sunlitFraction: 0, ageYears: 0 })).toBe(0);
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: -0.5, sunlitFraction: 1, ageYears: 0 })).toBe(0);
  });
});

describe("arrayIncidenceCosine", () => {
  it("is 1 for sun tracking, cos(beta) for a single axis and cos of the Sun angle for a fixed panel", () => {
    expect(arrayIncidenceCosine("sun-tracking", 70)).toBe(1);
    expect(arrayIncidenceCosine("single-axis", 60)).toBeCloseTo(0.5, 12);
    expect(arrayIncidenceCosine("single-axis", -60)).toBeCloseTo(0.5, 12);
    expect(arrayIncidenceCosine("body-fixed", 0, Math.PI / 3)).toBeCloseTo(0.5, 12);
    expect(arrayIncidenceCosine("body-fixed", 0, Math.PI)).toBe(0);
  });
});

describe("validateSolarArray", () => {
  it("names the field out of range", () => {
    expect(() => validateSolarArray({ areaM2: 10, efficiency: 1.3, packingFactor: 0.9, degradationPerYear: 0 }, "sat 4 array")).toThrow(
      /^sat 4 array: efficiency = 1\.3 must be in \[0, 1\]/,
    );
    expect(() => validateSolarArray({ areaM2: -1, efficiency: 0.3, packingFactor: 0.9, degradationPerYear: 0 })).toThrow(/areaM2 = -1/);
  });
});

describe("shedLoads", () => {
  it("sheds the lowest-priority loads first and keeps a smaller one that still fits", () => {
    const { on, servedW } = shedLoads(
      [
        { priority: 1, powerW: 500 },
        { priority: 10, powerW: 200 },
        { priority: 5, powerW: 400 },
      ],
      650,
    );
    expect(on).toEqual([false, true, true]);
    expect(servedW).toBe(600);
    const second = shedLoads(
      [
        { priority: 9, powerW: 100 },
        { priority: 8, powerW: 600 },
        { priority: 1, powerW: 50 },
      ],
      200,
    );
    expect(second.on).toEqual([true, false, true]);
    expect(second.servedW).toBe(150);
  });

  it("keeps everything when power suffices and nothing when there is none", () => {
    const loads = [
      { priority: 1, powerW: 10 },
      { priority: 2, powerW: 20 },
    ];
    expect(shedLoads(loads, 30).on).toEqual([true, true]);
    expect(shedLoads(loads, 0)).toEqual({ on: [false, false], servedW: 0 });
  });
});
