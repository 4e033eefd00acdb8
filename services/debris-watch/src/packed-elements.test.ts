import { describe, expect, it } from "vitest";
import { generateDebrisPopulation } from "@orbitwin/physics";
import { elementsAt, packElements, packedCount } from "./packed-elements.js";

describe("packed elements", () => {
  it("give back every number SGP4 starts from, in shared memory", () => {
    const epochMs = Date.UTC(2026, 4, 13);
    const elements = generateDebrisPopulation({ count: 50, seed: 3, epochMs }).map((d) => d.elements);
    elements[7] = { ...elements[7]!, meanMotionDotRevPerDay2: 1.5e-5, meanMotionDdotRevPerDay3: 2e-12 };
    const packed = packElements(elements);
    expect(packed.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(packedCount(packed)).toBe(50);
    elements.forEach((el, i) => {
      const back = elementsAt(packed, i);
      expect(back).toEqual({
        epochMs: el.epochMs,
        meanMotionRevPerDay: el.meanMotionRevPerDay,
        eccentricity: el.eccentricity,
        inclinationDeg: el.inclinationDeg,
        raanDeg: el.raanDeg,
        argPerigeeDeg: el.argPerigeeDeg,
        meanAnomalyDeg: el.meanAnomalyDeg,
        bstar: el.bstar,
        meanMotionDotRevPerDay2: el.meanMotionDotRevPerDay2 ?? 0,
        meanMotionDdotRevPerDay3: el.meanMotionDdotRevPerDay3 ?? 0,
      });
    });
  });
});
