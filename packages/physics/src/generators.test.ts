import { describe, expect, it } from "vitest";
import { toSatrec } from "./elements.js";
import { createOrbitState, propagateBatch } from "./orbit-batch.js";
import { formationMembers, formationReference, suncatcherFormation, walkerDelta, walkerLayout } from "./generators.js";
import { hcwPropagate, noDriftAlongTrackVelocityMS } from "./hcw.js";
import { EARTH_RADIUS_KM, MU_KM3_S2, orbitalPeriodS, sunSynchronousInclinationDeg } from "./orbit.js";
import { sunPositionKm, sunRaDecDeg } from "./sun.js";
import { BadGeneratorOptionError } from "./errors.js";

describe("walkerDelta", () => {
  it("lays out a 53:24/6/1 shell plane by plane with the Walker phase offset f x 360 / t", () => {
    const els = walkerDelta({ planes: 6, satsPerPlane: 4, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs: 0, raanOffsetDeg: 10 });
    expect(els).toHaveLength(24);
    expect(els[0]!.raanDeg).toBeCloseTo(10, 9);
    expect(els[4]!.raanDeg).toBeCloseTo(70, 9);
    expect(els[1]!.meanAnomalyDeg).toBeCloseTo(90, 9);
    // Plane 1, slot 0: phase f * 360 / t = 15 deg.
    expect(els[4]!.meanAnomalyDeg).toBeCloseTo(15, 9);
    expect(els[23]!.meanAnomalyDeg).toBeCloseTo(270 + 75, 9);
    expect(new Set(els.map((e) => e.meanMotionRevPerDay)).size).toBe(1);
  });

  it("flies a generated 550 km shell near 550 km under SGP4", () => {
    const els = walkerDelta({ planes: 3, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs: Date.UTC(2026, 0, 1) });
    const satrecs = els.map((e) => toSatrec(e));
    const state = createOrbitState(satrecs.length);
    let sumRadiusKm = 0;
    const samples = 60;
    for (let k = 0; k < samples; k++) {
      propagateBatch(satrecs, Date.UTC(2026, 0, 1) + (k * orbitalPeriodS(550) * 1000) / samples, state);
      for (let i = 0; i < satrecs.length; i++) sumRadiusKm += Math.hypot(state.posKm[3 * i]!, state.posKm[3 * i + 1]!, state.posKm[3 * i + 2]!);
    }
    expect(Math.abs(sumRadiusKm / (samples * satrecs.length) - EARTH_RADIUS_KM - 550)).toBeLessThan(0.5);
  });

  it("names the option that is out of range", () => {
    const ok = { planes: 6, satsPerPlane: 4, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs: 0 };
    expect(() => walkerDelta({ ...ok, phasing: 6 })).toThrow(/walker phasing = 6: must be a whole number in \[0, planes\)/);
    expect(() => walkerDelta({ ...ok, planes: 0 })).toThrow(/walker planes = 0/);
    expect(() => walkerDelta({ ...ok, satsPerPlane: 2.5 })).toThrow(/walker satsPerPlane = 2\.5/);
    expect(() => walkerDelta({ ...ok, altKm: 50 })).toThrow(/walker altKm = 50/);
    expect(() => walkerDelta({ ...ok, inclinationDeg: 200 })).toThrow(BadGeneratorOptionError);
    expect(() => walkerDelta({ ...ok, epochMs: Number.NaN })).toThrow(/walker epochMs/);
  });
});

