import { describe, expect, it } from "vitest";
import { acceleratorPowerW, acceleratorThroughputFlops, junctionTempK, maxClockForJunction, type AcceleratorSpec } from "./compute.js";

// An H100-SXM-class part: 700 W TDP, ~1e15 dense BF16 FLOP/s; junction limit 95 C.
const gpu: AcceleratorSpec = { tdpW: 700, idleW: 80, junctionResistanceKPerW: 0.05, junctionLimitK: 368, peakFlops: 1e15 };

describe("acceleratorPowerW", () => {
  it("draws TDP at full load and idle power at none", () => {
    expect(acceleratorPowerW(gpu, 1, 1)).toBe(700);
    expect(acceleratorPowerW(gpu, 0, 1)).toBe(80);
    expect(acceleratorPowerW(gpu, 0, 0)).toBe(80);
  });

  it("scales the dynamic part as u c^2.5 along the DVFS curve", () => {
    expect(acceleratorPowerW(gpu, 0.5, 1)).toBeCloseTo(80 + 620 * 0.5, 9);
    expect(acceleratorPowerW(gpu, 1, 0.8)).toBeCloseTo(80 + 620 * 0.8 ** 2.5, 9);
    // Throttling to 80 % clock costs 20 % throughput but saves 43 % of the dynamic power.
    expect(1 - 0.8 ** 2.5).toBeCloseTo(0.4276, 4);
  });

  it("clamps utilisation and clock to [0, 1]", () => {
    expect(acceleratorPowerW(gpu, 2, 1.5)).toBe(700);
    expect(acceleratorPowerW(gpu, -1, 1)).toBe(80);
  });
});

describe("acceleratorThroughputFlops", () => {
  it("is proportional to utilisation and clock", () => {
    expect(acceleratorThroughputFlops(gpu, 0.5, 0.8)).toBeCloseTo(4e14, 3);
    expect(acceleratorThroughputFlops(gpu, 1, 1)).toBe(1e15);
  });
});

describe("junction limits", () => {
  it("puts the junction above the node by R_jc P", () => {
    expect(junctionTempK(gpu, 330, 700)).toBeCloseTo(365, 9);
  });

  it("throttles to the clock that puts the junction exactly at its limit, and stops when idle is too hot", () => {
    const nodeK = 345;
    expect(junctionTempK(gpu, nodeK, 700)).toBeGreaterThan(368);
    const clock = maxClockForJunction(gpu, nodeK, 1);
    expect(clock).toBeGreaterThan(0.5);
    expect(clock).toBeLessThan(1);
    expect(junctionTempK(gpu, nodeK, acceleratorPowerW(gpu, 1, clock))).toBeCloseTo(368, 6);
    expect(maxClockForJunction(gpu, 300, 1)).toBe(1);
    expect(maxClockForJunction(gpu, 366, 1)).toBe(0);
    expect(maxClockForJunction(gpu, 345, 1, 5)).toBeLessThan(clock);
  });
});
