/** Property tests (fast-check): invariants that must hold for any valid input. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { eclipseFractionCylindrical, criticalBetaDeg, sunlitFraction, AU_KM } from "./sun.js";
import { createThermalNetwork, stepThermal } from "./thermal.js";
import { stepBattery, type BatterySpec } from "./battery.js";
import { toSatrec, validateElements } from "./elements.js";
import { walkerDelta } from "./generators.js";
import { createOrbitState, propagateBatch } from "./orbit-batch.js";
import { collisionProbabilityFoster } from "./collision-probability.js";
import { counterUniform } from "./rng.js";
import { meanMotionRevPerDayFromAltKm } from "./orbit.js";

const runs = { numRuns: 200, seed: 20261124 };

describe("physics properties", () => {
  it("has no eclipse whenever |beta| >= beta*", () => {
    fc.assert(
      fc.property(fc.double({ min: 200, max: 2000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (altKm, t) => {
        const star = criticalBetaDeg(altKm);
        const beta = star + t * (90 - star);
        expect(eclipseFractionCylindrical(altKm, beta)).toBe(0);
        expect(eclipseFractionCylindrical(altKm, -beta)).toBe(0);
      }),
      runs,
    );
  });

  it("keeps eclipse and sunlit fractions in [0, 1]", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 200, max: 40_000, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (altKm, betaDeg, angle) => {
          const f = eclipseFractionCylindrical(altKm, betaDeg);
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThanOrEqual(0.5);
          const r = 6378.137 + altKm;
          const lit = sunlitFraction(r * Math.cos(angle), r * Math.sin(angle), 0, new Float64Array([AU_KM, 0, 0]));
          expect(lit).toBeGreaterThanOrEqual(0);
          expect(lit).toBeLessThanOrEqual(1);
        },
      ),
      runs,
    );
  });

  it("closes the energy balance of the thermal network for any heat loads and step", () => {
    const net = createThermalNetwork(
      [
        { name: "a", heatCapacityJK: 5000, radiatingAreaM2: 0, emissivity: 0 },
        { name: "b", heatCapacityJK: 20_000, radiatingAreaM2: 5, emissivity: 0.9 },
      ],
      [{ a: "a", b: "b", conductanceWK: 50 }],
    );
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0.1, max: 3600, noNaN: true }),
        fc.double({ min: 150, max: 400, noNaN: true }),
        (qa, qb, dtS, t0) => {
          const temps = new Float64Array([t0, t0]);
          const before = 5000 * temps[0]! + 20_000 * temps[1]!;
          const { radiatedJ } = stepThermal(net, temps, new Float64Array([qa, qb]), dtS);
          const after = 5000 * temps[0]! + 20_000 * temps[1]!;
          const input = (qa + qb) * dtS;
          expect(Math.abs(after - before - (input - radiatedJ))).toBeLessThan(1e-6 * Math.max(1, input, Math.abs(radiatedJ)));
          expect(temps.every((t) => Number.isFinite(t) && t > 0)).toBe(true);
        },
      ),
      runs,
    );
  });

  it("keeps the battery between its floor and its capacity and accounts for every watt-hour", () => {
    const spec: BatterySpec = {
      capacityWh: 5000,
      chargeEfficiency: 0.9,
      dischargeEfficiency: 0.92,
      maxDepthOfDischarge: 0.7,
      cycleLifeAtRefDod: 20_000,
      refDepthOfDischarge: 0.3,
    };
    fc.assert(
      fc.property(fc.array(fc.double({ min: -20_000, max: 20_000, noNaN: true }), { minLength: 1, maxLength: 50 }), (netWs) => {
        const state = { energyWh: 5000, healthFraction: 1, equivalentCycles: 0 };
        for (const netW of netWs) {
          const before = state.energyWh;
          const r = stepBattery(spec, state, netW, 60);
          const cap = 5000 * state.healthFraction;
          expect(state.energyWh).toBeLessThanOrEqual(5000 + 1e-9);
          expect(state.energyWh).toBeGreaterThanOrEqual(cap * 0.3 - 1e-6);
          if (netW >= 0) expect(state.energyWh - before).toBeCloseTo(((netW - r.curtailedW) * 60 * 0.9) / 3600, 6);
          else expect(before - state.energyWh).toBeCloseTo(((-netW - r.shortfallW) * 60) / 3600 / 0.92, 6);
        }
      }),
      runs,
    );
  });

  it("propagates any valid LEO Walker satellite to finite positions above the ground", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 300, max: 1500, noNaN: true }),
        fc.double({ min: 0, max: 180, noNaN: true }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (planes, perPlane, altKm, incDeg, dtMs) => {
          const els = walkerDelta({ planes, satsPerPlane: perPlane, phasing: 0, altKm, inclinationDeg: incDeg, epochMs: 0 });
          const state = createOrbitState(els.length);
          propagateBatch(
            els.map((e) => toSatrec(e)),
            dtMs,
            state,
          );
          for (let i = 0; i < els.length; i++) {
            expect(state.errorCode[i]).toBe(0);
            expect(Number.isFinite(state.posKm[3 * i]!)).toBe(true);
            expect(state.altKm[i]!).toBeGreaterThan(200);
            expect(Math.abs(state.latDeg[i]!)).toBeLessThanOrEqual(90);
          }
        },
      ),
      { ...runs, numRuns: 60 },
    );
  });

  it("names the parameter of invalid elements and generator options", () => {
    fc.assert(
      fc.property(fc.constantFrom("eccentricity", "inclinationDeg", "meanMotionRevPerDay"), fc.constantFrom(-1, Number.NaN, 1e9), (field, bad) => {
        const el = {
          epochMs: 0,
          meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(550, 53),
          eccentricity: 0,
          inclinationDeg: 53,
          raanDeg: 0,
          argPerigeeDeg: 0,
          meanAnomalyDeg: 0,
          bstar: 0,
          [field]: bad,
        };
        expect(() => validateElements(el, "sat-1")).toThrow(new RegExp(`sat-1: ${field}`));
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 0 }), (planes) => {
        expect(() => walkerDelta({ planes, satsPerPlane: 1, phasing: 0, altKm: 550, inclinationDeg: 53, epochMs: 0 })).toThrow(/walker planes/);
      }),
      runs,
    );
  });

  it("keeps collision probability in [0, 1] and uniform draws in [0, 1)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 1e-4, max: 4, noNaN: true }),
        fc.double({ min: 1e-4, max: 4, noNaN: true }),
        fc.double({ min: 0.001, max: 0.1, noNaN: true }),
        (mx, my, sx, sy, r) => {
          const pc = collisionProbabilityFoster({ missXKm: mx, missYKm: my, cxx: sx * sx, cxy: 0, cyy: sy * sy, hardBodyRadiusKm: r });
          expect(pc).toBeGreaterThanOrEqual(0);
          expect(pc).toBeLessThanOrEqual(1 + 1e-9);
        },
      ),
      runs,
    );
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.integer({ min: 0 }), fc.integer(), (seed, entity, tick, purpose) => {
        const u = counterUniform(seed, entity, tick, purpose);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
      }),
      runs,
    );
  });
});
