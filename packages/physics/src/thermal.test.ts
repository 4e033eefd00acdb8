import { describe, expect, it } from "vitest";
import { createThermalNetwork, stepThermal, steadyStateTempsK, STEFAN_BOLTZMANN, DEEP_SPACE_K } from "./thermal.js";
import { radiatorEquilibriumK } from "./radiator.js";
import { BadModelInputError } from "./errors.js";

const threeNodes = () =>
  createThermalNetwork(
    [
      { name: "compute", heatCapacityJK: 20_000, radiatingAreaM2: 0, emissivity: 0 },
      { name: "radiator", heatCapacityJK: 60_000, radiatingAreaM2: 10, radiatingFaces: 2, emissivity: 0.9 },
      { name: "bus", heatCapacityJK: 100_000, radiatingAreaM2: 4, emissivity: 0.8 },
    ],
    [
      { a: "compute", b: "radiator", conductanceWK: 150 },
      { a: "bus", b: "radiator", conductanceWK: 20 },
    ],
  );

const storedJ = (capacity: Float64Array, temps: Float64Array) => temps.reduce((sum, t, i) => sum + capacity[i]! * t, 0);

describe("stepThermal", () => {
  it("conserves energy every step: stored change = input - radiated, at dt from 1 s to 1 h", () => {
    const n = threeNodes();
    const temps = new Float64Array([300, 290, 295]);
    const heat = new Float64Array([8000, 500, 300]);
    for (const dtS of [1, 10, 60, 600, 3600]) {
      const before = storedJ(n.heatCapacityJK, temps);
      const { radiatedJ } = stepThermal(n, temps, heat, dtS);
      const inputJ = heat.reduce((a, b) => a + b, 0) * dtS;
      expect(Math.abs(storedJ(n.heatCapacityJK, temps) - before - (inputJ - radiatedJ)) / inputJ).toBeLessThan(1e-9);
    }
  });

  it("converges to the analytic radiative cooling T = (T0^-3 + 3 eps sigma A t / C)^(-1/3) at first order in dt", () => {
    const n = createThermalNetwork([{ name: "plate", heatCapacityJK: 5000, radiatingAreaM2: 1, radiatingFaces: 2, emissivity: 0.85 }], []);
    const k = (0.85 * STEFAN_BOLTZMANN * 2) / 5000;
    const exact = (350 ** -3 + 3 * k * 3600) ** (-1 / 3);
    const errorAt = (dtS: number) => {
      const temps = new Float64Array([350]);
      for (let t = 0; t < 3600; t += dtS) stepThermal(n, temps, new Float64Array([0]), dtS, 0);
      return temps[0]! - exact;
    };
    const e10 = errorAt(10);
    const e5 = errorAt(5);
    const e1 = errorAt(1);
    // Backward Euler lags the cooling (too warm) by an error proportional to dt.
    expect(e1).toBeGreaterThan(0);
    expect(Math.abs(e1)).toBeLessThan(0.1);
    expect(e10 / e5).toBeGreaterThan(1.9);
    expect(e10 / e5).toBeLessThan(2.1);
  });

  it("stays stable at a coarse 1 h step and converges to the steady state", () => {
    const n = threeNodes();
    const heat = new Float64Array([8000, 0, 300]);
    const steady = steadyStateTempsK(n, heat);
    const radiated = STEFAN_BOLTZMANN * (0.9 * 20 * (steady[1]! ** 4 - DEEP_SPACE_K ** 4) + 0.8 * 4 * (steady[2]! ** 4 - DEEP_SPACE_K ** 4));
    expect(radiated).toBeCloseTo(8300, 3);
    const temps = new Float64Array([300, 300, 300]);
    for (let k = 0; k < 48; k++) {
      stepThermal(n, temps, heat, 3600);
      temps.forEach((t) => expect(Number.isFinite(t) && t > 0).toBe(true));
    }
    temps.forEach((t, i) => expect(Math.abs(t - steady[i]!)).toBeLessThan(0.01));
    // Heat flows compute -> radiator: compute is hotter by Q / G = 8000 / 150 K.
    expect(steady[0]! - steady[1]!).toBeCloseTo(8000 / 150, 6);
  });

  it("puts a lone radiator node where the radiator equilibrium solver puts it", () => {
    const n = createThermalNetwork([{ name: "radiator", heatCapacityJK: 1e4, radiatingAreaM2: 25, radiatingFaces: 2, emissivity: 0.9 }], []);
    const steady = steadyStateTempsK(n, new Float64Array([12_000]));
    expect(steady[0]!).toBeCloseTo(radiatorEquilibriumK(12_000, 25, 0.9, 2), 6);
  });

  it("cools the compute node when its power drops", () => {
    const n = threeNodes();
    const temps = new Float64Array([330, 320, 300]);
    stepThermal(n, temps, new Float64Array([0, 0, 0]), 600);
    expect(temps[0]!).toBeLessThan(330);
  });
});

describe("createThermalNetwork", () => {
  it("names the node or link that is wrong", () => {
    expect(() => createThermalNetwork([{ name: "a", heatCapacityJK: 0, radiatingAreaM2: 1, emissivity: 0.5 }], [])).toThrow(/node a heatCapacityJK = 0/);
    expect(() => createThermalNetwork([{ name: "a", heatCapacityJK: 1, radiatingAreaM2: 1, emissivity: 0.5 }], [{ a: "a", b: "b", conductanceWK: 1 }])).toThrow(
      BadModelInputError,
    );
    expect(() => createThermalNetwork([{ name: "a", heatCapacityJK: 1, radiatingAreaM2: 1, emissivity: 1.5 }], [])).toThrow(/emissivity = 1\.5/);
  });
});
