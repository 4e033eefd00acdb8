import { describe, expect, it } from "vitest";
import { forkScenario } from "./scenario-patch.js";

const base = `
name: base
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 2h
seed: 4
clusterSize: 6
bus: { preset: starlink-v2-mini-gpu }
thermal: { junctionMarginK: 10 }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
  - { kind: tle, name: real, file: data/real.tle }
faults:
  - { fault: radiator-damage, sats: [w-p01-s01], fraction: 0.5, at: 10m }
`;
const rebase = (p: string) => (p.startsWith("/") ? p : `/scenarios/${p}`);

describe("a fork's scenario", () => {
  it("lays the patch over the live scenario, keeps the fleet, and times the patch's faults from the fork", () => {
    const patch = `
duration: 4h
thermal: { hysteresisK: 4 }
faults:
  - { fault: satellite-loss, clusters: [w-c000], at: 5m }
`;
    const fork = forkScenario(base, "base.yaml", rebase, patch, "storm.yaml");
    expect(fork.file.duration).toBe("4h");
    expect(fork.file.thermal).toEqual({ junctionMarginK: 10, hysteresisK: 4 });
    expect(fork.file.constellations).toEqual([expect.objectContaining({ name: "w" }), expect.objectContaining({ file: "/scenarios/data/real.tle" })]);
    expect(fork.file.faults).toEqual([expect.objectContaining({ fault: "radiator-damage" })]);
    expect(fork.faults).toEqual([{ fault: "satellite-loss", clusters: ["w-c000"], at: "5m" }]);
  });

  it("is the live scenario itself without a patch", () => {
    expect(forkScenario(base, "base.yaml", rebase, undefined).faults).toEqual([]);
  });

  it("refuses a patch that changes the fleet or names an unknown section, naming each", () => {
    expect(() => forkScenario(base, "base.yaml", rebase, "seed: 9\nconstellations: []\nweather: sunny\n", "bad.yaml")).toThrow(
      /bad\.yaml[\s\S]*\/seed: a fork cannot change it[\s\S]*\/constellations: a fork cannot change it[\s\S]*\/weather: not a section a patch may set/,
    );
  });

  it("refuses a patch whose faults are malformed, naming the entry", () => {
    expect(() => forkScenario(base, "base.yaml", rebase, "faults:\n  - { fault: radiator-damage, sats: [w-p01-s01] }\n", "bad.yaml")).toThrow(/\/faults\/0/);
    expect(() => forkScenario(base, "base.yaml", rebase, "- just a list\n", "list.yaml")).toThrow(/list\.yaml[\s\S]*must be a mapping/);
  });
});
