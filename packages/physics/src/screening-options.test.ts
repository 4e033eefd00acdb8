import { describe, expect, it } from "vitest";
import { defaultColumnOverRange, defaultSampleStepS, resolveScreeningOptions } from "./screening-options.js";

const DAY_MS = 86_400_000;

describe("screening options", () => {
  it("fills in the defaults, sampling denser catalogs more finely", () => {
    expect(resolveScreeningOptions({ thresholdKm: 5 }, 10_000, 0, DAY_MS)).toEqual({
      thresholdKm: 5,
      nodeStepS: 600,
      sampleStepS: 60,
      padKm: 1,
      maxRelSpeedKmS: 16,
    });
    expect([1_000, 100_000, 1_000_000].map(defaultSampleStepS)).toEqual([60, 45, 20]);
    expect(defaultColumnOverRange(1_000_000)).toBeLessThan(defaultColumnOverRange(10_000));
  });

  it("refuses each option out of range, naming it and the range", () => {
    const resolve =
      (o: object, endMs = DAY_MS) =>
      () =>
        resolveScreeningOptions({ thresholdKm: 5, ...o }, 100, 0, endMs);
    expect(resolve({ thresholdKm: 0 })).toThrow(/thresholdKm = 0: must be a finite distance > 0 km/);
    expect(resolve({}, 0)).toThrow(/window \[0, 0\] ms/);
    expect(resolve({}, 400 * DAY_MS)).toThrow(/at most 366 days/);
    expect(resolve({ nodeStepS: 5 })).toThrow(/nodeStepS = 5: must be within 10..1800 s/);
    expect(resolve({ sampleStepS: 900 })).toThrow(/sampleStepS = 900: must be within 1 s..nodeStepS/);
    expect(resolve({ padKm: -1 })).toThrow(/padKm = -1/);
    expect(resolve({ maxRelSpeedKmS: Number.NaN })).toThrow(/maxRelSpeedKmS = NaN/);
  });
});
