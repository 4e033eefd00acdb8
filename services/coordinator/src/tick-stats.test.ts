import { describe, expect, it } from "vitest";
import { TickStats } from "./tick-stats.js";

describe("TickStats", () => {
  it("reports lag percentiles over the recorded ticks", () => {
    const s = new TickStats(1000);
    for (let i = 1; i <= 100; i++) s.record(i, i * 1000, i * 1000);
    expect(s.lagPercentileMs(50)).toBe(50);
    expect(s.lagPercentileMs(99)).toBe(99);
  });

  it("keeps only the most recent lags", () => {
    const s = new TickStats(10);
    for (let i = 1; i <= 100; i++) s.record(i, i, i);
    expect(s.lagPercentileMs(0.1)).toBe(91);
  });

  it("measures achieved speed as simulated over wall time", () => {
    const s = new TickStats();
    for (let i = 0; i < 10; i++) s.record(0, i * 500, i * 1000);
    expect(s.achievedSpeed()).toBeCloseTo(2, 10);
  });
});
