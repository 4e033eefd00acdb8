import { describe, expect, it } from "vitest";
import { sgp4 } from "satellite.js";
import { toSatrec, type MeanElements, type SatRec } from "./elements.js";
import { meanMotionRevPerDayFromAltKm } from "./orbit.js";
import { PhysicsInputError } from "./errors.js";
import { closestApproach, encounterFrame, findClosestApproaches, relativeTrajectory, rtnCovarianceKm2, type Trajectory, type Vec3 } from "./conjunction.js";

const epochMs = Date.UTC(2026, 4, 13);

function sgp4Trajectory(satrec: SatRec): Trajectory {
  return (tMs) => {
    const pv = sgp4(satrec, (tMs - epochMs) / 60_000);
    if (!pv) throw new Error("SGP4 failed");
    return { posKm: [pv.position.x, pv.position.y, pv.position.z], velKmS: [pv.velocity.x, pv.velocity.y, pv.velocity.z] };
  };
}

/** Two 780 km orbits (86.4 deg and 74 deg, as Iridium 33 and Kosmos 2251) phased to cross near the node at t ~ 0. */
function crossingPair(meanAnomalyOffsetDeg: number): [Trajectory, Trajectory] {
  const a: MeanElements = {
    epochMs,
    meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(780, 86.4),
    eccentricity: 0.0002,
    inclinationDeg: 86.4,
    raanDeg: 10,
    argPerigeeDeg: 0,
    meanAnomalyDeg: 0,
    bstar: 0,
  };
  const b: MeanElements = { ...a, inclinationDeg: 74, meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(780, 74), meanAnomalyDeg: meanAnomalyOffsetDeg };
  return [sgp4Trajectory(toSatrec(a)), sgp4Trajectory(toSatrec(b))];
}

const rangeKm = (p: Vec3) => Math.hypot(p[0], p[1], p[2]);

/** Brute force: the window at 1 s, then +-2 s about the best second at 1 ms. */
function bruteForce(a: Trajectory, b: Trajectory, startMs: number, endMs: number): { tMs: number; missKm: number } {
  const rel = relativeTrajectory(a, b);
  let best = { tMs: startMs, missKm: Infinity };
  for (let t = startMs; t <= endMs; t += 1000) {
    const d = rangeKm(rel(t).posKm);
    if (d < best.missKm) best = { tMs: t, missKm: d };
  }
  const coarse = best.tMs;
  for (let t = coarse - 2000; t <= coarse + 2000; t += 1) {
    const d = rangeKm(rel(t).posKm);
    if (d < best.missKm) best = { tMs: t, missKm: d };
  }
  return best;
}

