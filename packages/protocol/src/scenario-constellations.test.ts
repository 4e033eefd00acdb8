import { describe, expect, it } from "vitest";
import { scenarioProblems } from "./testing.js";
import { declaredSatellites, parseScenario, scenarioToFile, validateScenario } from "./scenario.js";

const head = "name: s\nepoch: 2026-01-30T00:00:00Z\ndt: 10s\nseed: 1\nconstellations:\n";
const shell =
  "  - { kind: shell, name: sso-a, planes: 20, satsPerPlane: 50, phasing: 1, altKm: 525, thicknessKm: 50, layers: 5, inclinationDeg: sso, ltanHours: 18, raanSpreadDeg: 30 }\n";

describe("scenario constellations", () => {
  it("reads a layered Sun-synchronous shell and counts its satellites", () => {
    const s = parseScenario(head + shell);
    expect(s.constellations[0]).toMatchObject({ kind: "shell", thicknessKm: 50, layers: 5, inclinationDeg: "sso", ltanHours: 18, raanSpreadDeg: 30 });
    expect(declaredSatellites(s.constellations[0]!)).toBe(1000);
    expect(validateScenario(scenarioToFile(s))).toEqual(s);
  });

  it("takes sso as a walker's inclination too", () => {
    const s = parseScenario(`${head}  - { kind: walker, name: w, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: sso }\n`);
    expect(s.constellations[0]).toMatchObject({ inclinationDeg: "sso" });
  });

  it("refuses a shell thicker than the filing's 50 km, naming the field", () => {
    expect(scenarioProblems(head + shell.replace("thicknessKm: 50", "thicknessKm: 60"))).toEqual([
      "/constellations/0/thicknessKm: Expected number to be less or equal to 50",
    ]);
  });

  it("names what a schema cannot check: layers beyond planes, both node options, a bottom below 150 km, phasing", () => {
    expect(scenarioProblems(head + shell.replace("layers: 5", "layers: 21"))).toEqual([
      "/constellations/0/layers: 21 must be at most planes (20): a layer holds whole planes",
    ]);
    expect(scenarioProblems(head + shell.replace("ltanHours: 18", "ltanHours: 18, raanOffsetDeg: 4"))).toEqual([
      "/constellations/0/ltanHours: give raanOffsetDeg or ltanHours, not both",
    ]);
    expect(scenarioProblems(head + shell.replace("altKm: 525", "altKm: 170"))).toEqual([
      "/constellations/0/thicknessKm: the shell's bottom, 145 km, is below 150 km",
    ]);
    expect(scenarioProblems(head + shell.replace("phasing: 1", "phasing: 20"))).toEqual(["/constellations/0/phasing: 20 must be below planes (20)"]);
  });

  it("refuses sso where no inclination is Sun-synchronous", () => {
    expect(scenarioProblems(head + shell.replace("altKm: 525", "altKm: 5890")).join()).toMatch(
      /^\/constellations\/0\/inclinationDeg: sso needs mean altitudes up to 5900 km \(this one reaches 5915 km\)/,
    );
  });

  it("names an inclination that is neither a number nor sso", () => {
    expect(scenarioProblems(head + shell.replace("inclinationDeg: sso", "inclinationDeg: polar")).join()).toMatch(/\/constellations\/0\/inclinationDeg/);
    expect(scenarioProblems(head + shell.replace("kind: shell", "kind: ring")).join()).toMatch(
      /\/constellations\/0\/kind: "ring" is not one of walker, shell, formation, tle, omm/,
    );
  });
});
