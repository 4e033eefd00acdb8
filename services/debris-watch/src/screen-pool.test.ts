import { describe, expect, it } from "vitest";
import { Sgp4Batch, generateDebrisPopulation, screen, toSatrec } from "@orbitwin/physics";
import { screenInParallel, summarizeInParallel } from "./screen-pool.js";

const epochMs = Date.UTC(2026, 4, 13);
const elements = generateDebrisPopulation({ count: 500, seed: 9, epochMs }).map((d) => d.elements);
const options = { thresholdKm: 30 };
const key = (e: { a: number; b: number; tcaMs: number }) => `${e.a}:${e.b}:${Math.round(e.tcaMs / 1000)}`;

describe("screening in worker threads", () => {
  it("finds exactly the encounters of the single-thread screen", async () => {
    const single = screen(Sgp4Batch.fromSatrecs(elements.map(toSatrec)), epochMs, epochMs + 2 * 3_600_000, options);
    const parallel = await screenInParallel(elements, epochMs, epochMs + 2 * 3_600_000, options, 3);
    expect(single.encounters.length).toBeGreaterThan(5);
    expect(parallel.encounters.map(key)).toEqual(single.encounters.map(key));
  });

  it("gives the same encounters whatever the number of workers taking the slices", async () => {
    const one = await screenInParallel(elements, epochMs, epochMs + 3_600_000, options, 4, { workers: 1 });
    const three = await screenInParallel(elements, epochMs, epochMs + 3_600_000, options, 4, { workers: 3 });
    expect(one.encounters.length).toBeGreaterThan(2);
    expect(three.encounters).toEqual(one.encounters);
    expect(three.stats).toEqual(one.stats);
  });

  it("counts, without listing them, the encounters it would list", async () => {
    const listed = await screenInParallel(elements, epochMs, epochMs + 3_600_000, options, 4, { workers: 2 });
    const { summary, stats } = await summarizeInParallel(elements, epochMs, epochMs + 3_600_000, options, 4, { workers: 2 });
    expect(listed.encounters.length).toBeGreaterThan(2);
    expect(summary.encounters).toBe(listed.encounters.length);
    expect(stats.encounters).toBe(listed.encounters.length);
    expect(summary.byMissKm.reduce((a, b) => a + b, 0)).toBe(summary.encounters);
    expect(summary.byMissKm[0]).toBe(listed.encounters.filter((e) => e.missKm < 1).length);
    expect(summary.minMissKm).toBe(Math.min(...listed.encounters.map((e) => e.missKm)));
  });

  it("refuses a number of slices it cannot cut", async () => {
    await expect(screenInParallel(elements, epochMs, epochMs + 3_600_000, options, 0)).rejects.toThrow(/slices = 0/);
  });
});