describe("time of closest approach (range-rate root, Numerical Recipes 9.2-9.3)", () => {
  it.each([0.004, 0.01, 0.05])("agrees with a brute-force 1 ms search on two crossing SGP4 orbits to 1 ms and 1 m (phase %s deg)", (offsetDeg) => {
    const [a, b] = crossingPair(offsetDeg);
    const startMs = epochMs - 600_000;
    const endMs = epochMs + 600_000;
    const found = closestApproach(a, b, startMs, endMs, 60_000);
    const brute = bruteForce(a, b, startMs, endMs);
    expect(found).not.toBeNull();
    expect(Math.abs(found!.tcaMs - brute.tMs)).toBeLessThanOrEqual(1);
    expect(Math.abs(found!.missKm - brute.missKm)).toBeLessThan(0.001);
    expect(found!.missKm).toBeLessThan(10);
    // crossing planes 12.4 deg apart at 7.46 km/s: relative speed 2 v sin(12.4 deg / 2) = 1.6 km/s
    expect(found!.relSpeedKmS).toBeGreaterThan(1.5);
    expect(found!.relSpeedKmS).toBeLessThan(1.7);
  });

  it("returns the relative state at TCA, with the relative velocity perpendicular to the miss vector", () => {
    const [a, b] = crossingPair(0.01);
    const e = closestApproach(a, b, epochMs - 600_000, epochMs + 600_000, 60_000)!;
    const sa = a(e.tcaMs);
    const sb = b(e.tcaMs);
    for (let i = 0; i < 3; i++) expect(e.relPosKm[i]).toBeCloseTo(sb.posKm[i]! - sa.posKm[i]!, 9);
    const cos = (e.relPosKm[0] * e.relVelKmS[0] + e.relPosKm[1] * e.relVelKmS[1] + e.relPosKm[2] * e.relVelKmS[2]) / (e.missKm * e.relSpeedKmS);
    // 1 ms of bracket at 1.6 km/s moves the miss vector 1.6 m along the velocity
    expect(Math.abs(cos)).toBeLessThan((1.6e-3 * 1) / e.missKm + 1e-6);
  });

  it("finds the exact TCA -r0.v/|v|^2 of straight-line motion, including a head-on hit through zero range", () => {
    const line = (r0: Vec3, v: Vec3) => (tMs: number) => ({
      posKm: [r0[0] + (v[0] * tMs) / 1000, r0[1] + (v[1] * tMs) / 1000, r0[2] + (v[2] * tMs) / 1000] as Vec3,
      velKmS: v,
    });
    const r0: Vec3 = [-30, 4, 0.2];
    const v: Vec3 = [10, -1, 0];
    const exactS = -(r0[0] * v[0] + r0[1] * v[1] + r0[2] * v[2]) / (v[0] ** 2 + v[1] ** 2 + v[2] ** 2);
    const [e] = findClosestApproaches(line(r0, v), 0, 10_000, 1000, 0.01);
    expect(e!.tcaMs).toBeCloseTo(exactS * 1000, 2);
    expect(e!.missKm).toBeCloseTo(Math.hypot(r0[0] + v[0] * exactS, r0[1] + v[1] * exactS, r0[2] + v[2] * exactS), 9);
    const [hit] = findClosestApproaches(line([-30, 0, 0], [10, 0, 0]), 0, 10_000, 700);
    expect(hit!.tcaMs).toBeCloseTo(3000, 0);
    expect(hit!.missKm).toBeLessThan(0.011);
    expect(Number.isNaN(hit!.missKm)).toBe(false);
  });

  it("searches the last, shorter step of a window that is not a whole number of steps", () => {
    const rel = (tMs: number) => ({ posKm: [((tMs - 9_500) / 1000) * 7, 1, 0] as Vec3, velKmS: [7, 0, 0] as Vec3 });
    const found = findClosestApproaches(rel, 0, 10_000, 3000);
    expect(found).toHaveLength(1);
    expect(found[0]!.tcaMs).toBeCloseTo(9500, 0);
  });

  it("finds one approach per half relative orbit of two crossing orbits over a day", () => {
    const [a, b] = crossingPair(0.01);
    const found = findClosestApproaches(relativeTrajectory(a, b), epochMs, epochMs + 86_400_000, 60_000);
    // two nearly equal periods of ~100 min: the pair closes at both nodes, about 29 times a day
    expect(found.length).toBeGreaterThan(25);
    expect(found.length).toBeLessThan(32);
    for (let i = 1; i < found.length; i++) expect(found[i]!.tcaMs).toBeGreaterThan(found[i - 1]!.tcaMs);
  });

  it("rejects a zero step with a named error", () => {
    const rel = () => ({ posKm: [1, 0, 0] as Vec3, velKmS: [0, 1, 0] as Vec3 });
    expect(() => findClosestApproaches(rel, 0, 1000, 0)).toThrow(PhysicsInputError);
    try {
      findClosestApproaches(rel, 0, 1000, 0);
    } catch (err) {
      expect((err as PhysicsInputError).code).toBe("ORBITWIN_BAD_CONJUNCTION_WINDOW");
    }
  });
});

describe("encounter (B-) plane and covariance model (Vallado 2013, 11.6 and 3.3)", () => {
  it("gives an orthonormal basis with z along the relative velocity and the miss along x", () => {
    const pos: Vec3 = [0.3, -0.2, 0.5];
    const vel: Vec3 = [3, 9, -4];
    const { x, y, z } = encounterFrame(pos, vel);
    const d = (p: Vec3, q: Vec3) => p[0] * q[0] + p[1] * q[1] + p[2] * q[2];
    for (const [p, q, want] of [
      [x, x, 1],
      [y, y, 1],
      [z, z, 1],
      [x, y, 0],
      [y, z, 0],
      [z, x, 0],
    ] as const)
      expect(d(p, q)).toBeCloseTo(want, 14);
    expect(d(z, vel)).toBeCloseTo(Math.hypot(...vel), 12);
    expect(d(y, pos)).toBeCloseTo(0, 14);
    // the miss vector minus its along-velocity part lies along +x
    const along = d(pos, z);
    expect(d(x, pos)).toBeCloseTo(Math.sqrt(d(pos, pos) - along * along), 12);
  });

  it("keeps a head-on miss of zero well defined and refuses a zero relative velocity", () => {
    const { x, z } = encounterFrame([0, 0, 0], [0, 0, 14]);
    expect(Math.hypot(...x)).toBeCloseTo(1, 14);
    expect(x[0] * z[0] + x[1] * z[1] + x[2] * z[2]).toBeCloseTo(0, 14);
    expect(() => encounterFrame([1, 0, 0], [0, 0, 0])).toThrow(PhysicsInputError);
  });

  it("builds an RTN covariance whose radial, along-track and cross-track variances come back along those axes", () => {
    const pos: Vec3 = [7000, 0, 0];
    const vel: Vec3 = [0, 5, 5];
    const c = rtnCovarianceKm2(pos, vel, { radial: 0.1, alongTrack: 1, crossTrack: 0.3 });
    const quad = (u: Vec3) => u.reduce((s, ui, i) => s + u.reduce((t, uj, j) => t + ui * c[i * 3 + j]! * uj, 0), 0);
    expect(quad([1, 0, 0])).toBeCloseTo(0.01, 14);
    expect(quad([0, Math.SQRT1_2, Math.SQRT1_2])).toBeCloseTo(1, 14);
    expect(quad([0, -Math.SQRT1_2, Math.SQRT1_2])).toBeCloseTo(0.09, 14);
    expect(c[0]! + c[4]! + c[8]!).toBeCloseTo(0.01 + 1 + 0.09, 14);
  });
});
