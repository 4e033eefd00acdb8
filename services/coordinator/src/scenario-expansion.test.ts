import { describe, expect, it } from "vitest";
import { InvalidScenarioError, clusterDefinitionProblems, elementColumns, parseScenario } from "@orbitwin/protocol";
import { sunSynchronousInclinationDeg } from "@orbitwin/physics";
import { expandScenario } from "./scenario-expansion.js";

const tle = [
  "SAT-A",
  "1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991",
  "2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482",
].join("\r\n");

function expand(yaml: string, files: Record<string, string> = {}, maxSatellites?: number) {
  const scenario = parseScenario(yaml, "s.yaml");
  return expandScenario(scenario, {
    run: "r",
    source: "s.yaml",
    ...(maxSatellites === undefined ? {} : { maxSatellites }),
    readElementFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file ${path}`);
      return text;
    },
  });
}

const head = "name: s\nepoch: 2026-05-13T00:00:00Z\ndt: 1s\nseed: 1\n";

describe("expandScenario", () => {
  it("makes one cluster per Walker plane with stable satellite ids", () => {
    const clusters = expand(
      `${head}constellations:\n  - { kind: walker, name: shell, planes: 3, satsPerPlane: 4, phasing: 1, altKm: 550, inclinationDeg: 53 }\n`,
    );
    expect(clusters.map((c) => c.cluster)).toEqual(["shell-p01", "shell-p02", "shell-p03"]);
    expect(clusters[1]!.satIds).toEqual(["shell-p02-s01", "shell-p02-s02", "shell-p02-s03", "shell-p02-s04"]);
    expect(elementColumns(clusters[1]!).raanDeg[0]).toBeCloseTo(120, 9);
  });

  it("splits planes larger than clusterSize into numbered clusters", () => {
    const clusters = expand(
      `${head}clusterSize: 3\nconstellations:\n  - { kind: walker, name: w, planes: 1, satsPerPlane: 7, phasing: 0, altKm: 550, inclinationDeg: 53 }\n`,
    );
    expect(clusters.map((c) => [c.cluster, c.satIds.length])).toEqual([
      ["w-p01-c01", 3],
      ["w-p01-c02", 3],
      ["w-p01-c03", 1],
    ]);
  });

  it("expands a layered shell plane by plane: each plane one layer's altitude and Sun-synchronous inclination", () => {
    const clusters = expand(
      `${head}constellations:\n  - { kind: shell, name: sh, planes: 4, satsPerPlane: 3, phasing: 1, altKm: 1000, thicknessKm: 40, layers: 2, inclinationDeg: sso }\n`,
    );
    expect(clusters.map((c) => c.cluster)).toEqual(["sh-p01", "sh-p02", "sh-p03", "sh-p04"]);
    expect(clusters[3]!.satIds).toEqual(["sh-p04-s01", "sh-p04-s02", "sh-p04-s03"]);
    const meanMotion = clusters.map((c) => elementColumns(c).meanMotionRevPerDay[0]!);
    // Layers at 990 and 1010 km, dealt alternately: the lower layer turns faster.
    expect(meanMotion[0]).toBe(meanMotion[2]);
    expect(meanMotion[0]).toBeGreaterThan(meanMotion[1]!);
    expect(elementColumns(clusters[0]!).inclinationDeg[0]).toBeCloseTo(sunSynchronousInclinationDeg(990), 12);
    expect(elementColumns(clusters[1]!).inclinationDeg[2]).toBeCloseTo(sunSynchronousInclinationDeg(1010), 12);
  });

  it("names the constellation whose generator refuses an option", () => {
    expect(() =>
      expand(
        `${head}constellations:\n  - { kind: walker, name: w, planes: 2, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53 }\n  - { kind: formation, name: f, altKm: 7000 }\n`,
      ),
    ).toThrow(/\/constellations\/1: formation altKm = 7000/);
  });

  it("builds a formation cluster and names satellites from element files by catalog number", () => {
    const clusters = expand(`${head}constellations:\n  - { kind: formation, name: sc, count: 9 }\n  - { kind: tle, name: iss, file: iss.tle }\n`, {
      "iss.tle": tle,
    });
    expect(clusters.map((c) => c.cluster)).toEqual(["sc", "iss-c01"]);
    expect(clusters[0]!.satIds).toHaveLength(9);
    expect(clusters[1]!.satIds).toEqual(["iss-25544"]);
  });

  it("names the constellation and file when an element file cannot be read", () => {
    expect(() => expand(`${head}constellations:\n  - { kind: tle, name: gone, file: missing.tle }\n`)).toThrow(InvalidScenarioError);
    expect(() => expand(`${head}constellations:\n  - { kind: tle, name: gone, file: missing.tle }\n`)).toThrow(
      /\/constellations\/0\/file: cannot read missing\.tle/,
    );
  });

  it("counts element sets toward the scenario's satellite cap, naming the file, the count and the limit", () => {
    // Placed before the walker so the refusal comes before a plane is generated.
    const yaml = `${head}constellations:\n  - { kind: tle, name: iss, file: iss.tle }\n  - { kind: walker, name: w, planes: 2000, satsPerPlane: 1000, phasing: 1, altKm: 550, inclinationDeg: 53 }\n`;
    expect(() => expand(yaml, { "iss.tle": tle })).toThrow(
      /\/constellations\/0\/file: iss\.tle adds 1 element sets to 2000000 other satellites: 2000001 in all, over the limit of 2000000 satellites per scenario/,
    );
  });

  it("counts every element file and honours a file's limit: against the cap", () => {
    const yaml = (limit: string) =>
      `${head}constellations:\n  - { kind: walker, name: w, planes: 1, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53 }\n  - { kind: tle, name: a, file: a.tle }\n  - { kind: tle, name: b, file: b.tle${limit} }\n`;
    const files = { "a.tle": tle, "b.tle": `${tle}\r\n${tle}` };
    expect(() => expand(yaml(""), files, 4)).toThrow(
      /\/constellations\/2\/file: b\.tle adds 2 element sets to 3 other satellites: 5 in all, over the limit of 4/,
    );
    expect(expand(yaml(", limit: 1"), files, 4).flatMap((c) => c.satIds)).toHaveLength(4);
  });

  it("names the line of a corrupted element file", () => {
    const broken = tle.replace("51.6439", "51.6438");
    expect(() => expand(`${head}constellations:\n  - { kind: tle, name: bad, file: bad.tle }\n`, { "bad.tle": broken })).toThrow(/bad\.tle:3:69: checksum/);
  });

  it("keeps every column as long as the satellite list", () => {
    for (const c of expand(`${head}constellations:\n  - { kind: walker, name: w, planes: 2, satsPerPlane: 5, phasing: 1, altKm: 700, inclinationDeg: 87 }\n`)) {
      expect(elementColumns(c).epochMs).toHaveLength(c.satIds.length);
      expect(elementColumns(c).meanMotionDdotRevPerDay3).toHaveLength(c.satIds.length);
      expect(clusterDefinitionProblems(c)).toEqual([]);
    }
  });
});
