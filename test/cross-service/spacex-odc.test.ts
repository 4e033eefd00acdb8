/**
 * The SpaceX orbital data center scenarios: the million and its 1:100 twin parse, expand to the
 * shells they declare (each plane at its layer's altitude and inclination), and the twin flies
 * the 10,000 with every subsystem for a few ticks on the in-process bus.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { clusterDefinitions, expandScenario } from "@orbitwin/coordinator";
import { EARTH_RADIUS_KM, busPresets, meanMotionRevPerDayFromAltKm, semiMajorAxisKmFromMeanMotion, sunSynchronousInclinationDeg } from "@orbitwin/physics";
import { declaredSatellites, elementColumns, parseScenario, type ClusterDefinition, type Scenario } from "@orbitwin/protocol";
import { LocalBus } from "@orbitwin/runtime";
import { startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url)), "utf8");
const yaml1m = read("spacex-odc-1m.yaml");
const yaml10k = read("spacex-odc-10k.yaml");
const expansion = { run: "odc", source: "spacex-odc", readElementFile: () => "" };

/** The filing's envelope, shell by shell: [name, middle altitude km, inclination]. */
const SHELLS: [string, number, number | "sso"][] = [
  ["sso-525", 525, "sso"],
  ["i30-600", 600, 30],
  ["sso-675", 675, "sso"],
  ["i30-750", 750, 30],
  ["sso-825", 825, "sso"],
  ["i30-900", 900, 30],
  ["sso-975", 975, "sso"],
  ["i30-1175", 1175, 30],
  ["sso-1475", 1475, "sso"],
  ["i30-1975", 1975, 30],
];

interface ShellTally {
  satellites: number;
  clusters: number;
}

/**
 * Checks every definition against its shell as it streams past and keeps only counts: plane p
 * (from the cluster id) on layer p mod 5, 10 km apart around the middle, at that altitude's mean
 * motion and inclination; the entity ids contiguous; the bus the preset.
 */
function checkAndTally(scenario: Scenario, definitions: Iterable<ClusterDefinition>): Map<string, ShellTally> {
  const tally = new Map<string, ShellTally>();
  const shells = new Map(SHELLS.map(([name, altKm, inclination]) => [name, { altKm, inclination }]));
  let nextEntity = 0;
  for (const def of definitions) {
    const shell = shells.get(def.constellation)!;
    const plane = Number(/-p(\d+)$/.exec(def.cluster)![1]) - 1;
    const layerAltKm = shell.altKm - 20 + 10 * (plane % 5);
    const inclinationDeg = shell.inclination === "sso" ? sunSynchronousInclinationDeg(layerAltKm) : shell.inclination;
    const n = def.satIds.length;
    expect(def.bus?.preset).toBe("spacex-odc-gpu");
    expect(def.firstEntity).toBe(nextEntity);
    nextEntity += n;
    for (const slot of [0, n - 1]) {
      expect(elementColumns(def).inclinationDeg[slot]).toBe(inclinationDeg);
      expect(elementColumns(def).meanMotionRevPerDay[slot]).toBe(meanMotionRevPerDayFromAltKm(layerAltKm, inclinationDeg));
      // Independently of the generator: the mean motion's two-body altitude is inside the 50 km
      // band (SGP4's J2 term moves it by at most 3 km from the mean altitude).
      const twoBodyAltKm = semiMajorAxisKmFromMeanMotion(elementColumns(def).meanMotionRevPerDay[slot]!) - EARTH_RADIUS_KM;
      expect(Math.abs(twoBodyAltKm - shell.altKm)).toBeLessThan(25);
    }
    const t = tally.get(def.constellation) ?? { satellites: 0, clusters: 0 };
    tally.set(def.constellation, { satellites: t.satellites + n, clusters: t.clusters + 1 });
  }
  expect(nextEntity).toBe(scenario.constellations.reduce((sum, c) => sum + declaredSatellites(c)!, 0));
  return tally;
}

