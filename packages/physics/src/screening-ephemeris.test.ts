import { describe, expect, it } from "vitest";
import { generateDebrisPopulation } from "./debris-population.js";
import { toSatrec } from "./elements.js";
import { Sgp4Batch } from "./sgp4-batch.js";
import { satrecEpochMs } from "./orbit-batch.js";
import { HermiteEphemeris, sgp4StateInto } from "./screening-ephemeris.js";

const epochMs = Date.UTC(2026, 4, 13);

describe("HermiteEphemeris", () => {
  it("stays within 0.1 km and 1 m/s of SGP4 between 600 s nodes for the synthetic LEO population", () => {
    const satrecs = generateDebrisPopulation({ count: 400, seed: 21, epochMs }).map((d) => toSatrec(d.elements));
    const ephemeris = new HermiteEphemeris(Sgp4Batch.fromSatrecs(satrecs), epochMs, 600);
    const states = new Float64Array(6 * satrecs.length);
    const exact = new Float64Array(6);
    let worstKm = 0;
    let worstKmS = 0;
    // Times inside the node intervals, in order (the ring holds the nodes around the last one asked).
    for (let tMs = epochMs + 37_000; tMs < epochMs + 4 * 3_600_000; tMs += 173_000) {
      ephemeris.statesAt(tMs, states);
      satrecs.forEach((satrec, i) => {
        sgp4StateInto(satrec, satrecEpochMs(satrec), tMs, exact, 0);
        worstKm = Math.max(worstKm, Math.hypot(states[6 * i]! - exact[0]!, states[6 * i + 1]! - exact[1]!, states[6 * i + 2]! - exact[2]!));
        worstKmS = Math.max(worstKmS, Math.hypot(states[6 * i + 3]! - exact[3]!, states[6 * i + 4]! - exact[4]!, states[6 * i + 5]! - exact[5]!));
      });
    }
    expect(worstKm).toBeLessThan(0.1);
    expect(worstKmS).toBeLessThan(0.001);
    expect(ephemeris.nodesComputed).toBe(25);
  });

  it("meets SGP4 exactly at a node and gives the relative state of a pair as the difference of their states", () => {
    const satrecs = generateDebrisPopulation({ count: 3, seed: 4, epochMs }).map((d) => toSatrec(d.elements));
    const ephemeris = new HermiteEphemeris(Sgp4Batch.fromSatrecs(satrecs), epochMs, 600);
    const states = new Float64Array(18);
    const exact = new Float64Array(6);
    ephemeris.statesAt(epochMs + 1_200_000, states);
    sgp4StateInto(satrecs[2]!, satrecEpochMs(satrecs[2]!), epochMs + 1_200_000, exact, 0);
    for (let c = 0; c < 6; c++) expect(states[12 + c]).toBeCloseTo(exact[c]!, 9);
    const tMs = epochMs + 1_234_567;
    ephemeris.statesAt(tMs, states);
    const relative = new Float64Array(6);
    ephemeris.relativeInto(0, 2, tMs, relative);
    for (let c = 0; c < 6; c++) expect(relative[c]).toBeCloseTo(states[12 + c]! - states[c]!, 9);
  });

  it("gives NaN for an object SGP4 cannot fly", () => {
    const [satrec] = generateDebrisPopulation({ count: 1, seed: 4, epochMs }).map((d) => toSatrec({ ...d.elements, meanMotionRevPerDay: 16.5, bstar: 0.05 }));
    const out = new Float64Array(6);
    // Years later the orbit has decayed.
    const laterMs = epochMs + 5 * 365 * 86_400_000;
    // Built first: a failed satellite.js call leaves its error in the record.
    const ephemeris = new HermiteEphemeris(Sgp4Batch.fromSatrecs([satrec!]), laterMs, 600);
    expect(sgp4StateInto(satrec!, satrecEpochMs(satrec!), laterMs, out, 0)).toBe(false);
    expect(Number.isNaN(out[0])).toBe(true);
    const batched = new Float64Array(6);
    expect(ephemeris.sgp4Into(0, laterMs, batched, 0)).toBe(false);
    ephemeris.statesAt(laterMs + 1000, batched);
    expect(batched.every(Number.isNaN)).toBe(true);
  });
});
