import { describe, expect, it } from "vitest";
import { generateDebrisPopulation } from "./debris-population.js";
import { toSatrec, type MeanElements } from "./elements.js";
import { walkerDelta } from "./generators.js";
import { satrecEpochMs } from "./orbit-batch.js";
import { PairBuffer, mayMeetWithinHalfStep, type GridCriterion } from "./screening-criterion.js";
import { sgp4StateInto } from "./screening-ephemeris.js";
import { ProximityGrid } from "./screening-grid.js";

const epochMs = Date.UTC(2026, 4, 13);

/** Debris, a dense Walker shell (its planes cross everywhere, also across cube edges) and eccentric objects (wide radial bands). */
function mixedCatalog(): MeanElements[] {
  const debris = generateDebrisPopulation({ count: 1500, seed: 5, epochMs }).map((d) => d.elements);
  const shell = walkerDelta({ planes: 30, satsPerPlane: 30, phasing: 7, altKm: 550, inclinationDeg: 53, epochMs });
  const eccentric = debris.slice(0, 150).map((el, k) => ({ ...el, eccentricity: 0.02 + (k % 6) * 0.045, meanMotionRevPerDay: 10.2 }));
  return [...debris, ...shell, ...eccentric];
}

function statesAt(elements: readonly MeanElements[], tMs: number): Float64Array {
  const out = new Float64Array(6 * elements.length);
  elements.forEach((el, i) => {
    const satrec = toSatrec(el);
    sgp4StateInto(satrec, satrecEpochMs(satrec), tMs, out, 6 * i);
  });
  return out;
}

/** Smallest SGP4 distance of a pair over |tau| <= half step: every second, then every 20 ms around the closest, km. */
function closestOnSgp4(a: MeanElements, b: MeanElements, tMs: number, halfStepS: number): number {
  const [sa, sb] = [toSatrec(a), toSatrec(b)];
  const s = new Float64Array(12);
  const at = (tau: number) => {
    sgp4StateInto(sa, satrecEpochMs(sa), tMs + tau * 1000, s, 0);
    sgp4StateInto(sb, satrecEpochMs(sb), tMs + tau * 1000, s, 6);
    return Math.hypot(s[6]! - s[0]!, s[7]! - s[1]!, s[8]! - s[2]!);
  };
  let bestTau = -halfStepS;
  for (let tau = -halfStepS; tau <= halfStepS; tau += 1) if (at(tau) < at(bestTau)) bestTau = tau;
  let best = Infinity;
  for (let tau = Math.max(-halfStepS, bestTau - 1); tau <= Math.min(halfStepS, bestTau + 1); tau += 0.02) best = Math.min(best, at(tau));
  return best;
}

describe("ProximityGrid", () => {
  for (const [halfStepS, columnOverRange] of [
    [10, 1],
    [30, 3],
  ] as const) {
    it(`finds every pair that really meets within the half step, each once (half step ${halfStepS} s, columns ${columnOverRange} c)`, () => {
      const elements = mixedCatalog();
      const n = elements.length;
      const grid = new ProximityGrid(n, columnOverRange);
      // A reach of 40 km gives pairs at every instant; 150 objects have wider bands than that allows for.
      const criterion: GridCriterion = { reachKm: 40, halfStepS, maxRelSpeedKmS: 16 };
      const farKm = 2 * (criterion.reachKm + criterion.maxRelSpeedKmS * halfStepS);
      let passing = 0;
      let checked = 0;
      for (let k = 0; k < 6; k++) {
        const tMs = epochMs + k * 1_234_000;
        const states = statesAt(elements, tMs);
        const found = new PairBuffer();
        grid.findPairs(states, n, criterion, found);
        const keys = new Set<number>();
        for (let f = 0; f < found.length; f += 2) {
          expect(found.data[f]).toBeLessThan(found.data[f + 1]!);
          keys.add(found.data[f]! * n + found.data[f + 1]!);
        }
        expect(keys.size).toBe(found.length / 2);
        // Every pair the straight-line criterion keeps and the grid does not must really stay apart;
        // every pair the grid keeps passes the criterion (to the grid's single-precision rounding).
        const loose = new Set<number>();
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            const a = 6 * i;
            const b = 6 * j;
            // Far beyond the relative motion's reach: skip the criterion's arithmetic.
            if (
              Math.abs(states[b]! - states[a]!) > farKm ||
              Math.abs(states[b + 1]! - states[a + 1]!) > farKm ||
              Math.abs(states[b + 2]! - states[a + 2]!) > farKm
            )
              continue;
            const pair = (reachKm: number) =>
              mayMeetWithinHalfStep(
                states[b]! - states[a]!,
                states[b + 1]! - states[a + 1]!,
                states[b + 2]! - states[a + 2]!,
                states[b + 3]! - states[a + 3]!,
                states[b + 4]! - states[a + 4]!,
                states[b + 5]! - states[a + 5]!,
                reachKm,
                halfStepS,
              );
            if (pair(criterion.reachKm + 0.01)) loose.add(i * n + j);
            if (!pair(criterion.reachKm)) continue;
            passing++;
            if (!keys.has(i * n + j) && checked++ < 200) expect(closestOnSgp4(elements[i]!, elements[j]!, tMs, halfStepS)).toBeGreaterThan(criterion.reachKm);
          }
        }
        expect([...keys].filter((key) => !loose.has(key))).toEqual([]);
      }
      expect(passing).toBeGreaterThan(40);
    }, 60_000);
  }

  it("leaves out objects without a state and refuses more objects than it holds", () => {
    const elements = walkerDelta({ planes: 2, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53, epochMs });
    const states = statesAt(elements, epochMs);
    states.fill(Number.NaN, 0, 6);
    const grid = new ProximityGrid(4, 2);
    grid.findPairs(states, 4, { reachKm: 6, halfStepS: 15, maxRelSpeedKmS: 16 }, new PairBuffer());
    expect(grid.records).toBeGreaterThanOrEqual(3);
    expect(() => grid.findPairs(states, 5, { reachKm: 6, halfStepS: 15, maxRelSpeedKmS: 16 }, new PairBuffer())).toThrow(/capacity 4/);
  });
});
