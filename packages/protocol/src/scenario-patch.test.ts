import { describe, expect, it } from "vitest";
import { forkScenario } from "./scenario-patch.js";
import { validateScenario } from "./scenario.js";

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
const fork = (patchText: string | undefined, fromTick = 14, patchSource = "patch.yaml") =>
  forkScenario({ baseText: base, baseSource: "base.yaml", rebase, ...(patchText === undefined ? {} : { patchText, patchSource }), fromTick });
const endTick = (file: Record<string, unknown>) => {
  const s = validateScenario(file);
  return s.durationMs === null ? null : Math.floor(s.durationMs / s.dtMs);
};

describe("a fork's scenario", () => {
  it("lays the patch over the live scenario, keeps the fleet, and times the patch's faults from the fork", () => {
    const patch = `
duration: 4h
thermal: { hysteresisK: 4 }
faults:
  - { fault: satellite-loss, clusters: [w-c000], at: 5m }
`;
    const forked = fork(patch, 14, "storm.yaml");
    expect(endTick(forked.file)).toBe(14 + 240);
    expect(forked.file.thermal).toEqual({ junctionMarginK: 10, hysteresisK: 4 });
    expect(forked.file.constellations).toEqual([expect.objectContaining({ name: "w" }), expect.objectContaining({ file: "/scenarios/data/real.tle" })]);
    expect(forked.file.faults).toEqual([expect.objectContaining({ fault: "radiator-damage" })]);
    expect(forked.faults).toEqual([{ fault: "satellite-loss", clusters: ["w-c000"], at: "5m" }]);
  });

  it("is the live scenario itself without a patch", () => {
    const same = fork(undefined);
    expect(same.faults).toEqual([]);
    expect(endTick(same.file)).toBe(120);
  });

  it("runs a patch's duration past the checkpoint, not from the epoch", () => {
    // dt 60 s: two minutes from tick 14 end at tick 16, though the live run is already past 2 min.
    expect(endTick(fork("duration: 2m\n").file)).toBe(16);
    expect(endTick(fork("duration: 150\n", 119).file)).toBe(121);
  });

  it("refuses a fork that would run no tick, naming the duration and the tick", () => {
    expect(() => fork("duration: 30s\n")).toThrow(
      /patch\.yaml[\s\S]*\/duration: 30s is shorter than one tick \(dt 60 s\): the fork would run no tick past its checkpoint of tick 14/,
    );
    expect(() => fork("duration: -5\n")).toThrow(/\/duration: -5 is shorter than one tick/);
    expect(() => fork("duration: [1]\n")).toThrow(/\/duration: must be a duration/);
    expect(() => fork(undefined, 120)).toThrow(/the live run ends at tick 120, so a fork from tick 120 would run no tick; give the patch a duration/);
  });

  it("refuses a patch that changes the fleet or names an unknown section, naming each", () => {
    expect(() => fork("seed: 9\nconstellations: []\nweather: sunny\n", 14, "bad.yaml")).toThrow(
      /bad\.yaml[\s\S]*\/seed: a fork cannot change it[\s\S]*\/constellations: a fork cannot change it[\s\S]*\/weather: not a section a patch may set/,
    );
  });

  it("refuses a patch whose faults are malformed, naming the entry", () => {
    expect(() => fork("faults:\n  - { fault: radiator-damage, sats: [w-p01-s01] }\n")).toThrow(/\/faults\/0/);
    expect(() => fork("- just a list\n", 14, "list.yaml")).toThrow(/list\.yaml[\s\S]*must be a mapping/);
  });
});
