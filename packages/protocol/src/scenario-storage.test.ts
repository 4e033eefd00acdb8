import { describe, expect, it } from "vitest";
import { InvalidScenarioError } from "./errors.js";
import { parseScenario, scenarioToFile, validateScenario } from "./scenario.js";
import { DEFAULT_STORAGE, checkpointsMaxBytes, clustersMaxBytes } from "./scenario-storage.js";

const scenario = (extra: string) => `
name: demo
epoch: 2026-05-13T00:00:00Z
dt: 1s
seed: 7
${extra}
constellations:
  - { kind: walker, name: shell-a, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

describe("the storage: section", () => {
  it("fills in the defaults and takes the scenario's limits, surviving the round trip through a file", () => {
    expect(parseScenario(scenario("duration: 6h")).storage).toEqual(DEFAULT_STORAGE);
    const s = parseScenario(scenario("duration: 6h\nstorage: { stateMaxAge: 30d, operationsMaxBytes: 1048576, checkpointsMaxBytes: 2147483648 }"));
    expect(s.storage).toMatchObject({ stateMaxAgeMs: 30 * 86_400_000, operationsMaxBytes: 1_048_576, checkpointsMaxBytes: 2 ** 31 });
    expect(validateScenario(scenarioToFile(s)).storage).toEqual(s.storage);
  });

  it("sizes the checkpoint and cluster buckets from the fleet unless the scenario says", () => {
    expect(checkpointsMaxBytes(DEFAULT_STORAGE, 1000, 3)).toBe(128 * 2 ** 20);
    expect(checkpointsMaxBytes(DEFAULT_STORAGE, 1_000_000, 3)).toBe(5 * 1_000_000 * 2048);
    expect(clustersMaxBytes(DEFAULT_STORAGE, 100 * 2 ** 20)).toBe(200 * 2 ** 20);
    expect(clustersMaxBytes({ ...DEFAULT_STORAGE, clustersMaxBytes: 65_536 }, 1e9)).toBe(65_536);
  });

  it("refuses a paced run longer than its state is kept, and limits below 64 KiB", () => {
    const refused = (text: string) => {
      try {
        parseScenario(text);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidScenarioError);
        return (err as InvalidScenarioError).problems.join("\n");
      }
      throw new Error("accepted");
    };
    expect(refused(scenario("duration: 1y\nspeed: 1"))).toMatch(
      /\/storage\/stateMaxAge: 90 d is shorter than the run \(365\.3 d of wall time at speed 1\): raise it/,
    );
    expect(parseScenario(scenario("duration: 1y\nspeed: 1\nstorage: { stateMaxAge: 400d }")).storage.stateMaxAgeMs).toBe(400 * 86_400_000);
    expect(refused(scenario("duration: 6h\nstorage: { registryMaxBytes: 100 }"))).toMatch(/\/storage\/registryMaxBytes/);
  });
});