describe("the SpaceX orbital data center scenarios", () => {
  it("declares a million satellites in ten shells of at most 50 km between 500 and 2,000 km, at 30 deg and SSO", () => {
    const s = parseScenario(yaml1m, "spacex-odc-1m.yaml");
    expect(s).toMatchObject({ dtMs: 10_000, clusterSize: 1000, seed: 20260130, bus: { preset: "spacex-odc-gpu" } });
    expect(busPresets[s.bus!.preset]).toBeDefined();
    expect(s.constellations.map((c) => c.name)).toEqual(SHELLS.map(([name]) => name));
    expect(s.constellations.reduce((sum, c) => sum + declaredSatellites(c)!, 0)).toBe(1_000_000);
    for (const c of s.constellations) {
      if (c.kind !== "shell") throw new Error(`${c.name} is not a shell`);
      expect(c.thicknessKm).toBeLessThanOrEqual(50);
      expect(c.altKm - c.thicknessKm / 2).toBeGreaterThanOrEqual(500);
      expect(c.altKm + c.thicknessKm / 2).toBeLessThanOrEqual(2000);
      expect([30, "sso"]).toContain(c.inclinationDeg);
    }
  });

  it("is, at 1:100, the same shells with a hundredth of each one's satellites", () => {
    const full = parseScenario(yaml1m).constellations;
    const small = parseScenario(yaml10k).constellations;
    expect(small.map((c) => ({ ...c, planes: 0, satsPerPlane: 0 }))).toEqual(full.map((c) => ({ ...c, planes: 0, satsPerPlane: 0 })));
    small.forEach((c, i) => expect(declaredSatellites(c)! * 100).toBe(declaredSatellites(full[i]!)));
  });

  it("expands the 10,000 into one cluster per plane, every plane at its layer's altitude and inclination", () => {
    const s = parseScenario(yaml10k);
    const clusters = expandScenario(s, expansion);
    const tally = checkAndTally(s, clusters);
    expect(clusters).toHaveLength(100);
    for (const c of s.constellations) expect(tally.get(c.name)).toEqual({ satellites: declaredSatellites(c)!, clusters: declaredSatellites(c)! / 100 });
  });

  it("expands the million, one plane of 1,000 at a time, into the counts each shell declares", () => {
    const s = parseScenario(yaml1m);
    const tally = checkAndTally(s, clusterDefinitions(s, expansion));
    for (const c of s.constellations) expect(tally.get(c.name)).toEqual({ satellites: declaredSatellites(c)!, clusters: declaredSatellites(c)! / 1000 });
  });
});

describe("the 10,000-satellite twin on the in-process bus", () => {
  let twin: TwinFixture | undefined;
  afterEach(async () => {
    await twin?.stop();
    twin = undefined;
  });

  it("flies every satellite with every subsystem for four ticks", async () => {
    twin = await startTwinOnBus({ bus: new LocalBus(), run: "odc-10k", hosts: 2, yaml: yaml10k, durationMs: 30_000 });
    const result = await twin.coordinator.finished();
    expect(result).toMatchObject({ ticks: 4, satellites: 10_000 });
    expect(result.digest).toMatch(/^[0-9a-f]{16}$/);
    const preset = busPresets["spacex-odc-gpu"]!;
    const fleet = result.subsystems!;
    expect(fleet.acceleratorsActive).toBe(10_000 * preset.acceleratorsActive);
    expect(fleet.sparesLeft).toBe(10_000 * preset.acceleratorSpares);
    // 91.5 kW of accelerators at 90 % utilisation and the 5 kW bus, on every satellite.
    const perSatelliteW =
      preset.busLoadW + preset.acceleratorsActive * (preset.accelerator.idleW + (preset.accelerator.tdpW - preset.accelerator.idleW) * preset.utilization);
    expect(fleet.consumedW / (10_000 * perSatelliteW)).toBeCloseTo(1, 6);
    expect(fleet.tempComputeMaxK).toBeLessThan(preset.accelerator.junctionLimitK);
  });
});
