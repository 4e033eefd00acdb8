import { describe, expect, it } from "vitest";
import { arrayIncidenceCosine, arrayPowerW, shedLoads, solarFluxWM2, SOLAR_CONSTANT_W_M2 } from "./power.js";
import { cyclesPerYear, eclipseDepthOfDischarge, stateOfCharge, stepBattery, type BatterySpec, type BatteryState } from "./battery.js";
import { createThermalNetwork, stepThermal, steadyStateTempsK, STEFAN_BOLTZMANN, DEEP_SPACE_K } from "./thermal.js";
import { earthIrWM2, flatPlateEquilibriumK, nadirPlateViewFactor, sphereEquilibriumK, sphereToEarthViewFactor, absorbedHeatW } from "./thermal-environment.js";
import { radiatorAreaM2, radiatorEquilibriumK, radiatorRejectionWM2 } from "./radiator.js";
import { orbitalPeriodS } from "./orbit.js";

describe("solar power", () => {
  it.each([
    [1, 1361],
    [1.0167, 1316],
    [0.9833, 1407],
  ])("gives the solar flux at %s AU (physics-cases 11, ECSS-E-ST-10-04C)", (au, flux) => {
    expect(Math.abs(solarFluxWM2(au) - flux)).toBeLessThan(1.5);
  });

  it("gives 28.30 kW for the Suncatcher / Starlink-v2-mini proxy array (physics-cases 17)", () => {
    const p = arrayPowerW({ areaM2: 105, efficiency: 0.22, packingFactor: 0.9, degradationPerYear: 0.005 }, { fluxWM2: SOLAR_CONSTANT_W_M2, incidenceCos: 1, sunlitFraction: 1, ageYears: 0 });
    expect(Math.abs(p / 1000 - 28.3)).toBeLessThan(0.05);
  });

  it("loses power with age, incidence and shadow", () => {
    const array = { areaM2: 10, efficiency: 0.3, packingFactor: 0.9, degradationPerYear: 0.02 };
    const full = arrayPowerW(array, { fluxWM2: 1361, incidenceCos: 1, sunlitFraction: 1, ageYears: 0 });
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: 1, sunlitFraction: 1, ageYears: 5 })).toBeCloseTo(full * 0.98 ** 5, 6);
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: arrayIncidenceCosine("single-axis", 60), sunlitFraction: 1, ageYears: 0 })).toBeCloseTo(full / 2, 6);
    expect(arrayPowerW(array, { fluxWM2: 1361, incidenceCos: 1, sunlitFraction: 0, ageYears: 0 })).toBe(0);
  });

  it("sheds the lowest-priority loads first", () => {
    const { on, servedW } = shedLoads([{ priority: 1, powerW: 500 }, { priority: 10, powerW: 200 }, { priority: 5, powerW: 400 }], 650);
    expect(on).toEqual([false, true, true]);
    expect(servedW).toBe(600);
  });
});

describe("battery", () => {
  const spec: BatterySpec = { capacityWh: 10_000, chargeEfficiency: 0.95, dischargeEfficiency: 0.95, maxDepthOfDischarge: 0.4, cycleLifeAtRefDod: 30_000, refDepthOfDischarge: 0.3 };

  it("discharges in eclipse by the load over the efficiency and recharges in sunlight", () => {
    const state: BatteryState = { energyWh: 10_000, healthFraction: 1, equivalentCycles: 0 };
    stepBattery(spec, state, -2000, 1800);
    expect(state.energyWh).toBeCloseTo(10_000 - 1000 / 0.95, 6);
    stepBattery(spec, state, 4000, 900);
    expect(state.energyWh).toBeCloseTo(Math.min(10_000, 10_000 - 1000 / 0.95 + 1000 * 0.95), 6);
  });

  it("never goes below its depth-of-discharge floor and reports the shortfall", () => {
    const state: BatteryState = { energyWh: 6500, healthFraction: 1, equivalentCycles: 0 };
    const step = stepBattery(spec, state, -5000, 3600);
    expect(state.energyWh).toBeCloseTo(6000, 6);
    expect(step.shortfallW).toBeCloseTo(5000 - 500 * 0.95, 6);
    expect(stateOfCharge(spec, state)).toBeCloseTo(0.6, 5);
  });

  it("counts about 5382 cycles a year at 650 km and the depth of one eclipse (physics-cases 18)", () => {
    expect(Math.abs(cyclesPerYear(97.73 * 60) - 5382)).toBeLessThan(1);
    expect(Math.abs(cyclesPerYear(orbitalPeriodS(650)) - 5382)).toBeLessThan(5);
    expect(eclipseDepthOfDischarge(3000, 2100, 10_000)).toBeCloseTo(0.175, 9);
  });

  it("loses capacity with cycling, faster at deeper discharge", () => {
    const shallow: BatteryState = { energyWh: 10_000, healthFraction: 1, equivalentCycles: 0 };
    const deep: BatteryState = { energyWh: 10_000, healthFraction: 1, equivalentCycles: 0 };
    for (let k = 0; k < 1000; k++) {
      stepBattery(spec, shallow, -2000, 1800);
      stepBattery(spec, shallow, 10_000, 3600);
      stepBattery(spec, deep, -7000, 1800);
      stepBattery(spec, deep, 10_000, 3600);
    }
    expect(shallow.healthFraction).toBeLessThan(1);
    expect(deep.healthFraction).toBeLessThan(shallow.healthFraction);
  });
});

