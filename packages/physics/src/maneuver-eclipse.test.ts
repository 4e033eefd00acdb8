import { describe, expect, it } from "vitest";
import { sgp4 } from "satellite.js";
import { toSatrec, type MeanElements } from "./elements.js";
import { applyImpulsiveManeuver, meanElementsFromState, osculatingElements } from "./orbit-determination.js";
import { eclipseSeason, predictEclipses, raanForLtanDeg } from "./eclipse.js";
import { meanMotionRevPerDayFromAltKm, orbitalPeriodS, sunSynchronousInclinationDeg, MU_KM3_S2, EARTH_RADIUS_KM } from "./orbit.js";
import { eclipseFractionCylindrical, sunRaDecDeg } from "./sun.js";

const epochMs = Date.UTC(2026, 4, 13);
const leo: MeanElements = { epochMs, meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(550, 53), eccentricity: 0.0011, inclinationDeg: 53, raanDeg: 40, argPerigeeDeg: 80, meanAnomalyDeg: 200, bstar: 1e-5 };

function stateAt(el: MeanElements, tMs: number) {
  const pv = sgp4(toSatrec(el), (tMs - el.epochMs) / 60_000)!;
  return { pos: [pv.position.x, pv.position.y, pv.position.z] as [number, number, number], vel: [pv.velocity.x, pv.velocity.y, pv.velocity.z] as [number, number, number] };
}

describe("state vector to elements", () => {
  it("recovers the two-body elements of a Keplerian state", () => {
    const a = 7000;
    const r = a * (1 - 0.01);
    const v = Math.sqrt(MU_KM3_S2 * (2 / r - 1 / a));
    const osc = osculatingElements([r, 0, 0], [0, v * Math.cos(0.5), v * Math.sin(0.5)]);
    expect(osc.semiMajorAxisKm).toBeCloseTo(a, 6);
    expect(osc.eccentricity).toBeCloseTo(0.01, 9);
    expect(osc.inclinationDeg).toBeCloseTo((0.5 * 180) / Math.PI, 9);
    expect(osc.trueAnomalyDeg).toBeCloseTo(0, 6);
  });

  it("fits SGP4 mean elements that fly through the given state to below a millimetre", () => {
    const t = epochMs + 3 * 3600_000;
    const { pos, vel } = stateAt(leo, t);
    const fitted = meanElementsFromState(pos, vel, t, { bstar: leo.bstar });
    const again = stateAt(fitted, t);
    expect(Math.hypot(again.pos[0] - pos[0], again.pos[1] - pos[1], again.pos[2] - pos[2])).toBeLessThan(1e-6);
    expect(Math.hypot(again.vel[0] - vel[0], again.vel[1] - vel[1], again.vel[2] - vel[2])).toBeLessThan(1e-9);
    const later = stateAt(fitted, t + 6 * 3600_000);
    const reference = stateAt(leo, t + 6 * 3600_000);
    expect(Math.hypot(later.pos[0] - reference.pos[0], later.pos[1] - reference.pos[1], later.pos[2] - reference.pos[2])).toBeLessThan(0.05);
  });
});

describe("impulsive maneuvers", () => {
  it("continues from the post-burn state and raises the orbit by 2 a dv / v for a prograde burn", () => {
    const burnMs = epochMs + 1800_000;
    const dvKmS = 0.005;
    const before = stateAt(leo, burnMs);
    const result = applyImpulsiveManeuver(leo, burnMs, [0, dvKmS, 0], "rtn");
    const after = stateAt(result.elements, burnMs);
    expect(Math.hypot(after.pos[0] - before.pos[0], after.pos[1] - before.pos[1], after.pos[2] - before.pos[2])).toBeLessThan(1e-6);
    const speedGain = Math.hypot(...after.vel) - Math.hypot(...before.vel);
    expect(Math.abs(speedGain - dvKmS)).toBeLessThan(2e-4);
    const aBefore = osculatingElements(before.pos, before.vel).semiMajorAxisKm;
    const aAfter = osculatingElements(after.pos, after.vel).semiMajorAxisKm;
    const expected = (2 * aBefore * dvKmS) / Math.hypot(...before.vel);
    expect(Math.abs(aAfter - aBefore - expected) / expected).toBeLessThan(0.05);
  });
});

describe("eclipse prediction", () => {
  it("finds shadow passages whose length matches the cylindrical formula for beta near 0", () => {
    const equinox = Date.UTC(2026, 2, 20, 14);
    const ra = sunRaDecDeg(equinox).raDeg;
    const el: MeanElements = { epochMs: equinox, meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(550, 0.01), eccentricity: 0, inclinationDeg: 0.01, raanDeg: ra, argPerigeeDeg: 0, meanAnomalyDeg: 0, bstar: 0 };
    const passes = predictEclipses(toSatrec(el), equinox, equinox + 3 * orbitalPeriodS(550) * 1000);
    const complete = passes.filter((p) => p.entryMs > equinox && p.exitMs < equinox + 3 * orbitalPeriodS(550) * 1000);
    expect(complete.length).toBeGreaterThanOrEqual(2);
    const expectedS = eclipseFractionCylindrical(550, 0) * orbitalPeriodS(550);
    for (const p of complete) expect(Math.abs(p.durationS - expectedS) / expectedS).toBeLessThan(0.03);
  });

  it("shows a dawn-dusk Sun-synchronous orbit at 650 km a solstice eclipse season, not endless sun", () => {
    const start = Date.UTC(2026, 0, 1);
    const season = eclipseSeason({ altKm: 650, inclinationDeg: sunSynchronousInclinationDeg(650), raanDeg: raanForLtanDeg(18, start), startMs: start, endMs: Date.UTC(2027, 0, 1) });
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
