import { describe, expect, it } from "vitest";
import {
  cycleLifeAtDod,
  cyclesPerYear,
  eclipseDepthOfDischarge,
  stateOfCharge,
  stepBattery,
  validateBatterySpec,
  type BatterySpec,
  type BatteryState,
} from "./battery.js";
import { orbitalPeriodS } from "./orbit.js";

const spec: BatterySpec = {
  capacityWh: 10_000,
  chargeEfficiency: 0.95,
  dischargeEfficiency: 0.95,
  maxDepthOfDischarge: 0.4,
  cycleLifeAtRefDod: 30_000,
  refDepthOfDischarge: 0.3,
};
const full = (): BatteryState => ({ energyWh: 10_000, healthFraction: 1, equivalentCycles: 0 });

describe("stepBattery", () => {
  it("discharges by the load over the efficiency in eclipse and recharges by the power times it in sunlight", () => {
    const state = full();
    stepBattery(spec, state, -2000, 1800);
    expect(state.energyWh).toBeCloseTo(10_000 - 1000 / 0.95, 6);
    stepBattery(spec, state, 500, 900);
    expect(state.energyWh).toBeCloseTo(10_000 - 1000 / 0.95 + 125 * 0.95, 6);
  });

  it("accounts for every watt-hour: stored / eta_c + curtailed = input when it fills up", () => {
    const state: BatteryState = { energyWh: 9800, healthFraction: 1, equivalentCycles: 0 };
    const step = stepBattery(spec, state, 4000, 900);
    expect(state.energyWh).toBe(10_000);
    expect(200 / 0.95 / 0.25 + step.curtailedW).toBeCloseTo(4000, 9);
    expect(step.shortfallW).toBe(0);
  });

  it("never goes below its depth-of-discharge floor and reports the shortfall", () => {
    const state: BatteryState = { energyWh: 6500, healthFraction: 1, equivalentCycles: 0 };
    const step = stepBattery(spec, state, -5000, 3600);
    expect(state.energyWh).toBeCloseTo(6000, 6);
    expect(step.shortfallW).toBeCloseTo(5000 - 500 * 0.95, 6);
    expect(stateOfCharge(spec, state)).toBeCloseTo(0.6, 5);
  });

  it("loses capacity with cycling, faster at deeper discharge, and counts equivalent cycles", () => {
    const shallow = full();
    const deep = full();
    for (let k = 0; k < 1000; k++) {
      stepBattery(spec, shallow, -2000, 1800);
      stepBattery(spec, shallow, 10_000, 3600);
      stepBattery(spec, deep, -7000, 1800);
      stepBattery(spec, deep, 10_000, 3600);
    }
    expect(shallow.equivalentCycles).toBeCloseTo((1000 * 1000) / 0.95 / 10_000, 0);
    expect(shallow.healthFraction).toBeLessThan(1);
    expect(deep.healthFraction).toBeLessThan(shallow.healthFraction);
  });

  it("refuses a step that is not positive", () => {
    expect(() => stepBattery(spec, full(), 100, 0)).toThrow(/dtS = 0/);
  });
});

describe("cycleLifeAtDod", () => {
  it("follows N = N_ref (DoD_ref / DoD)^1.5 (Fortescue ch. 10 power law)", () => {
    expect(cycleLifeAtDod(spec, 0.3)).toBeCloseTo(30_000, 9);
    expect(cycleLifeAtDod(spec, 0.6)).toBeCloseTo(30_000 / 2 ** 1.5, 6);
  });
});

describe("battery cycling in LEO (physics-cases 18, Fortescue)", () => {
  it("counts 5382 cycles a year at 650 km (97.73 min), inside the 5000-6000 of Fortescue", () => {
    expect(Math.abs(cyclesPerYear(97.73 * 60) - 5382)).toBeLessThan(1);
    expect(Math.abs(cyclesPerYear(orbitalPeriodS(650)) - 5382)).toBeLessThan(5);
  });

  it("gives the depth of one eclipse as P_load t_eclipse / E_battery", () => {
    expect(eclipseDepthOfDischarge(3000, 2100, 10_000)).toBeCloseTo(0.175, 9);
    expect(eclipseDepthOfDischarge(3000, 2100, 10_000, 0.95)).toBeCloseTo(0.175 / 0.95, 9);
  });
});

describe("validateBatterySpec", () => {
  it("names the field out of range", () => {
    expect(() => validateBatterySpec({ ...spec, chargeEfficiency: 1.2 }, "sat 9 battery")).toThrow(
      /^sat 9 battery: chargeEfficiency = 1\.2 must be in \(0, 1\]/,
    );
    expect(() => validateBatterySpec(spec)).not.toThrow();
  });
});
