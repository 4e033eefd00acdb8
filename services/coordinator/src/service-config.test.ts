import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ServiceConfigError } from "@orbitwin/runtime";
import { resolveCoordinatorServiceConfig } from "./service-config.js";

describe("the coordinator's front door", () => {
  it("reads the same settings from flags and from their environment variables", () => {
    const byFlags = resolveCoordinatorServiceConfig(
      {},
      {
        scenario: "scenarios/demo.yaml",
        run: "r1",
        speed: "max",
        until: "2h",
        "min-hosts": "3",
        require: "thermal,scheduler",
        standby: true,
        "sample-every": "5",
      },
    );
    const byEnv = resolveCoordinatorServiceConfig(
      {
        ORBITWIN_SCENARIO: "scenarios/demo.yaml",
        ORBITWIN_RUN: "r1",
        ORBITWIN_SPEED: "max",
        ORBITWIN_UNTIL: "2h",
        ORBITWIN_MIN_HOSTS: "3",
        ORBITWIN_REQUIRE: "thermal,scheduler",
        ORBITWIN_STANDBY: "1",
      },
      { "sample-every": "5" },
    );
    expect(byEnv).toEqual(byFlags);
    expect(byFlags).toMatchObject({
      scenarioPath: resolve("scenarios/demo.yaml"),
      speed: null,
      durationMs: 7_200_000,
      minHosts: 3,
      requiredParticipants: ["thermal", "scheduler"],
      standby: true,
      history: { sampleEveryTicks: 5 },
    });
  });

  it("puts a flag before its variable, and takes the scenario's own settings when neither is given", () => {
    expect(resolveCoordinatorServiceConfig({ ORBITWIN_SPEED: "10" }, { scenario: "s.yaml", speed: "2" }).speed).toBe(2);
    const plain = resolveCoordinatorServiceConfig({}, { scenario: "s.yaml" });
    expect(["speed", "durationMs", "minHosts", "requiredParticipants", "standby", "resume", "history"].filter((k) => k in plain)).toEqual([]);
    expect(resolveCoordinatorServiceConfig({}, { scenario: "s.yaml", until: "forever" }).durationMs).toBeNull();
  });

  it("refuses what it cannot run, naming the flag or variable", () => {
    expect(() => resolveCoordinatorServiceConfig({}, {})).toThrow(/needs a scenario: --scenario FILE or ORBITWIN_SCENARIO/);
    expect(() => resolveCoordinatorServiceConfig({ ORBITWIN_SPEED: "fast" }, { scenario: "s.yaml" })).toThrow(
      /ORBITWIN_SPEED fast: give "max" or a number above 0/,
    );
    expect(() => resolveCoordinatorServiceConfig({}, { scenario: "s.yaml", "min-hosts": "0" })).toThrow(ServiceConfigError);
    expect(() => resolveCoordinatorServiceConfig({}, { scenario: "s.yaml", require: "Thermal" })).toThrow(ServiceConfigError);
    expect(() => resolveCoordinatorServiceConfig({}, { scenario: "s.yaml", until: "9".repeat(400) })).toThrow(/--until 9+: give a duration/);
  });
});
