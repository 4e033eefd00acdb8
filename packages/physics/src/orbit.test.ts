import { describe, expect, it } from "vitest";
import {
  circularSpeedKmS,
  meanMotionRevPerDayFromAltKm,
  nodalPrecessionDegPerDay,
  orbitalPeriodS,
  sunSynchronousInclinationDeg,
  EARTH_RADIUS_KM,
  SUN_SYNC_NODE_RATE_DEG_PER_DAY,
} from "./orbit.js";
import { toSatrec } from "./elements.js";
import { createOrbitState, propagateBatch } from "./orbit-batch.js";

describe("orbit relations", () => {
  it.each([
    [280, 90.113],
    [408, 92.724],
    [420, 92.97],
    [550, 95.65],
  ])("gives the two-body period at %s km (physics-cases 1)", (altKm, periodMin) => {
    expect(orbitalPeriodS(altKm) / 60).toBeCloseTo(periodMin, 2);
  });

  it("reproduces Martinez m13_p34: 5423.986 s at 300 km with R = 6370 km, GM = 6.67e-11 x 5.97e24 (physics-cases 2)", () => {
    const muKm3S2 = (6.67e-11 * 5.97e24) / 1e9;
    expect(Math.abs(orbitalPeriodS(300, 6370, muKm3S2) - 5423.986)).toBeLessThan(0.01);
  });

  it.each([
    [300, 7.73],
    [500, 7.62],
    [700, 7.51],
  ])("gives the circular speed at %s km (physics-cases 3)", (altKm, speed) => {
    expect(Math.abs(circularSpeedKmS(altKm, 6371, 398600) - speed)).toBeLessThan(0.005);
  });

  it.each([
    [550, 97.593],
    [700, 98.188],
    [800, 98.603],
  ])("gives the Sun-synchronous inclination at %s km (physics-cases 6)", (altKm, incDeg) => {
    expect(Math.abs(sunSynchronousInclinationDeg(altKm) - incDeg)).toBeLessThan(0.01);
  });

  it("gives a = 7200 km a Sun-synchronous inclination of 98.696 deg (physics-cases 6)", () => {
    expect(Math.abs(sunSynchronousInclinationDeg(7200 - EARTH_RADIUS_KM) - 98.696)).toBeLessThan(0.01);
  });

  it("matches published Sun-synchronous orbits: Starlink's 560 km polar shells at 97.6 deg, Sentinel-2 at 786 km and 98.62 deg, Wikipedia's a = 7200 km at 98.7 deg", () => {
    // FCC 21-48 (SpaceX Gen1 modification, 2021): 348 + 172 satellites at 560 km, 97.6 deg, one decimal.
    expect(Math.abs(sunSynchronousInclinationDeg(560) - 97.6)).toBeLessThan(0.05);
    // ESA, sentinel.esa.int "Sentinel-2 orbit": mean altitude 786 km, inclination 98.62 deg. ESA's
    // mean altitude is over the ellipsoid and the flown orbit includes J2^2 and J4; the first-order
    // J2 relation is 0.08 deg below it.
    expect(Math.abs(sunSynchronousInclinationDeg(786) - 98.62)).toBeLessThan(0.1);
    // Wikipedia, "Sun-synchronous orbit", technical details: a = 7200 km gives 98.7 deg.
    expect(Math.abs(sunSynchronousInclinationDeg(7200 - EARTH_RADIUS_KM) - 98.7)).toBeLessThan(0.05);
  });

  it("makes the Sun-synchronous node precess at 360 deg per tropical year", () => {
    const alt = 650;
    const rate = nodalPrecessionDegPerDay(EARTH_RADIUS_KM + alt, 0, sunSynchronousInclinationDeg(alt));
    expect(rate).toBeCloseTo(SUN_SYNC_NODE_RATE_DEG_PER_DAY, 6);
  });

  it("generates a mean motion that SGP4 flies at the requested mean altitude", () => {
    for (const [altKm, incDeg] of [
      [550, 53],
      [650, 97.98],
      [1200, 87.9],
      [550, 0],
    ] as const) {
      const satrec = toSatrec({
        epochMs: 0,
        meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(altKm, incDeg),
        eccentricity: 0,
        inclinationDeg: incDeg,
        raanDeg: 0,
        argPerigeeDeg: 0,
        meanAnomalyDeg: 0,
        bstar: 0,
      });
      const state = createOrbitState(1);
      let sumRadiusKm = 0;
      const samples = 200;
      const periodMs = orbitalPeriodS(altKm) * 1000;
      for (let k = 0; k < samples; k++) {
        propagateBatch([satrec], (k * periodMs) / samples, state);
        sumRadiusKm += Math.hypot(state.posKm[0]!, state.posKm[1]!, state.posKm[2]!);
      }
      expect(Math.abs(sumRadiusKm / samples - EARTH_RADIUS_KM - altKm)).toBeLessThan(0.25);
    }
  });

  it("gives the two-body mean motion when no inclination is given (the J2 term vanishes at 54.74 deg)", () => {
    const twoBody = 86_400 / orbitalPeriodS(550);
    expect(meanMotionRevPerDayFromAltKm(550)).toBeCloseTo(twoBody, 12);
    expect(meanMotionRevPerDayFromAltKm(550, 54.7356103172)).toBeCloseTo(twoBody, 9);
    expect(meanMotionRevPerDayFromAltKm(550, 97.6)).toBeGreaterThan(twoBody);
  });
});
