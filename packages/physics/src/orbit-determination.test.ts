import { describe, expect, it } from "vitest";
import { sgp4 } from "satellite.js";
import { toSatrec, type MeanElements } from "./elements.js";
import { applyImpulsiveManeuver, meanElementsFromState, osculatingElements } from "./orbit-determination.js";
import { meanMotionRevPerDayFromAltKm, MU_KM3_S2 } from "./orbit.js";

const epochMs = Date.UTC(2026, 4, 13);
const leo: MeanElements = {
  epochMs,
  meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(550, 53),
  eccentricity: 0.0011,
  inclinationDeg: 53,
  raanDeg: 40,
  argPerigeeDeg: 80,
  meanAnomalyDeg: 200,
  bstar: 1e-5,
};

function stateAt(el: MeanElements, tMs: number) {
  const pv = sgp4(toSatrec(el), (tMs - el.epochMs) / 60_000)!;
  return {
    pos: [pv.position.x, pv.position.y, pv.position.z] as [number, number, number],
    vel: [pv.velocity.x, pv.velocity.y, pv.velocity.z] as [number, number, number],
  };
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
