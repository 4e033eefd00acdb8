import { describe, expect, it } from "vitest";
import { findClosestApproaches } from "./conjunction.js";
import { generateDebrisPopulation, plantedEncounterElements } from "./debris-population.js";
import { toSatrec } from "./elements.js";
import { Sgp4Batch } from "./sgp4-batch.js";
import { walkerDelta } from "./generators.js";
import {
  bruteForceCandidates,
  broadPhase,
  refineCandidates,
  screen,
  screenAgainst,
  screenEach,
  sgp4Trajectory,
  type BroadPhaseCandidate,
  type ScreenedEncounter,
} from "./screening.js";

const epochMs = Date.UTC(2026, 4, 13);
const HOUR_MS = 3_600_000;

describe("conjunction screening", () => {
  it("finds the same encounters as testing every pair at every sample", () => {
    const population = generateDebrisPopulation({ count: 400, seed: 11, epochMs });
    const satrecs = population.map((d) => toSatrec(d.elements));
    const options = { thresholdKm: 40, sampleStepS: 30 };
    const broad: BroadPhaseCandidate[] = [];
    broadPhase(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + 3 * HOUR_MS, options, (c) => broad.push(c));
    const brute = bruteForceCandidates(satrecs, epochMs, epochMs + 3 * HOUR_MS, options);
    const key = (c: BroadPhaseCandidate) => `${c.a}:${c.b}:${c.sampleMs}`;
    const found = new Set(broad.map(key));
    // Interpolation moves a flagged sample by metres: a pair right at the criterion's edge may
    // flip, which the refinement's step-wide search absorbs. Encounters must agree exactly.
    expect(brute.filter((c) => !found.has(key(c))).length).toBeLessThanOrEqual(Math.ceil(brute.length * 0.02));
    const window = { startMs: epochMs, endMs: epochMs + 3 * HOUR_MS };
    const fromBroad = refineCandidates(satrecs, broad, 40, 30, window);
    const fromBrute = refineCandidates(satrecs, brute, 40, 30, window);
    expect(fromBrute.length).toBeGreaterThan(3);
    expect(fromBroad.map((e) => `${e.a}:${e.b}:${Math.round(e.tcaMs / 1000)}`)).toEqual(fromBrute.map((e) => `${e.a}:${e.b}:${Math.round(e.tcaMs / 1000)}`));
  });

  it("finds a planted crossing with the TCA and miss distance of a fine-step search", () => {
    const shell = walkerDelta({ planes: 6, satsPerPlane: 20, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs });
    const meetMs = epochMs + 5_000_000;
    const intruder = plantedEncounterElements({ target: shell[17]!, atMs: meetMs, crossingAngleDeg: 70, missKm: 0.3 });
    const satrecs = [...shell, intruder].map(toSatrec);
    const { encounters } = screen(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + 2 * HOUR_MS, { thresholdKm: 5 });
    const planted = encounters.find((e) => e.a === 17 && e.b === shell.length);
    expect(planted).toBeDefined();
    // Brute force: 10 ms steps over a minute around the meeting.
    const a = sgp4Trajectory(satrecs[17]!);
    const b = sgp4Trajectory(satrecs[shell.length]!);
    let bestMs = 0;
    let bestKm = Infinity;
    for (let t = meetMs - 30_000; t <= meetMs + 30_000; t += 10) {
      const pa = a(t).posKm;
      const pb = b(t).posKm;
      const d = Math.hypot(pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]);
      if (d < bestKm) [bestKm, bestMs] = [d, t];
    }
    expect(Math.abs(planted!.tcaMs - bestMs)).toBeLessThanOrEqual(10);
    expect(Math.abs(planted!.missKm - bestKm)).toBeLessThan(0.002);
    expect(planted!.missKm).toBeGreaterThan(0.25);
    expect(planted!.missKm).toBeLessThan(0.35);
    expect(planted!.relSpeedKmS).toBeGreaterThan(8);
  });

  it("reports nothing for a Walker shell whose planes never meet within the threshold", () => {
    const shell = walkerDelta({ planes: 4, satsPerPlane: 10, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs });
    const { encounters, stats } = screen(Sgp4Batch.fromSatrecs(shell.map(toSatrec)), epochMs, epochMs + HOUR_MS, { thresholdKm: 1 });
    expect(encounters).toEqual([]);
    expect(stats.samples).toBe(61);
  });

  it("refuses a window or threshold that makes no sense, naming it", () => {
    const satrecs = [toSatrec(walkerDelta({ planes: 1, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53, epochMs })[0]!)];
    expect(() => screen(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs, { thresholdKm: 5 })).toThrow(/window/);
    expect(() => screen(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + HOUR_MS, { thresholdKm: -1 })).toThrow(/thresholdKm = -1/);
    expect(() => screen(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + HOUR_MS, { thresholdKm: 5, sampleStepS: 5000 })).toThrow(/sampleStepS/);
  });

  it("agrees with the conjunction search on a pair it flags", () => {
    const shell = walkerDelta({ planes: 2, satsPerPlane: 4, phasing: 0, altKm: 600, inclinationDeg: 60, epochMs });
    const meetMs = epochMs + 1_200_000;
    const intruder = plantedEncounterElements({ target: shell[2]!, atMs: meetMs, crossingAngleDeg: 150 });
    const satrecs = [...shell, intruder].map(toSatrec);
    const { encounters } = screen(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + HOUR_MS, { thresholdKm: 2 });
    const ta = sgp4Trajectory(satrecs[2]!);
    const tb = sgp4Trajectory(satrecs[8]!);
    const direct = findClosestApproaches(
      (t) => {
        const sa = ta(t);
        const sb = tb(t);
        return {
          posKm: [sb.posKm[0] - sa.posKm[0], sb.posKm[1] - sa.posKm[1], sb.posKm[2] - sa.posKm[2]],
          velKmS: [sb.velKmS[0] - sa.velKmS[0], sb.velKmS[1] - sa.velKmS[1], sb.velKmS[2] - sa.velKmS[2]],
        };
      },
      meetMs - 60_000,
      meetMs + 60_000,
      5000,
    );
    expect(encounters.filter((e) => e.b === 8)).toHaveLength(1);
    expect(encounters.find((e) => e.b === 8)!.tcaMs).toBeCloseTo(direct[0]!.tcaMs, -1);
    expect(encounters.find((e) => e.b === 8)!.missKm).toBeLessThan(0.01);
  });

  it("matches a search of every pair on SGP4 alone: the same encounters, TCA within 1 ms, miss within 1 m", () => {
    // Debris, a Walker shell whose planes cross, and eccentric objects whose radial bands are wide.
    const debris = generateDebrisPopulation({ count: 300, seed: 31, epochMs }).map((d) => d.elements);
    const shell = walkerDelta({ planes: 12, satsPerPlane: 12, phasing: 5, altKm: 780, inclinationDeg: 86.4, epochMs });
    const eccentric = debris.slice(0, 60).map((el, k) => ({ ...el, eccentricity: 0.03 + (k % 5) * 0.04, meanMotionRevPerDay: 12.5 }));
    const satrecs = [...debris, ...shell, ...eccentric].map(toSatrec);
    const window = { startMs: epochMs, endMs: epochMs + 3 * HOUR_MS };
    const options = { thresholdKm: 30 };
    const { encounters } = screen(Sgp4Batch.fromSatrecs(satrecs), window.startMs, window.endMs, options);
    const reference = refineCandidates(satrecs, bruteForceCandidates(satrecs, window.startMs, window.endMs, options), 30, 60, window);
    expect(reference.length).toBeGreaterThan(20);
    expect(encounters.map((e) => `${e.a}:${e.b}`)).toEqual(reference.map((e) => `${e.a}:${e.b}`));
    encounters.forEach((e, k) => {
      expect(Math.abs(e.tcaMs - reference[k]!.tcaMs)).toBeLessThanOrEqual(1);
      expect(Math.abs(e.missKm - reference[k]!.missKm)).toBeLessThan(0.001);
    });
  }, 60_000);

  it("streams the encounters it collects, without keeping them", () => {
    const satrecs = generateDebrisPopulation({ count: 500, seed: 12, epochMs }).map((d) => toSatrec(d.elements));
    const streamed: ScreenedEncounter[] = [];
    const stats = screenEach(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + 2 * HOUR_MS, { thresholdKm: 25 }, (e) => streamed.push(e));
    const collected = screen(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + 2 * HOUR_MS, { thresholdKm: 25 });
    const key = (e: ScreenedEncounter) => `${e.a}:${e.b}:${e.tcaMs}`;
    expect(streamed.map(key).sort()).toEqual(collected.encounters.map(key).sort());
    expect(stats.encounters).toBe(streamed.length);
    expect(stats.samples).toBe(121);
    expect(collected.encounters.length).toBeGreaterThan(5);
  });

  it("screens one object against the others as the all-vs-all screen does", () => {
    const satrecs = generateDebrisPopulation({ count: 600, seed: 14, epochMs }).map((d) => toSatrec(d.elements));
    const all = screen(Sgp4Batch.fromSatrecs(satrecs), epochMs, epochMs + 3 * HOUR_MS, { thresholdKm: 40 }).encounters;
    const busiest = [...new Set(all.flatMap((e) => [e.a, e.b]))].sort(
      (x, y) => all.filter((e) => e.a === y || e.b === y).length - all.filter((e) => e.a === x || e.b === x).length || x - y,
    )[0]!;
    const against = screenAgainst(Sgp4Batch.fromSatrecs(satrecs), busiest, epochMs, epochMs + 3 * HOUR_MS, { thresholdKm: 40 });
    const key = (e: ScreenedEncounter) => `${e.a}:${e.b}:${Math.round(e.tcaMs)}`;
    expect(against.length).toBeGreaterThan(0);
    expect(against.map(key)).toEqual(all.filter((e) => e.a === busiest || e.b === busiest).map(key));
  });
});
