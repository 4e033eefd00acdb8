import { describe, expect, it } from "vitest";
import { generateDebrisPopulation, screen, toSatrec } from "@orbitwin/physics";
import { screenInParallel } from "./screen-pool.js";

describe("screening in worker threads", () => {
  it("finds exactly the encounters of the single-thread screen", async () => {
    const epochMs = Date.UTC(2026, 4, 13);
    const elements = generateDebrisPopulation({ count: 500, seed: 9, epochMs }).map((d) => d.elements);
    const options = { thresholdKm: 30 };
    const single = screen(elements.map(toSatrec), epochMs, epochMs + 2 * 3_600_000, options);
    const parallel = await screenInParallel(elements, epochMs, epochMs + 2 * 3_600_000, options, 3);
    const key = (e: { a: number; b: number; tcaMs: number }) => `${e.a}:${e.b}:${Math.round(e.tcaMs / 1000)}`;
    expect(single.encounters.length).toBeGreaterThan(5);
    expect(parallel.encounters.map(key)).toEqual(single.encounters.map(key));
  });
});
