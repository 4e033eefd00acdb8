import { describe, expect, it } from "vitest";
import { busPresets } from "@orbitwin/physics";
import { JUNCTION_TOLERANCE_K, SuspectSensor, checkSensors, expectedJunctionK, suspectNames, type JunctionModel } from "./sensor-check.js";

const preset = busPresets["starlink-v2-mini-gpu"]!;
const model: JunctionModel = { junctionResistanceKPerW: preset.accelerator.junctionResistanceKPerW, busLoadW: preset.busLoadW };
const active = preset.acceleratorsActive;
/** A satellite at full load: what the bus draws and the junction that follows from it. */
const consumedW = preset.busLoadW + active * 600;
const computeK = 320;
const junctionK = expectedJunctionK(model, computeK, consumedW, active);
const healthy = { junctionK, tempComputeK: computeK, consumedW, acceleratorsActive: active, batterySoc: 0.8 };

describe("sensor check", () => {
  it("rebuilds the junction from the compute node and the power draw, as the satellite does", () => {
    expect(junctionK).toBeCloseTo(computeK + model.junctionResistanceKPerW * 600, 9);
    expect(expectedJunctionK(model, computeK, preset.busLoadW / 2, active), "no negative chip power").toBe(computeK);
    expect(expectedJunctionK(model, computeK, consumedW, 0)).toBe(computeK);
  });

  it("trusts readings that agree within the tolerance (float32 telemetry included)", () => {
    const v = checkSensors(model, { ...healthy, junctionK: Math.fround(junctionK + JUNCTION_TOLERANCE_K * 0.9) }, 0, computeK);
    expect(v.suspect).toBe(0);
    expect(v.junctionK).toBe(Math.fround(junctionK + JUNCTION_TOLERANCE_K * 0.9));
  });

  it("blames the junction sensor when the compute node did not step, and controls on the junction physics implies", () => {
    const v = checkSensors(model, { ...healthy, junctionK: junctionK + 60 }, 0, computeK - 0.3);
    expect(suspectNames(v.suspect)).toEqual(["junctionK"]);
    expect(v.junctionK).toBeCloseTo(junctionK, 9);
  });

  it("blames the compute sensor when it stepped by about the disagreement, and keeps the junction reading", () => {
    const v = checkSensors(model, { ...healthy, tempComputeK: computeK + 60 }, 0, computeK);
    expect(suspectNames(v.suspect)).toEqual(["tempComputeK"]);
    expect(v.junctionK).toBe(junctionK);
  });

  it("keeps the isolation made at the onset while the readings disagree", () => {
    // A tick later the bad compute reading no longer steps; it is still the one set aside.
    const v = checkSensors(model, { ...healthy, tempComputeK: computeK + 60 }, SuspectSensor.compute, computeK);
    expect(v.suspect).toBe(SuspectSensor.compute);
  });

  it("sets aside a battery charge outside [0, 1], with or without a junction model", () => {
    expect(checkSensors(model, { ...healthy, batterySoc: -1.2 }, 0, computeK).suspect).toBe(SuspectSensor.battery);
    expect(checkSensors(undefined, { ...healthy, batterySoc: 1.5 }, 0, computeK).suspect).toBe(SuspectSensor.battery);
    expect(checkSensors(undefined, { ...healthy, junctionK: junctionK + 60 }, 0, computeK), "no model, no junction check").toMatchObject({
      suspect: 0,
      junctionK: junctionK + 60,
    });
  });

  it("does not judge what it cannot read", () => {
    expect(checkSensors(model, { ...healthy, tempComputeK: Number.NaN }, 0, computeK)).toMatchObject({ suspect: 0, junctionK });
  });

  it("writes its verdict into the object it is given, keeping nothing of the satellite before", () => {
    const into = { suspect: 0, junctionK: 0, expectedJunctionK: 0 };
    expect(checkSensors(model, { ...healthy, junctionK: junctionK + 60 }, 0, computeK, into)).toBe(into);
    expect(into.suspect).toBe(SuspectSensor.junction);
    checkSensors(undefined, healthy, 0, computeK, into);
    expect(into).toEqual({ suspect: 0, junctionK, expectedJunctionK: Number.NaN });
  });
});
