import { describe, expect, it } from "vitest";
import { shadowFraction, sunPos, jday } from "satellite.js";
import {
  betaAngleDeg,
  criticalBetaDeg,
  eclipseFractionCylindrical,
  inShadow,
  sunlitFraction,
  sunlitFractionBatch,
  sunPositionKm,
  sunRaDecDeg,
  AU_KM,
} from "./sun.js";
import { julianDateFromMs } from "./orbit-batch.js";

describe("Sun and shadow", () => {
  it("counts a satellite in shadow when less than half the solar disk is visible", () => {
    expect([0, 0.25, 0.4999].map(inShadow)).toEqual([true, true, true]);
    expect([0.5, 0.75, 1].map(inShadow)).toEqual([false, false, false]);
  });

  it.each([
    [420, 69.754],
    [550, 67.016],
  ])("gives the critical beta angle at %s km (physics-cases 8)", (altKm, betaDeg) => {
    expect(Math.abs(criticalBetaDeg(altKm) - betaDeg)).toBeLessThan(0.01);
  });

  it.each([
    [280, 0.40736, 36.71],
    [420, 0.38752, 36.03],
    [550, 0.37231, 35.61],
  ])("gives the cylindrical eclipse fraction at %s km, beta 0 (physics-cases 9)", (altKm, fraction, shadowMin) => {
    const f = eclipseFractionCylindrical(altKm, 0);
    expect(f).toBeCloseTo(fraction, 4);
    const periodMin = (2 * Math.PI * Math.sqrt((6378.137 + altKm) ** 3 / 398600.4418)) / 60;
    expect(Math.abs(f * periodMin - shadowMin)).toBeLessThan(0.02);
  });

  it("reproduces Martinez m13_p35: 0.4042 and 2192 s in shadow at 300 km (physics-cases 10)", () => {
    const f = eclipseFractionCylindrical(300, 0, 6370);
    expect(f).toBeCloseTo(0.4042, 3);
    expect(Math.abs(f * 5423.986 - 2192)).toBeLessThan(5);
  });

  it("has no eclipse beyond the critical beta angle", () => {
    expect(eclipseFractionCylindrical(550, 67.1)).toBe(0);
  });

  it("computes the beta angle of an orbit whose normal points at the Sun as 90 deg", () => {
    expect(betaAngleDeg(90, 0, 270, 0)).toBeCloseTo(90, 9);
    expect(betaAngleDeg(90, 0, 90, 0)).toBeCloseTo(-90, 9);
    expect(betaAngleDeg(0, 0, 123, 0)).toBeCloseTo(0, 9);
  });

  it("puts the Sun about 1 AU away", () => {
    const s = sunPositionKm(Date.UTC(2026, 0, 3));
    expect(Math.hypot(s[0]!, s[1]!, s[2]!) / AU_KM).toBeCloseTo(0.9833, 3);
  });

  it("is fully lit on the day side, in umbra behind the Earth, and in penumbra at the edge", () => {
    const sun = new Float64Array([AU_KM, 0, 0]);
    const r = 6378.137 + 550;
    expect(sunlitFraction(r, 0, 0, sun)).toBe(1);
    expect(sunlitFraction(-r, 0, 0, sun)).toBe(0);
    const edgeY = 6378.137;
    const samples = Array.from({ length: 41 }, (_, k) => sunlitFraction(-r, edgeY - 20 + k, 0, sun));
    expect(samples.some((f) => f > 0.05 && f < 0.95)).toBe(true);
    for (let k = 1; k < samples.length; k++) expect(samples[k]!).toBeGreaterThanOrEqual(samples[k - 1]! - 1e-12);
  });

  it("agrees with satellite.js's shadowFraction in sunlight and umbra, and within 0.01 in penumbra", () => {
    const t = Date.UTC(2026, 5, 21, 12);
    const jd = julianDateFromMs(t);
    const sunAu = sunPos(jd).rsun;
    const sunKm = sunPositionKm(t);
    const r = 6378.137 + 650;
    for (let k = 0; k < 720; k++) {
      const angle = (2 * Math.PI * k) / 720;
      const sat = { x: r * Math.cos(angle), y: r * Math.sin(angle) * 0.9, z: r * Math.sin(angle) * 0.43 };
      const ours = sunlitFraction(sat.x, sat.y, sat.z, sunKm);
      const theirs = 1 - shadowFraction(sunAu, sat);
      if (theirs === 0 || theirs === 1) expect(ours).toBe(theirs);
      else expect(Math.abs(ours - theirs)).toBeLessThan(0.01);
    }
    expect(jday(2026, 6, 21, 12, 0, 0)).toBeCloseTo(jd, 9);
  });

  it("gives the batch the scalar values, and 0 for a failed (NaN) slot", () => {
    const sun = sunPositionKm(Date.UTC(2026, 2, 20, 12));
    const r = 6378.137 + 550;
    const pos = new Float64Array([r, 0, 0, -r, 0, 0, Number.NaN, Number.NaN, Number.NaN, 0, r, 0]);
    const out = new Float64Array(4);
    sunlitFractionBatch(pos, 4, sun, out);
    for (const i of [0, 1, 3]) expect(out[i]).toBe(sunlitFraction(pos[3 * i]!, pos[3 * i + 1]!, pos[3 * i + 2]!, sun));
    expect(out[2]).toBe(0);
  });

  it("puts the Sun near the equinox point in March and at +23.4 deg declination in June (Vallado algorithm 29)", () => {
    const march = sunRaDecDeg(Date.UTC(2026, 2, 20, 14, 46));
    expect(Math.abs(march.decDeg)).toBeLessThan(0.02);
    const june = sunRaDecDeg(Date.UTC(2026, 5, 21, 8, 24));
    expect(june.decDeg).toBeCloseTo(23.44, 1);
    expect(june.raDeg).toBeCloseTo(90, 0);
  });
});
