import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidStudyError, parseStudy, readStudyFile } from "./study-file.js";
import { planRuns } from "./derived-variants.js";
import { expandStudy } from "./variants.js";

const fixture = fileURLToPath(new URL("./fixtures/tiny-heat.yaml", import.meta.url));
const studyText = (lines: string) =>
  ["study: s", "base: ../../../../../scenarios/gpu-fleet.yaml", "span: 1h", "seeds: [1]", "metrics: [junctionTempMaxK]", lines].join("\n");

function problemsOf(text: string): readonly string[] {
  try {
    expandStudy(parseStudy(text, fixture));
  } catch (err) {
    if (err instanceof InvalidStudyError) return err.problems;
    throw err;
  }
  return [];
}

describe("study file", () => {
  it("expands the grid into every combination once per seed, the last path fastest", () => {
    const study = parseStudy(
      studyText("vary:\n  bus.radiatorAreaM2: [20, 30, 40]\n  constellations[0].altKm: [550, 600]").replace("seeds: [1]", "seeds: [1, 2]"),
      fixture,
    );
    const variants = expandStudy(study);
    expect(variants).toHaveLength(12);
    expect(variants.slice(0, 4).map((v) => [v.values["bus.radiatorAreaM2"], v.values["constellations[0].altKm"], v.seed])).toEqual([
      [20, 550, 1],
      [20, 550, 2],
      [20, 600, 1],
      [20, 600, 2],
    ]);
    expect(new Set(variants.map((v) => v.id)).size).toBe(12);
    const first = variants[0]!.scenario as { bus: { radiatorAreaM2: number }; constellations: { altKm: number }[]; seed: number };
    expect([first.bus.radiatorAreaM2, first.constellations[0]!.altKm, first.seed]).toEqual([20, 550, 1]);
  });

  it("gives the same variant ids for the same study, and new ones when the span changes", () => {
    const a = expandStudy(readStudyFile(fixture)).map((v) => v.id);
    expect(expandStudy(readStudyFile(fixture)).map((v) => v.id)).toEqual(a);
    const longer = expandStudy(parseStudy(studyText("vary:\n  bus.radiatorAreaM2: [6]").replace("span: 1h", "span: 2h"), fixture));
    const shorter = expandStudy(parseStudy(studyText("vary:\n  bus.radiatorAreaM2: [6]"), fixture));
    expect(longer[0]!.id).not.toBe(shorter[0]!.id);
  });

  it("runs a list of variants and economics figures as given", () => {
    const variants = expandStudy(
      parseStudy(studyText("variants:\n  - { economics.launchUsdPerKg: 2000 }\n  - { economics.launchUsdPerKg: 20000, bus.spares: 4 }"), fixture),
    );
    expect(variants.map((v) => v.economics.launchUsdPerKg)).toEqual([2000, 20000]);
    expect((variants[1]!.scenario.bus as { spares: number }).spares).toBe(4);
  });

  it("names the field of a value the scenario schema refuses", () => {
    expect(problemsOf(studyText("vary:\n  bus.radiatorAreaM2: [-1]"))).toEqual([
      expect.stringMatching(/bus.radiatorAreaM2=-1, seed 1: scenario field \/bus\/radiatorAreaM2: .*greater than 0/),
    ]);
    expect(problemsOf(studyText("vary:\n  bus.radiatorArea: [5]"))[0]).toMatch(/\/bus\/radiatorArea: .*property/i);
    expect(problemsOf(studyText("vary:\n  constellations[3].altKm: [500]"))[0]).toMatch(/constellations\[3\].altKm: \/constellations\/3: no such list entry/);
  });

  it("refuses unknown metrics listing the known ones, and names every bad field", () => {
    const problems = problemsOf(
      [
        "study: Bad_Id",
        "base: ../nowhere.yaml",
        "span: soon",
        "seeds: [1, 1]",
        "metrics: [junctionTempMaxK, happiness]",
        "vary: { seed: [1] }",
        "colour: red",
      ].join("\n"),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/colour: not a study field/),
        expect.stringMatching(/^\/study: must be a lower-case kebab id/),
        expect.stringMatching(/^\/base: cannot read/),
        expect.stringMatching(/^\/span: "soon" is not a duration/),
        expect.stringMatching(/^\/seeds\/1: 1 is given twice/),
        expect.stringMatching(/^\/metrics\/1: "happiness" is not a metric; known: junctionTempMaxK, .*costPerGpuHourUsd/),
        expect.stringMatching(/^\/vary\/seed: the study sets seed itself/),
      ]),
    );
  });

  it("refuses a study with both a grid and a list, and an unknown economics figure", () => {
    expect(problemsOf(studyText("vary: { bus.spares: [1] }\nvariants: [{ bus.spares: 2 }]"))).toEqual([expect.stringMatching(/^\/vary: give either vary/)]);
    expect(problemsOf(studyText("vary: { economics.rocketColour: [1] }"))).toEqual([
      expect.stringMatching(/economics figure "rocketColour" is unknown; known: launchUsdPerKg/),
    ]);
  });

  it("refuses a disposal reliability above 1, set or varied, naming the figure and the limit", () => {
    expect(problemsOf(studyText("vary: { bus.spares: [1] }\neconomics: { disposalReliability: 1.5 }"))).toEqual([
      "/economics/disposalReliability: must be a fraction within 0..1, not 1.5",
    ]);
    expect(problemsOf(studyText("vary: { economics.disposalReliability: [0.9, 2] }"))).toEqual([
      "economics.disposalReliability=2: economics.disposalReliability: must be a fraction within 0..1, not 2",
    ]);
  });

  it("plans one run for variants that differ only in assumed figures", () => {
    const variants = expandStudy(parseStudy(studyText("vary:\n  bus.spares: [0, 1]\n  economics.launchUsdPerKg: [2000, 20000]"), fixture));
    const plan = planRuns(variants);
    expect(plan.runs.map((v) => v.values)).toEqual([
      { "bus.spares": 0, "economics.launchUsdPerKg": 2000 },
      { "bus.spares": 1, "economics.launchUsdPerKg": 2000 },
    ]);
    expect([...plan.derivedFrom].map(([id, leader]) => [variants.findIndex((v) => v.id === id), variants.indexOf(leader)])).toEqual([
      [1, 0],
      [3, 2],
    ]);
  });
});
