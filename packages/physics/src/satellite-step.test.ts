import { describe, expect, it } from "vitest";
import { busPresets } from "./presets.js";
import { doseRateRadPerS } from "./radiation.js";
import { counterUniform } from "./rng.js";
import { createSatelliteState, stepSatellites, type OrbitInputs, type SatelliteBusSpec, type SatelliteState } from "./satellite-step.js";

const spec = busPresets["starlink-v2-mini-gpu"]!;

function orbitInputs(n: number, sunlit: number): OrbitInputs {
  return {
    sunlitFraction: new Float64Array(n).fill(sunlit),
    latDeg: new Float64Array(n),
    lonDeg: new Float64Array(n).fill(160),
    altKm: new Float64Array(n).fill(550),
    status: new Uint8Array(n),
  };
}

describe("stepSatellites", () => {
  it("drains the battery in shadow by the load over the discharge efficiency, and refills it in sunlight", () => {
    const s = createSatelliteState(spec, 1);
    const loadW = spec.busLoadW + 16 * spec.accelerator.tdpW * spec.utilization + 16 * spec.accelerator.idleW * (1 - spec.utilization);
    stepSatellites(spec, s, orbitInputs(1, 0), 60, 0, { seed: 1, tick: 0, firstEntity: 0 });
    expect(spec.battery.capacityWh - s.batteryWh[0]!).toBeCloseTo(loadW / 60 / spec.battery.dischargeEfficiency, 6);
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
    for (let t = 0; t < 2000; t++)
      stepSatellites({ ...spec, hardFailure: { tidScaleRad: 1e9, tidShape: 1, fit: 2e7 } }, s, orbitInputs(20, 1), 3600, 0, {
        seed: 3,
        tick: t,
        firstEntity: 0,
      });
    for (let i = 0; i < 20; i++) {
      expect(s.acceleratorsActive[i]! + s.acceleratorsFailed[i]!).toBe(16 + 2 - s.sparesLeft[i]!);
      if (s.acceleratorsActive[i]! < 16) expect(s.sparesLeft[i]).toBe(0);
    }
    expect(Array.from(s.acceleratorsFailed).some((f) => f > 2)).toBe(true);
  });

  it("steps a cluster exactly as its satellites stepped one by one, failures and upsets included", () => {
    // A radiation-soft variant (failures and upsets every few ticks) next to the preset (rare ones).
    const soft: SatelliteBusSpec = {
      ...spec,
      hardFailure: { tidScaleRad: 30, tidShape: 3, fit: 5e6 },
      singleEvents: { ...spec.singleEvents, sdcPerDay: 2e4 },
      overTempHazardPerK: 0.01,
    };
    for (const bus of [spec, soft]) {
      const n = 24;
      const whole = createSatelliteState(bus, n);
      const alone = Array.from({ length: n }, () => createSatelliteState(bus, 1));
      for (let i = 0; i < n; i++) {
        // Throttled, damaged, irradiated and overheated satellites among nominal ones.
        const set = (s: SatelliteState, slot: number) => {
          s.clockCommand[slot] = i % 5 === 1 ? 0.6 : 1;
          s.dutyCycle[slot] = i % 7 === 2 ? 0.5 : 1;
          s.radiatorFactor[slot] = i % 6 === 3 ? 0.2 : 1;
          s.doseFactor[slot] = i % 4 === 0 ? 100 : 1;
          s.batteryWh[slot] = bus.battery.capacityWh * (i % 3 === 0 ? 0.22 : 0.9);
        };
        set(whole, i);
        set(alone[i]!, 0);
      }
      const frame = (tick: number, i: number) => ({
        sunlit: i % 3 === 0 ? 0 : 1,
        latDeg: -60 + 120 * counterUniform(5, i, tick, 1),
        lonDeg: -180 + 360 * counterUniform(5, i, tick, 2),
        altKm: 500 + 700 * counterUniform(5, i, tick, 3),
      });
      for (let tick = 0; tick < 150; tick++) {
        const all = orbitInputs(n, 0);
        for (let i = 0; i < n; i++) {
          const f = frame(tick, i);
          all.sunlitFraction[i] = f.sunlit;
          all.latDeg[i] = f.latDeg;
          all.lonDeg[i] = f.lonDeg;
          all.altKm[i] = f.altKm;
          const one = orbitInputs(1, f.sunlit);
          one.latDeg[0] = f.latDeg;
          one.lonDeg[0] = f.lonDeg;
          one.altKm[0] = f.altKm;
          stepSatellites(bus, alone[i]!, one, 60, 1, { seed: 9, tick, firstEntity: 40 + i });
        }
        stepSatellites(bus, whole, all, 60, 1, { seed: 9, tick, firstEntity: 40 });
      }
      for (const [field, column] of Object.entries(whole)) {
        if (!ArrayBuffer.isView(column)) continue;
        const joined = alone.map((s) => (s as unknown as Record<string, Float64Array>)[field]![0]);
        expect(Array.from(column as Float64Array), field).toEqual(joined);
      }
      if (bus === soft) {
        expect(Array.from(whole.acceleratorsFailed).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        expect(Array.from(whole.sdcCount).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
    }
  });

  it("fails chips at the rate of the random-failure hazard", () => {
    // 1e6 FIT = 1e-3 failures per chip-hour; hourly steps, no spares, nothing else wears them.
    const bus: SatelliteBusSpec = { ...spec, acceleratorSpares: 0, hardFailure: { tidScaleRad: 1e12, tidShape: 4, fit: 1e6 }, overTempHazardPerK: 0 };
    const n = 400;
    const ticks = 100;
    const s = createSatelliteState(bus, n);
    for (let t = 0; t < ticks; t++) stepSatellites(bus, s, orbitInputs(n, 1), 3600, 0, { seed: 21, tick: t, firstEntity: 0 });
    const chips = n * bus.acceleratorsActive;
    const expected = chips * (1 - Math.exp(-1e-3 * ticks));
    const failed = Array.from(s.acceleratorsFailed).reduce((a, b) => a + b, 0);
    // Binomial standard deviation ~23: 5 sigma.
    expect(Math.abs(failed - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });

  it("wears chips out along the Weibull dose curve: 63 % gone at the scale dose", () => {
    const lat = 0;
    const lon = 160;
    const alt = 550;
    const ratePerS = doseRateRadPerS({ latDeg: lat, lonDeg: lon, altKm: alt, shieldingMmAl: spec.shieldingMmAl });
    const ticks = 400;
    const dtS = 600;
    // The scale dose is what the satellites take in `ticks` steps: F(D63) = 1 - 1/e.
    const bus: SatelliteBusSpec = {
      ...spec,
      acceleratorSpares: 0,
      hardFailure: { tidScaleRad: ratePerS * dtS * ticks, tidShape: 4, fit: 0 },
      overTempHazardPerK: 0,
    };
    const n = 300;
    const s = createSatelliteState(bus, n);
    const orbit = orbitInputs(n, 1);
    orbit.latDeg.fill(lat);
    orbit.lonDeg.fill(lon);
    orbit.altKm.fill(alt);
    for (let t = 0; t < ticks; t++) stepSatellites(bus, s, orbit, dtS, 0, { seed: 4, tick: t, firstEntity: 0 });
    const chips = n * bus.acceleratorsActive;
    const failed = Array.from(s.acceleratorsFailed).reduce((a, b) => a + b, 0);
    const expected = chips * (1 - Math.exp(-1));
    // Binomial standard deviation ~33: 5 sigma.
    expect(Math.abs(failed - expected)).toBeLessThan(5 * Math.sqrt(chips * 0.632 * 0.368));
  });

  it("counts silent data corruptions at the Poisson rate of the dose", () => {
    const ratePerS = doseRateRadPerS({ latDeg: 0, lonDeg: 160, altKm: 550, shieldingMmAl: spec.shieldingMmAl });
    const dtS = 60;
    // Upsets per chip per step: 0.002, 16 chips, 500 satellites, 100 steps: 1,600 expected.
    const sdcPerDay = 0.002 / (ratePerS * 86_400 * (dtS / 86_400));
    const bus: SatelliteBusSpec = {
      ...spec,
      singleEvents: { ...spec.singleEvents, sdcPerDay: sdcPerDay * spec.singleEvents.referenceRadPerDay },
      hardFailure: { tidScaleRad: 1e12, tidShape: 4, fit: 0 },
      overTempHazardPerK: 0,
    };
    const n = 500;
    const s = createSatelliteState(bus, n);
    for (let t = 0; t < 100; t++) stepSatellites(bus, s, orbitInputs(n, 1), dtS, 0, { seed: 8, tick: t, firstEntity: 0 });
    const expected = 0.002 * bus.acceleratorsActive * n * 100;
    const upsets = Array.from(s.sdcCount).reduce((a, b) => a + b, 0);
    expect(Math.abs(upsets - expected)).toBeLessThan(5 * Math.sqrt(expected));
  });
});