describe("thermal environment and radiators", () => {
  it("gives Earth IR 238.2 W/m^2 for albedo 0.30 (physics-cases 12)", () => {
    expect(earthIrWM2(0.3)).toBeCloseTo(238.175, 3);
  });

  it.each([
    [293.15, 0.92, 1, 385.26],
    [293.15, 0.92, 2, 770.53],
    [300, 1, 1, 459.3],
  ] as const)("rejects the ideal radiator flux at %s K, eps %s, %s faces (physics-cases 13)", (t, eps, faces, flux) => {
    expect(Math.abs(radiatorRejectionWM2(t, eps, faces) - flux)).toBeLessThan(0.05);
  });

  it.each([
    [1, 1, 2, 330.98],
    [1, 1, 1, 393.61],
    [0.09, 0.92, 2, 185.1],
  ] as const)("gives a Sun-facing plate (alpha %s, eps %s, %s faces) its equilibrium (physics-cases 14)", (a, e, faces, t) => {
    expect(Math.abs(flatPlateEquilibriumK(a, e, faces) - t)).toBeLessThan(0.05);
  });

  it("gives a black sphere 278.32 K (physics-cases 14, Martinez m13_p65)", () => {
    expect(Math.abs(sphereEquilibriumK(1, 1) - 278.32)).toBeLessThan(0.05);
  });

  it("gives the view factors of physics-cases 15", () => {
    expect(sphereToEarthViewFactor(6370, 42100)).toBeCloseTo(0.0058, 4);
    expect(Math.abs(sphereToEarthViewFactor(6378.137, 6378.137 + 650) - 0.29)).toBeLessThan(0.001);
    expect(Math.abs(nadirPlateViewFactor(6378.137, 6378.137 + 650) - 0.8236)).toBeLessThan(0.0005);
  });

  it("sizes flown radiators inside the 0.1-0.2 kW/m^2 band of real hardware (physics-cases 16)", () => {
    const areaM2 = 20 * 1.2 * 5.6;
    const perM2 = 12_000 / areaM2;
    expect(perM2).toBeGreaterThan(80);
    expect(perM2).toBeLessThan(200);
    // A one-sided radiator at 275 K with eps 0.9 absorbing 150 W/m^2 of Earth IR and albedo:
    const net = radiatorRejectionWM2(275, 0.9, 1, 150);
    expect(net).toBeGreaterThan(100);
    expect(net).toBeLessThan(300);
    expect(radiatorAreaM2(12_000, 275, 0.9, 1, 150)).toBeCloseTo(12_000 / radiatorRejectionWM2(275, 0.9, 1, 150, DEEP_SPACE_K), 6);
    const sizedM2 = radiatorAreaM2(10_000, 320, 0.9, 2);
    expect(radiatorEquilibriumK(10_000, sizedM2, 0.9, 2)).toBeCloseTo(320, 9);
  });

  it("absorbs direct sunlight, albedo and Earth IR on a nadir plate", () => {
    const q = absorbedHeatW({ areaM2: 1, absorptance: 0.2, emissivity: 0.9, sunCos: 0, earthViewFactor: 0.8236, sunlitFraction: 1, albedoFactor: 1 });
    expect(q).toBeCloseTo(0.2 * 1361 * 0.3 * 0.8236 + 0.9 * 238.175 * 0.8236, 3);
  });
});

describe("lumped-node thermal network", () => {
  const net = () =>
    createThermalNetwork(
      [
        { name: "compute", heatCapacityJK: 20_000, radiatingAreaM2: 0, emissivity: 0 },
        { name: "radiator", heatCapacityJK: 60_000, radiatingAreaM2: 20, emissivity: 0.9 },
        { name: "bus", heatCapacityJK: 100_000, radiatingAreaM2: 4, emissivity: 0.8 },
      ],
      [
        { a: "compute", b: "radiator", conductanceWK: 150 },
        { a: "bus", b: "radiator", conductanceWK: 20 },
      ],
    );

  it("conserves energy every step: stored change = input - radiated", () => {
    const n = net();
    const temps = new Float64Array([300, 290, 295]);
    const heat = new Float64Array([8000, 500, 300]);
    for (const dtS of [1, 10, 60, 600]) {
      const before = temps.reduce((sum, t, i) => sum + n.heatCapacityJK[i]! * t, 0);
      const { radiatedJ } = stepThermal(n, temps, heat, dtS);
      const after = temps.reduce((sum, t, i) => sum + n.heatCapacityJK[i]! * t, 0);
      const inputJ = heat.reduce((a, b) => a + b, 0) * dtS;
      expect(Math.abs(after - before - (inputJ - radiatedJ)) / inputJ).toBeLessThan(1e-9);
    }
  });

  it("stays stable at a coarse 1 h step and approaches the steady state", () => {
    const n = net();
    const heat = new Float64Array([8000, 0, 300]);
    const steady = steadyStateTempsK(n, heat);
    const radiated = STEFAN_BOLTZMANN * (0.9 * 20 * (steady[1]! ** 4 - DEEP_SPACE_K ** 4) + 0.8 * 4 * (steady[2]! ** 4 - DEEP_SPACE_K ** 4));
    expect(radiated).toBeCloseTo(8300, 3);
    const temps = new Float64Array([300, 300, 300]);
    for (let k = 0; k < 48; k++) stepThermal(n, temps, heat, 3600);
    temps.forEach((t, i) => expect(Math.abs(t - steady[i]!)).toBeLessThan(0.01));
    expect(steady[0]!).toBeGreaterThan(steady[1]!);
  });

  it("cools the compute node when its power drops", () => {
    const n = net();
    const temps = new Float64Array([330, 320, 300]);
    stepThermal(n, temps, new Float64Array([0, 0, 0]), 600);
    expect(temps[0]!).toBeLessThan(330);
  });
});
