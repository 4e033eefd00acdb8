import { describe, expect, it } from "vitest";
import { scenarioProblems } from "./testing.js";
import { parseScenario } from "./scenario.js";

const head =
  "name: s\nepoch: 2026-01-30T00:00:00Z\ndt: 10s\nseed: 1\nconstellations:\n  - { kind: walker, name: w, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53 }\ndebris:\n  neighbours:\n";
const leo = "    - { name: leo, planes: 40, satsPerPlane: 44, phasing: 1, altKm: 600, thicknessKm: 20, layers: 4, inclinationDeg: 42, sizeM: 3 }\n";

describe("scenario debris neighbours", () => {
  it("reads another operator's shells", () => {
    const s = parseScenario(head + leo + "    - { name: meo, planes: 8, satsPerPlane: 16, phasing: 0, altKm: 8000, inclinationDeg: 45 }\n");
    expect(s.debris?.neighbours).toHaveLength(2);
    expect(s.debris?.neighbours?.[0]).toMatchObject({ name: "leo", planes: 40, layers: 4, sizeM: 3 });
  });

  it("names the field of a bad neighbour: schema and shell rules", () => {
    expect(scenarioProblems(head + leo.replace("sizeM: 3", "sizeM: 0"))).toEqual(["/debris/neighbours/0/sizeM: Expected number to be greater than 0"]);
    expect(scenarioProblems(head + leo.replace("phasing: 1", "phasing: 40"))).toEqual(["/debris/neighbours/0/phasing: 40 must be below planes (40)"]);
    expect(scenarioProblems(head + leo.replace("layers: 4", "layers: 41"))).toEqual([
      "/debris/neighbours/0/layers: 41 must be at most planes (40): a layer holds whole planes",
    ]);
    expect(scenarioProblems(head + leo + leo)).toEqual(['/debris/neighbours/1/name: "leo" is used twice; names must be unique']);
  });

  it("refuses more than a million neighbour satellites in all", () => {
    const big = "    - { name: big, planes: 1001, satsPerPlane: 1000, phasing: 0, altKm: 700, inclinationDeg: 60 }\n";
    expect(scenarioProblems(head + big)).toEqual(["/debris/neighbours: 1001000 satellites in all; at most 1000000 (debris-watch screens every one each tick)"]);
  });
});
