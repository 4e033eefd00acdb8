import { describe, expect, it } from "vitest";
import { busPresets } from "@orbitwin/physics";
import { JUNCTION_TOLERANCE_K, SuspectSensor, expectedJunctionK, rebuiltJunctionK, suspectNames, suspectSensors, type JunctionModel } from "./sensor-check.js";

const preset = busPresets["starlink-v2-mini-gpu"]!;
const model: JunctionModel = { junctionResistanceKPerW: preset.accelerator.junctionResistanceKPerW, busLoadW: preset.busLoadW };
const active = preset.acceleratorsActive;
/** A satellite at full load: what the bus draws and the junction that follows from it. */
const consumedW = preset.busLoadW + active * 600;
const computeK = 320;
const junctionK = expectedJunctionK(model, computeK, consumedW, active);
const healthy = { junctionK, tempComputeK: computeK, consumedW, acceleratorsActive: active, batterySoc: 0.8 };
type Readings = typeof healthy;
const check = (m: JunctionModel | undefined, r: Readings, previous: number, lastComputeK: number) =>
  suspectSensors(m, r.junctionK, r.tempComputeK, r.consumedW, r.acceleratorsActive, r.batterySoc, previous, lastComputeK);
const suspectOf = (r: Readings, previous = 0, lastComputeK = computeK) => check(model, r, previous, lastComputeK);

describe("sensor check", () => {
  it("rebuilds the junction from the compute node and the power draw, as the satellite does", () => {
    expect(junctionK).toBeCloseTo(computeK + model.junctionResistanceKPerW * 600, 9);
    expect(expectedJunctionK(model, computeK, preset.busLoadW / 2, active), "no negative chip power").toBe(computeK);
    expect(expectedJunctionK(model, computeK, consumedW, 0)).toBe(computeK);
  });

  it("trusts readings that agree within the tolerance (float32 telemetry included)", () => {
    expect(suspectOf({ ...healthy, junctionK: Math.fround(junctionK + JUNCTION_TOLERANCE_K * 0.9) })).toBe(0);
  });

  it("blames the junction sensor when the compute node did not step, and rebuilds the junction from physics", () => {
    const bad = { ...healthy, junctionK: junctionK + 60 };
    expect(suspectNames(suspectOf(bad, 0, computeK - 0.3))).toEqual(["junctionK"]);
    expect(rebuiltJunctionK(model, bad.junctionK, computeK, consumedW, active)).toBeCloseTo(junctionK, 9);
  });

  it("blames the compute sensor when it stepped by about the disagreement", () => {
    expect(suspectNames(suspectOf({ ...healthy, tempComputeK: computeK + 60 }))).toEqual(["tempComputeK"]);
  });

  it("keeps the isolation made at the onset while the readings disagree", () => {
    // A tick later the bad compute reading no longer steps; it is still the one set aside.
    expect(suspectOf({ ...healthy, tempComputeK: computeK + 60 }, SuspectSensor.compute)).toBe(SuspectSensor.compute);
    expect(suspectOf(healthy, SuspectSensor.compute), "readings that agree again clear it").toBe(0);
  });

  it("sets aside a battery charge outside [0, 1], with or without a junction model", () => {
    expect(suspectOf({ ...healthy, batterySoc: -1.2 })).toBe(SuspectSensor.battery);
    expect(check(undefined, { ...healthy, batterySoc: 1.5 }, 0, computeK)).toBe(SuspectSensor.battery);
    expect(check(undefined, { ...healthy, junctionK: junctionK + 60 }, 0, computeK), "no model, no junction check").toBe(0);
    expect(rebuiltJunctionK(undefined, junctionK, computeK, consumedW, active)).toBeNaN();
  });

  it("does not judge what it cannot read", () => {
    expect(suspectOf({ ...healthy, tempComputeK: Number.NaN, junctionK: junctionK + 60 })).toBe(0);
    expect(rebuiltJunctionK(model, junctionK, Number.NaN, consumedW, active)).toBeNaN();
    expect(rebuiltJunctionK(model, Number.NaN, computeK, consumedW, active)).toBeNaN();
  });
});
