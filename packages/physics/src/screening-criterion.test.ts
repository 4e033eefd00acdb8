import { describe, expect, it } from "vitest";
import { generateDebrisPopulation } from "./debris-population.js";
import { toSatrec } from "./elements.js";
import { walkerDelta } from "./generators.js";
import { satrecEpochMs } from "./orbit-batch.js";
import { interactionRangeKm, mayMeetWithinHalfStep } from "./screening-criterion.js";
import { sgp4StateInto } from "./screening-ephemeris.js";

const epochMs = Date.UTC(2026, 4, 13);

describe("the broad-phase criterion", () => {
  it("keeps every pair whose SGP4 trajectories come within reach during the half step, also over a minute", () => {
    const elements = [
      ...generateDebrisPopulation({ count: 800, seed: 8, epochMs }).map((d) => d.elements),
      ...walkerDelta({ planes: 24, satsPerPlane: 24, phasing: 5, altKm: 550, inclinationDeg: 53, epochMs }),
    ];
    const satrecs = elements.map(toSatrec);
    const epochs = satrecs.map(satrecEpochMs);
    const n = satrecs.length;
    const reachKm = 40;
    let meetings = 0;
    for (const halfStepS of [15, 60]) {
      const rangeKm = interactionRangeKm({ reachKm, halfStepS, maxRelSpeedKmS: 16 });
      for (let k = 0; k < 3; k++) {
        const tMs = epochMs + k * 1_500_000;
        const at = (tauS: number) => {
          const s = new Float64Array(6 * n);
          satrecs.forEach((satrec, i) => sgp4StateInto(satrec, epochs[i]!, tMs + tauS * 1000, s, 6 * i));
          return s;
        };
        // SGP4 every second over the half step either side of the sample.
        const track = Array.from({ length: 2 * halfStepS + 1 }, (_, m) => at(m - halfStepS));
        const s0 = track[halfStepS]!;
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            const [a, b] = [6 * i, 6 * j];
            const d0 = Math.hypot(s0[b]! - s0[a]!, s0[b + 1]! - s0[a + 1]!, s0[b + 2]! - s0[a + 2]!);
            if (d0 > rangeKm) continue;
            let closest = Infinity;
            for (const s of track) closest = Math.min(closest, Math.hypot(s[b]! - s[a]!, s[b + 1]! - s[a + 1]!, s[b + 2]! - s[a + 2]!));
            // A sampled distance bounds the true closest from above: these pairs do come within reach.
            if (closest > reachKm) continue;
            meetings++;
            expect(
              mayMeetWithinHalfStep(
                s0[b]! - s0[a]!,
                s0[b + 1]! - s0[a + 1]!,
                s0[b + 2]! - s0[a + 2]!,
                s0[b + 3]! - s0[a + 3]!,
                s0[b + 4]! - s0[a + 4]!,
                s0[b + 5]! - s0[a + 5]!,
                reachKm,
                halfStepS,
              ),
            ).toBe(true);
          }
        }
      }
    }
    expect(meetings).toBeGreaterThan(30);
  }, 60_000);
});
