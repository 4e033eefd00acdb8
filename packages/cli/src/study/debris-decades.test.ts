import { describe, expect, it } from "vitest";
import { projectConstellationDebris } from "@orbitwin/physics";
import { DEFAULT_ECONOMICS } from "./economics-assumptions.js";
import { projectDebrisDecades, singleShell } from "./debris-decades.js";

const walker = { kind: "walker", name: "w", planes: 2, satsPerPlane: 11, phasing: 0, altKm: 800, inclinationDeg: 53 } as const;

describe("debris over decades", () => {
  it("projects a walker in the assumed band and a shell in its own thickness", () => {
    expect(singleShell([walker])).toEqual({ altKm: 800, thicknessKm: undefined });
    expect(singleShell([{ ...walker, kind: "shell", thicknessKm: 20, layers: 1 }])).toEqual({ altKm: 800, thicknessKm: 20 });
    // Two shells or a TLE fleet are not one shell: no projection.
    expect(singleShell([walker, walker])).toBeUndefined();
    expect(singleShell([{ kind: "tle", name: "t", file: "x.tle" }])).toBeUndefined();
  });

  it("reads cascade --constellation's rows at 25 and 50 years", () => {
    const decades = projectDebrisDecades({ altKm: 800, thicknessKm: undefined }, 100_000, 1270, DEFAULT_ECONOMICS)!;
    const model = projectConstellationDebris({
      satellites: 100_000,
      altKm: 800,
      thicknessKm: DEFAULT_ECONOMICS.shellThicknessKm,
      satelliteMassKg: 1270,
      satelliteAreaM2: DEFAULT_ECONOMICS.satelliteAreaM2,
      lifetimeYears: DEFAULT_ECONOMICS.lifetimeYears,
      disposalReliability: DEFAULT_ECONOMICS.disposalReliability,
      years: 50,
    });
    expect(decades.objects25y).toBe(model.rows[25]!.derelicts + model.rows[25]!.fragments);
    expect(decades.objects50y).toBe(model.rows[50]!.derelicts + model.rows[50]!.fragments);
    expect(decades.reproduction50y).toBe(model.rows[50]!.reproduction);
    // 100,000 satellites at 800 km run away within the 50 years (the cascade command's own figure).
    expect(decades.runawayFromYears).toBe(model.runawayFromYears);
    expect(decades.runawayFromYears).toBeLessThan(50);
  });

  it("gives nothing for an empty fleet or a shell outside LEO's atmosphere model", () => {
    expect(projectDebrisDecades({ altKm: 800, thicknessKm: undefined }, 0, 1270, DEFAULT_ECONOMICS)).toBeUndefined();
    expect(projectDebrisDecades({ altKm: 20_200, thicknessKm: undefined }, 24, 1270, DEFAULT_ECONOMICS)).toBeUndefined();
    expect(projectDebrisDecades(undefined, 24, 1270, DEFAULT_ECONOMICS)).toBeUndefined();
  });
});
