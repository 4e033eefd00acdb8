import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioProblems } from "./testing.js";
import { DEFAULT_RUN_LIMITS, MAX_TICK_FAULTS } from "./run-limits.js";
import { parseScenario } from "./scenario.js";

const scenario = (extra: string, walker = "planes: 6, satsPerPlane: 10") => `
name: limits
epoch: 2026-05-13T00:00:00Z
dt: 1s
seed: 7
${extra}
constellations:
  - { kind: walker, name: shell-a, ${walker}, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

describe("a scenario's limits", () => {
  it("fills in the documented defaults and takes the scenario's own", () => {
    expect(parseScenario(scenario(""), "t").limits).toEqual(DEFAULT_RUN_LIMITS);
    expect(parseScenario(scenario("limits: { faultsPerTick: 5, jobsQueued: 20 }"), "t").limits).toEqual({
      ...DEFAULT_RUN_LIMITS,
      faultsPerTick: 5,
      jobsQueued: 20,
    });
  });

  it("refuses limits past what a clock tick carries", () => {
    expect(scenarioProblems(scenario(`limits: { faultsPerTick: ${MAX_TICK_FAULTS + 1} }`)).join()).toContain("/limits/faultsPerTick");
  });

  it("refuses a 400-digit duration, and one past 1000 years, naming the field", () => {
    expect(scenarioProblems(scenario(`duration: ${"9".repeat(400)}s`))).toEqual([expect.stringContaining("/duration")]);
    expect(scenarioProblems(scenario("duration: 1001y"))).toEqual([expect.stringContaining("1000 years")]);
    expect(scenarioProblems(scenario("duration: 1e308")).join()).toContain("/duration");
  });

  it("refuses a 10,000 x 10,000 walker (over 2,000,000 satellites) and takes the million scenario", () => {
    expect(scenarioProblems(scenario("", "planes: 10000, satsPerPlane: 10000")).join()).toContain("over the limit of 2000000 per scenario");
    const million = readFileSync(new URL("../../../scenarios/spacex-odc-1m.yaml", import.meta.url), "utf8");
    expect(() => parseScenario(million, "spacex-odc-1m.yaml")).not.toThrow();
  });
});
