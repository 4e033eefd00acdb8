import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ServiceConfigError } from "@orbitwin/runtime";
import { resolveSchedulerServiceConfig } from "./service-config.js";

const jobsDemo = fileURLToPath(new URL("../../../scenarios/jobs-demo.yaml", import.meta.url));

describe("the scheduler's front door", () => {
  it("takes the scenario's seed and scheduler section from --scenario or ORBITWIN_SCENARIO alike", () => {
    const byFlag = resolveSchedulerServiceConfig({}, { scenario: jobsDemo });
    const byEnv = resolveSchedulerServiceConfig({ ORBITWIN_SCENARIO: jobsDemo }, {});
    expect(byEnv).toEqual(byFlag);
    expect(byFlag).toMatchObject({ seed: 20260513, section: { policy: "energy-aware", islGbps: 100 }, policy: undefined, run: "demo" });
  });

  it("runs with seed 0, no arrivals and the default policy without a scenario", () => {
    expect(resolveSchedulerServiceConfig({}, {})).toMatchObject({ seed: 0, section: undefined, policy: undefined });
  });

  it("overrides the policy with --policy over ORBITWIN_POLICY, and refuses an unknown one naming where it came from", () => {
    expect(resolveSchedulerServiceConfig({ ORBITWIN_POLICY: "first-fit" }, {}).policy).toBe("first-fit");
    expect(resolveSchedulerServiceConfig({ ORBITWIN_POLICY: "first-fit" }, { policy: "energy-aware" }).policy).toBe("energy-aware");
    expect(() => resolveSchedulerServiceConfig({ ORBITWIN_POLICY: "random" }, {})).toThrow(ServiceConfigError);
    expect(() => resolveSchedulerServiceConfig({}, { policy: "random" })).toThrow(/--policy random: give first-fit or energy-aware/);
  });

  it("names the scenario file it cannot read", () => {
    expect(() => resolveSchedulerServiceConfig({}, { scenario: "/nonexistent/s.yaml" })).toThrow(/--scenario \/nonexistent\/s\.yaml: cannot read it/);
  });
});
