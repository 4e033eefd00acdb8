import { describe, expect, it } from "vitest";
import { toSatrec, type MeanElements } from "./elements.js";
import { eclipseSeason, predictEclipses, raanForLtanDeg } from "./eclipse.js";
import { meanMotionRevPerDayFromAltKm, orbitalPeriodS, sunSynchronousInclinationDeg, EARTH_RADIUS_KM } from "./orbit.js";
import { eclipseFractionCylindrical, sunRaDecDeg } from "./sun.js";

describe("eclipse prediction", () => {
  it("finds shadow passages whose length matches the cylindrical formula for beta near 0", () => {
    const equinox = Date.UTC(2026, 2, 20, 14);
    const ra = sunRaDecDeg(equinox).raDeg;
    const el: MeanElements = {
      epochMs: equinox,
      meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(550, 0.01),
      eccentricity: 0,
      inclinationDeg: 0.01,
      raanDeg: ra,
      argPerigeeDeg: 0,
      meanAnomalyDeg: 0,
      bstar: 0,
    };
    const passes = predictEclipses(toSatrec(el), equinox, equinox + 3 * orbitalPeriodS(550) * 1000);
    const complete = passes.filter((p) => p.entryMs > equinox && p.exitMs < equinox + 3 * orbitalPeriodS(550) * 1000);
    expect(complete.length).toBeGreaterThanOrEqual(2);
    const expectedS = eclipseFractionCylindrical(550, 0) * orbitalPeriodS(550);
    for (const p of complete) expect(Math.abs(p.durationS - expectedS) / expectedS).toBeLessThan(0.03);
  });

  it("shows a dawn-dusk Sun-synchronous orbit at 650 km a solstice eclipse season, not endless sun", () => {
    const start = Date.UTC(2026, 0, 1);
    const season = eclipseSeason({
      altKm: 650,
      inclinationDeg: sunSynchronousInclinationDeg(650),
      raanDeg: raanForLtanDeg(18, start),
      startMs: start,
      endMs: Date.UTC(2027, 0, 1),
    });
    expect(season.days).toHaveLength(365);
    expect(season.eclipseDays).toBeGreaterThan(0);
    expect(season.eclipseDays).toBeLessThan(150);
    expect(season.sunlitFraction).toBeGreaterThan(0.95);
    expect(season.maxEclipseMinutes).toBeGreaterThan(10);
    expect(season.maxEclipseMinutes).toBeLessThan(25);
    const shadowed = season.days.filter((d) => d.eclipseMinutesPerOrbit > 0).map((d) => new Date(d.dayStartMs).getUTCMonth());
    expect(shadowed.every((m) => m >= 3 && m <= 8)).toBe(true);
  });

  it("keeps a 550 km, 53 deg orbit in eclipse seasons most of the year", () => {
    const start = Date.UTC(2026, 0, 1);
    const season = eclipseSeason({ altKm: 550, inclinationDeg: 53, raanDeg: 0, startMs: start, endMs: Date.UTC(2027, 0, 1) });
    expect(season.eclipseDays).toBeGreaterThan(250);
    expect(season.maxEclipseMinutes).toBeCloseTo(eclipseFractionCylindrical(550, 0) * (orbitalPeriodS(550) / 60), 0);
    expect(season.betaMaxDeg).toBeLessThanOrEqual(53 + 23.5);
    expect(EARTH_RADIUS_KM).toBeGreaterThan(0);
  });
});
