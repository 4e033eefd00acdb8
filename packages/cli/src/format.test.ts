import { describe, expect, it } from "vitest";
import { formatPowerW, formatSubsystems } from "./format.js";

describe("formatPowerW", () => {
  it("picks the unit that keeps a fleet's power short", () => {
    expect(formatPowerW(850)).toBe("850 W");
    expect(formatPowerW(12_500)).toBe("12.5 kW");
    expect(formatPowerW(173_734_599_000)).toBe("174 GW");
    expect(formatPowerW(96_500_000_000)).toBe("96.5 GW");
  });
});

describe("formatSubsystems", () => {
  it("writes a million-satellite fleet's line with units and separators", () => {
    const line = formatSubsystems({
      generatedW: 173_734_599_000,
      consumedW: 96_500_000_000,
      acceleratorsActive: 100_000_000,
      acceleratorsFailed: 1,
      tempComputeMaxK: 297.4,
      byHealth: [990_000, 10_000, 0, 0, 0],
    });
    expect(line).toBe("  power 174 GW made, 96.5 GW used  GPUs 100,000,000 (1 failed)  Tmax 297 K  throttled 10,000 degraded 0 safe 0 dead 0");
  });
});
