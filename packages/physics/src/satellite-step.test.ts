import { describe, expect, it } from "vitest";
import { busPresets } from "./presets.js";
import { createSatelliteState, stepSatellites, type OrbitInputs } from "./satellite-step.js";

const spec = busPresets["starlink-v2-mini-gpu"]!;

function orbitInputs(n: number, sunlit: number): OrbitInputs {
  return { sunlitFraction: new Float64Array(n).fill(sunlit), latDeg: new Float64Array(n), lonDeg: new Float64Array(n).fill(160), altKm: new Float64Array(n).fill(550), status: new Uint8Array(n) };
}

describe("stepSatellites", () => {
  it("drains the battery in shadow by the load over the discharge efficiency, and refills it in sunlight", () => {
    const s = createSatelliteState(spec, 1);
    const loadW = spec.busLoadW + 16 * spec.accelerator.tdpW * spec.utilization + 16 * spec.accelerator.idleW * (1 - spec.utilization);
    stepSatellites(spec, s, orbitInputs(1, 0), 60, 0, { seed: 1, tick: 0, firstEntity: 0 });
    expect(spec.battery.capacityWh - s.batteryWh[0]!).toBeCloseTo((loadW / 60) / spec.battery.dischargeEfficiency, 6);
    const low = s.batteryWh[0]!;
    stepSatellites(spec, s, orbitInputs(1, 1), 60, 0, { seed: 1, tick: 1, firstEntity: 0 });
    expect(s.batteryWh[0]!).toBeGreaterThan(low);
  });

  it("sheds compute, not the bus, when the battery reaches its floor in shadow", () => {
    const s = createSatelliteState(spec, 1);
    s.batteryWh[0] = spec.battery.capacityWh * (1 - spec.battery.maxDepthOfDischarge) + 10;
    stepSatellites(spec, s, orbitInputs(1, 0), 60, 0, { seed: 1, tick: 0, firstEntity: 0 });
    expect(s.powerShed[0]).toBe(1);
    expect(s.consumedW[0]).toBe(spec.busLoadW);
  });

  it("heats the compute node under load and settles it above the radiator", () => {
    const s = createSatelliteState(spec, 1);
    for (let t = 0; t < 24 * 60; t++) stepSatellites(spec, s, orbitInputs(1, 1), 60, 0, { seed: 1, tick: t, firstEntity: 0 });
    expect(s.tempComputeK[0]!).toBeGreaterThan(s.tempRadiatorK[0]!);
    expect(s.tempComputeK[0]!).toBeGreaterThan(280);
    expect(s.tempComputeK[0]!).toBeLessThan(400);
  });

  it("is reproducible: the same inputs and key give bit-identical state", () => {
    const a = createSatelliteState(spec, 50);
    const b = createSatelliteState(spec, 50);
    for (let t = 0; t < 200; t++) {
      stepSatellites(spec, a, orbitInputs(50, t % 3 === 0 ? 0 : 1), 3600, 2, { seed: 7, tick: t, firstEntity: 100 });
      stepSatellites(spec, b, orbitInputs(50, t % 3 === 0 ? 0 : 1), 3600, 2, { seed: 7, tick: t, firstEntity: 100 });
    }
    expect(Array.from(a.tempComputeK)).toEqual(Array.from(b.tempComputeK));
    expect(Array.from(a.acceleratorsActive)).toEqual(Array.from(b.acceleratorsActive));
  });

  it("uses spares first when accelerators fail, then loses capacity", () => {
    const s = createSatelliteState({ ...spec, hardFailure: { tidScaleRad: 1e9, tidShape: 1, fit: 2e7 } }, 20);
    for (let t = 0; t < 2000; t++) stepSatellites({ ...spec, hardFailure: { tidScaleRad: 1e9, tidShape: 1, fit: 2e7 } }, s, orbitInputs(20, 1), 3600, 0, { seed: 3, tick: t, firstEntity: 0 });
    for (let i = 0; i < 20; i++) {
      expect(s.acceleratorsActive[i]! + s.acceleratorsFailed[i]!).toBe(16 + 2 - s.sparesLeft[i]!);
      if (s.acceleratorsActive[i]! < 16) expect(s.sparesLeft[i]).toBe(0);
    }
    expect(Array.from(s.acceleratorsFailed).some((f) => f > 2)).toBe(true);
  });
});
