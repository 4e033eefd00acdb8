import { describe, expect, it } from "vitest";
import { scenarioProblems } from "./testing.js";
import { DEFAULT_HISTORY, parseScenario, parseDurationMs, resolveHistory, scenarioToFile, validateScenario } from "./scenario.js";

const valid = `
name: demo
epoch: 2026-05-13T00:00:00Z
dt: 1s
duration: 6h
seed: 7
constellations:
  - kind: walker
    name: shell-a
    planes: 6
    satsPerPlane: 10
    phasing: 1
    altKm: 550
    inclinationDeg: 53
`;

describe("parseScenario", () => {
  it("resolves times and defaults of a valid scenario", () => {
    const s = parseScenario(valid, "demo.yaml");
    expect(s.epochMs).toBe(Date.UTC(2026, 4, 13));
    expect(s.dtMs).toBe(1000);
    expect(s.durationMs).toBe(6 * 3600 * 1000);
    expect(s.clusterSize).toBe(1000);
    expect(s.speed).toBeNull();
  });

  it("reads the same scenario written as JSON", () => {
    const json = JSON.stringify({ name: "j", epoch: "2026-05-13T00:00:00Z", dt: 10, seed: 1, constellations: [{ kind: "formation", name: "f" }] });
    expect(parseScenario(json).dtMs).toBe(10_000);
  });

  it("names a missing field", () => {
    expect(scenarioProblems(valid.replace("seed: 7\n", ""))).toContain("/seed: Expected required property");
  });

  it("names a field of the wrong type", () => {
    expect(scenarioProblems(valid.replace("planes: 6", "planes: six")).join()).toMatch(/\/constellations\/0\/planes/);
  });

  it("rejects an epoch without a time zone", () => {
    expect(scenarioProblems(valid.replace("2026-05-13T00:00:00Z", "2026-05-13T00:00:00")).join()).toMatch(/\/epoch: .* with a zone/);
  });

  it("rejects Walker phasing not below the plane count", () => {
    expect(scenarioProblems(valid.replace("phasing: 1", "phasing: 6")).join()).toMatch(/phasing: 6 must be below planes \(6\)/);
  });

  it("rejects duplicate constellation names", () => {
    const twice = valid + valid.split("constellations:\n")[1];
    expect(scenarioProblems(twice).join()).toMatch(/used twice/);
  });

  it("reads a scheduler section and names its bad fields", () => {
    const withScheduler = valid.replace(
      "seed: 7\n",
      "seed: 7\nscheduler:\n  policy: first-fit\n  arrivals:\n    - { kind: batch, ratePerHour: 2, accelerators: 8, acceleratorHours: 4 }\n",
    );
    expect(parseScenario(withScheduler).scheduler).toMatchObject({ policy: "first-fit", arrivals: [{ kind: "batch", ratePerHour: 2 }] });
    expect(scenarioProblems(withScheduler.replace("policy: first-fit", "policy: random")).join()).toMatch(/\/scheduler\/policy/);
    expect(scenarioProblems(withScheduler.replace("ratePerHour: 2", "ratePerHour: -1")).join()).toMatch(/\/scheduler\/arrivals\/0\/ratePerHour/);
    expect(scenarioProblems(withScheduler.replace("policy: first-fit", "policy: first-fit\n  energyAware: { minSoc: 2 }")).join()).toMatch(
      /\/scheduler\/energyAware\/minSoc/,
    );
  });

  it("rejects unknown fields so typos do not pass silently", () => {
    expect(scenarioProblems(valid.replace("seed: 7", "seed: 7\nsed: 8")).join()).toMatch(/Unexpected property/);
  });

  it("reports broken YAML with the parser's position", () => {
    expect(scenarioProblems("name: [unclosed").join()).toMatch(/not valid YAML or JSON/);
  });

  it("parses durations with units", () => {
    expect(parseDurationMs("90m", "d")).toBe(5_400_000);
    expect(parseDurationMs("1y", "d")).toBe(365.25 * 86_400_000);
    expect(parseDurationMs(2.5, "d")).toBe(2500);
  });
});

describe("scenario history", () => {
  it("defaults to a week of history with every 10th tick's telemetry", () => {
    expect(parseScenario(valid).history).toEqual(DEFAULT_HISTORY);
    expect(DEFAULT_HISTORY).toMatchObject({ maxAgeMs: 7 * 86_400_000, sampleEveryTicks: 10 });
  });

  it("takes retention from the scenario, and flags over both", () => {
    const scenario = parseScenario(`${valid}history: { maxAge: 2h, sampleEveryTicks: 60, fleetMaxBytes: 1048576 }\n`);
    expect(scenario.history).toMatchObject({
      maxAgeMs: 7_200_000,
      sampleEveryTicks: 60,
      fleetMaxBytes: 1_048_576,
      samplesMaxBytes: DEFAULT_HISTORY.samplesMaxBytes,
    });
    expect(resolveHistory({ maxAge: "2h" }, { sampleEveryTicks: 0 })).toMatchObject({ maxAgeMs: 7_200_000, sampleEveryTicks: 0 });
  });

  it("names a bad history field", () => {
    expect(scenarioProblems(`${valid}history: { sampleEveryTicks: -1, keep: all }\n`)).toEqual([
      "/history/keep: Unexpected property",
      "/history/sampleEveryTicks: Expected integer to be greater or equal to 0",
    ]);
    expect(scenarioProblems(`${valid}history: { maxAge: forever }\n`).join("\n")).toContain("/history/maxAge");
  });
});

describe("scenarioToFile", () => {
  it("gives a file that validates back to the same scenario", () => {
    const scenario = parseScenario(`${valid}bus: { preset: suncatcher-tpu }\nhistory: { maxAge: 2h, sampleEveryTicks: 5 }\nspeed: 3\n`);
    const file = scenarioToFile(scenario);
    expect(file).toMatchObject({ epoch: "2026-05-13T00:00:00.000Z", dt: 1, duration: 21_600, speed: 3, history: { maxAge: 7200, sampleEveryTicks: 5 } });
    expect(validateScenario(file)).toEqual(scenario);
  });
});