describe("walkerLayout", () => {
  const shell = { planes: 10, satsPerPlane: 4, phasing: 1, altKm: 525, epochMs: Date.UTC(2026, 0, 30), thicknessKm: 50, layers: 5 };

  it("deals the planes over layers in the middle of equal bands of the shell's thickness", () => {
    const layout = walkerLayout({ ...shell, inclinationDeg: 30 });
    expect(Array.from({ length: 10 }, (_, p) => layout.altKmOfPlane(p))).toEqual([505, 515, 525, 535, 545, 505, 515, 525, 535, 545]);
    const [low, high] = [layout.plane(0), layout.plane(4)];
    expect(low[0]!.meanMotionRevPerDay).toBeGreaterThan(high[0]!.meanMotionRevPerDay);
    expect(new Set(low.map((e) => e.meanMotionRevPerDay)).size).toBe(1);
    // The layers change altitudes only: nodes and phases are the Walker pattern's.
    expect(layout.plane(3).map((e) => e.raanDeg)).toEqual(
      walkerDelta({ ...shell, inclinationDeg: 30, thicknessKm: 0, layers: 1 })
        .slice(12, 16)
        .map((e) => e.raanDeg),
    );
    expect(walkerDelta({ ...shell, inclinationDeg: 30 })).toEqual(Array.from({ length: 10 }, (_, p) => layout.plane(p)).flat());
  });

  it("gives each layer of an sso shell its own Sun-synchronous inclination, which SGP4 turns at 360 deg per tropical year", () => {
    const layout = walkerLayout({ ...shell, altKm: 1475, inclinationDeg: "sso" });
    for (let p = 0; p < 5; p++) {
      const el = layout.plane(p)[0]!;
      expect(el.inclinationDeg).toBeCloseTo(sunSynchronousInclinationDeg(layout.altKmOfPlane(p)), 12);
      // satellite.js keeps SGP4's secular node rate (J2 and J4) in nodedot, rad/min.
      const nodeDegPerDay = (toSatrec(el).nodedot * 1440 * 180) / Math.PI;
      expect(Math.abs(nodeDegPerDay / (360 / 365.2422) - 1)).toBeLessThan(0.005);
    }
    expect(layout.inclinationDegOfPlane(4) - layout.inclinationDegOfPlane(0)).toBeGreaterThan(0.2);
  });

  it("spreads the planes over raanSpreadDeg of node centred on the local time of the ascending node", () => {
    const layout = walkerLayout({ ...shell, inclinationDeg: "sso", ltanHours: 18, raanSpreadDeg: 30 });
    const raans = Array.from({ length: 10 }, (_, p) => layout.plane(p)[0]!.raanDeg);
    const centreDeg = (sunRaDecDeg(shell.epochMs).raDeg + 90) % 360;
    const offsets = raans.map((r) => ((r - centreDeg + 540) % 360) - 180);
    expect(offsets[0]).toBeCloseTo(-13.5, 9);
    expect(offsets[9]).toBeCloseTo(13.5, 9);
    expect(offsets.reduce((a, b) => a + b, 0) / 10).toBeCloseTo(0, 9);
  });

  it("names the shell option that is out of range", () => {
    const ok = { ...shell, inclinationDeg: 30 as const };
    expect(() => walkerLayout({ ...ok, layers: 11 })).toThrow(/walker layers = 11: must be a whole number in \[1, planes\]/);
    expect(() => walkerLayout({ ...ok, thicknessKm: -1 })).toThrow(/walker thicknessKm = -1/);
    expect(() => walkerLayout({ ...ok, altKm: 160, thicknessKm: 50 })).toThrow(
      /walker altKm = 160 with thicknessKm = 50: the shell must lie in \[150, 40000\] km/,
    );
    expect(() => walkerLayout({ ...ok, altKm: 6000, inclinationDeg: "sso" })).toThrow(/walker inclinationDeg = sso: the shell reaches 6025 km/);
    expect(() => walkerLayout({ ...ok, raanOffsetDeg: 10, ltanHours: 6 })).toThrow(/raanOffsetDeg and ltanHours: give one of them/);
    expect(() => walkerLayout({ ...ok, ltanHours: 24 })).toThrow(/walker ltanHours = 24/);
    expect(() => walkerLayout({ ...ok, raanSpreadDeg: 0 })).toThrow(/walker raanSpreadDeg = 0/);
    expect(() => walkerLayout(ok).plane(10)).toThrow(/walker plane 10: must be a whole number in \[0, 10\)/);
  });
});

describe("formationReference", () => {
  it("is a dawn-dusk Sun-synchronous orbit: its normal within 25 deg of the Sun at epoch", () => {
    for (const epochMs of [Date.UTC(2026, 2, 20), Date.UTC(2026, 5, 21), Date.UTC(2026, 11, 21)]) {
      const ref = formationReference({ epochMs });
      expect(ref.inclinationDeg).toBeCloseTo(sunSynchronousInclinationDeg(650), 12);
      const i = (ref.inclinationDeg * Math.PI) / 180;
      const raan = (ref.raanDeg * Math.PI) / 180;
      const normal = [Math.sin(raan) * Math.sin(i), -Math.cos(raan) * Math.sin(i), Math.cos(i)];
      const sun = sunPositionKm(epochMs);
      const cosAngle = (normal[0]! * sun[0]! + normal[1]! * sun[1]! + normal[2]! * sun[2]!) / Math.hypot(sun[0]!, sun[1]!, sun[2]!);
      // Dawn-dusk: the Sun is on the orbit-normal side; 23.4 deg of solar declination plus the
      // 8 deg of the inclination's tilt from the pole bound the angle.
      expect((Math.acos(cosAngle) * 180) / Math.PI).toBeLessThan(32);
    }
  });
});

