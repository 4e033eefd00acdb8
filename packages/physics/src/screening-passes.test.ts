import { describe, expect, it } from "vitest";
import { toSatrec } from "./elements.js";
import { Sgp4Batch } from "./sgp4-batch.js";
import { plantedEncounterElements } from "./debris-population.js";
import { walkerDelta } from "./generators.js";
import { PairBuffer } from "./screening-criterion.js";
import { HermiteEphemeris } from "./screening-ephemeris.js";
import { PairSet, PassSearch, type ScreenedEncounter } from "./screening-passes.js";

const epochMs = Date.UTC(2026, 4, 13);

describe("PairSet", () => {
  it("holds pairs until cleared, through growth", () => {
    const set = new PairSet();
    for (let a = 0; a < 3000; a++) set.add(a, a + 7);
    set.add(5, 12);
    expect(set.has(2999, 3006)).toBe(true);
    expect(set.has(12, 5)).toBe(false);
    expect(set.has(3000, 3007)).toBe(false);
    set.clear();
    expect(set.has(0, 7)).toBe(false);
    set.add(0, 7);
    expect(set.has(0, 7)).toBe(true);
  });
});

describe("PassSearch", () => {
  it("reports a slow pass flagged at many samples in a row once, at SGP4's closest approach", () => {
    const [target] = walkerDelta({ planes: 1, satsPerPlane: 1, phasing: 0, altKm: 600, inclinationDeg: 60, epochMs });
    const meetMs = epochMs + 1_800_000;
    // A 3 degree crossing: about 0.4 km/s apart, so the pair stays close for many samples.
    const intruder = plantedEncounterElements({ target: target!, atMs: meetMs, crossingAngleDeg: 3, missKm: 0.5 });
    const satrecs = [target!, intruder].map(toSatrec);
    const ephemeris = new HermiteEphemeris(Sgp4Batch.fromSatrecs(satrecs), epochMs, 600);
    const stepMs = 30_000;
    const search = new PassSearch(ephemeris, { thresholdKm: 5, marginKm: 1, sampleStepMs: stepMs, windowStartMs: epochMs, windowEndMs: epochMs + 3_600_000 });
    const flagged = new PairBuffer();
    const found: ScreenedEncounter[] = [];
    const states = new Float64Array(12);
    for (let tMs = epochMs; tMs <= epochMs + 3_600_000; tMs += stepMs) {
      ephemeris.statesAt(tMs, states);
      flagged.clear();
      if (Math.abs(tMs - meetMs) <= 10 * stepMs) flagged.push(0, 1);
      search.sample(tMs, flagged, (e) => found.push(e));
    }
    expect(found).toHaveLength(1);
    expect(search.stats.passes).toBe(1);
    expect(Math.abs(found[0]!.tcaMs - meetMs)).toBeLessThan(2_000);
    expect(found[0]!.missKm).toBeGreaterThan(0.4);
    expect(found[0]!.missKm).toBeLessThan(0.6);
    expect(found[0]!.relSpeedKmS).toBeLessThan(1);
  });
});
