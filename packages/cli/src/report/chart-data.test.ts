import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keptIndices, niceStep, yRangeOf } from "./chart-data.js";

describe("chart y range", () => {
  it("holds every value with room above, for any data", () => {
    const value = fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 50 }), { maxLength: 4 }), fc.boolean(), (columns, includeZero) => {
        const [min, max] = yRangeOf(columns, { includeZero });
        expect(min).toBeLessThan(max);
        for (const column of columns)
          for (const v of column) {
            if (v === null) continue;
            expect(v).toBeGreaterThanOrEqual(min);
            expect(v).toBeLessThanOrEqual(max);
          }
      }),
      { seed: 17, numRuns: 500 },
    );
  });

  it("puts 384 active accelerators under the top of the axis, not on it", () => {
    const [min, max] = yRangeOf([[384, 384, 380], [0, 4], [0]], { includeZero: true });
    expect(min).toBe(0);
    expect(max).toBeGreaterThan(384);
    expect(max).toBeLessThanOrEqual(450);
  });

  it("gives non-negative data no negative axis, and temperatures no zero", () => {
    expect(yRangeOf([[0.5, 20]])[0]).toBe(0);
    const [min, max] = yRangeOf([[296, 331]]);
    expect(min).toBeGreaterThan(280);
    expect(max).toBeLessThan(350);
  });

  it("widens a flat line and an empty chart", () => {
    expect(yRangeOf([[5, 5, 5]])).toEqual([4.75, 5.25]);
    expect(yRangeOf([[0, 0]], { includeZero: true })).toEqual([0, 1]);
    expect(yRangeOf([[null]])).toEqual([0, 1]);
  });

  it("steps round", () => {
    expect(niceStep(10)).toBe(2);
    expect(niceStep(35)).toBe(10);
    expect(niceStep(1.2)).toBe(0.25);
  });
});

describe("chart thinning", () => {
  it("keeps every sample of a short series", () => {
    expect(keptIndices(5, [[1, 2, 3, 4, 5]])).toEqual([0, 1, 2, 3, 4]);
  });

  it("keeps a long series under its budget without losing a spike, a dip, a gap or the last sample", () => {
    const n = 100_000;
    const column = Array.from({ length: n }, (_, i) => (i === 54_321 ? 1000 : i === 77_777 ? -5 : i === 12_345 ? null : 1));
    const kept = keptIndices(n, [column], 2000);
    expect(kept.length).toBeLessThanOrEqual(2001);
    expect(kept).toEqual(expect.arrayContaining([0, 12_345, 54_321, 77_777, n - 1]));
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });
});