describe("formationMembers", () => {
  it("keeps 81 members at least the lattice spacing apart and within the radius at every moment (HCW)", () => {
    const { members, minSeparationM } = formationMembers({ count: 81, radiusM: 1000 });
    expect(members).toHaveLength(81);
    expect(members[0]!.rhoM).toBe(0);
    // 81 points reach the sqrt(21) ring of the hexagonal lattice: spacing 0.98 x 500 / sqrt(21) m.
    expect(minSeparationM).toBeCloseTo((0.98 * 500) / Math.sqrt(21), 9);
    const n = Math.sqrt(MU_KM3_S2 / (EARTH_RADIUS_KM + 650) ** 3);
    const states = members.map((m) => {
      const xM = -m.rhoM * Math.cos(-m.phiRad);
      return { xM, yM: 2 * m.rhoM * Math.sin(-m.phiRad), zM: 0, vxMS: m.rhoM * n * Math.sin(-m.phiRad), vyMS: noDriftAlongTrackVelocityMS(xM, n), vzMS: 0 };
    });
    let closest = Infinity;
    let farthest = 0;
    for (let k = 0; k < 64; k++) {
      const at = states.map((s) => hcwPropagate(s, n, (k * 2 * Math.PI) / n / 64));
      for (let a = 0; a < at.length; a++) {
        farthest = Math.max(farthest, Math.hypot(at[a]!.xM, at[a]!.yM, at[a]!.zM));
        for (let b = a + 1; b < at.length; b++) closest = Math.min(closest, Math.hypot(at[a]!.xM - at[b]!.xM, at[a]!.yM - at[b]!.yM));
      }
    }
    expect(closest).toBeGreaterThanOrEqual(minSeparationM - 1e-9);
    expect(farthest).toBeLessThanOrEqual(980 + 1e-9);
    expect(farthest).toBeGreaterThan(900);
  });

  it("names a bad count or radius", () => {
    expect(() => formationMembers({ count: 0 })).toThrow(/formation count = 0/);
    expect(() => formationMembers({ radiusM: -5 })).toThrow(/formation radiusM = -5/);
  });
});

describe("suncatcherFormation", () => {
  it("keeps all 81 satellites within 3 radii of the reference after 3 orbits under SGP4, and far apart", () => {
    const epochMs = Date.UTC(2026, 5, 21);
    const sats = suncatcherFormation({ epochMs });
    expect(sats).toHaveLength(81);
    const satrecs = sats.map((e) => toSatrec(e));
    const state = createOrbitState(81);
    const periodMs = orbitalPeriodS(650) * 1000;
    let farthestKm = 0;
    let closestKm = Infinity;
    for (let k = 0; k <= 90; k++) {
      propagateBatch(satrecs, epochMs + (k * 3 * periodMs) / 90, state);
      const p = state.posKm;
      for (let i = 0; i < 81; i++) {
        farthestKm = Math.max(farthestKm, Math.hypot(p[3 * i]! - p[0]!, p[3 * i + 1]! - p[1]!, p[3 * i + 2]! - p[2]!));
        for (let j = i + 1; j < 81; j++)
          closestKm = Math.min(closestKm, Math.hypot(p[3 * i]! - p[3 * j]!, p[3 * i + 1]! - p[3 * j + 1]!, p[3 * i + 2]! - p[3 * j + 2]!));
      }
    }
    // Slot 0 is the reference; the brief's bound is 3 radii; the design keeps them within 1.
    expect(farthestKm).toBeLessThan(3);
    expect(farthestKm).toBeLessThan(1);
    expect(farthestKm).toBeGreaterThan(0.8);
    // The lattice spacing is 107 m; SGP4's nonlinear terms take off a few metres at most.
    expect(closestKm * 1000).toBeGreaterThan(95);
  });

  it("holds the formation for 30 orbits without secular drift", () => {
    const epochMs = Date.UTC(2026, 2, 1);
    const satrecs = suncatcherFormation({ epochMs, count: 19, radiusM: 500 }).map((e) => toSatrec(e));
    const state = createOrbitState(satrecs.length);
    propagateBatch(satrecs, epochMs + 30 * orbitalPeriodS(650) * 1000, state);
    for (let i = 0; i < satrecs.length; i++) {
      const d = Math.hypot(state.posKm[3 * i]! - state.posKm[0]!, state.posKm[3 * i + 1]! - state.posKm[1]!, state.posKm[3 * i + 2]! - state.posKm[2]!);
      expect(d).toBeLessThan(0.5 * 1.1);
    }
  });
});
