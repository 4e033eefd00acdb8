/**
 * Mean elements as one Float64Array over shared memory, for the workers of a parallel screen
 * (screen-pool.ts): a million element sets as objects would be copied into every worker (hundreds
 * of MB each); as columns in a SharedArrayBuffer every worker reads the same bytes. Only what SGP4
 * propagates travels: names and catalog numbers stay with the caller.
 */
import type { MeanElements } from "@orbitwin/physics";

/** numbers per element set */
const PACKED = 10;

/** `elements` packed into shared memory, PACKED numbers per set in the order of elementsAt. */
export function packElements(elements: readonly MeanElements[]): Float64Array {
  const packed = new Float64Array(new SharedArrayBuffer(PACKED * 8 * elements.length));
  elements.forEach((el, i) => {
    const o = PACKED * i;
    packed[o] = el.epochMs;
    packed[o + 1] = el.meanMotionRevPerDay;
    packed[o + 2] = el.eccentricity;
    packed[o + 3] = el.inclinationDeg;
    packed[o + 4] = el.raanDeg;
    packed[o + 5] = el.argPerigeeDeg;
    packed[o + 6] = el.meanAnomalyDeg;
    packed[o + 7] = el.bstar;
    packed[o + 8] = el.meanMotionDotRevPerDay2 ?? 0;
    packed[o + 9] = el.meanMotionDdotRevPerDay3 ?? 0;
  });
  return packed;
}

export function packedCount(packed: Float64Array): number {
  return packed.length / PACKED;
}

/** Element set `i` of `packed`. */
export function elementsAt(packed: Float64Array, i: number): MeanElements {
  const o = PACKED * i;
  return {
    epochMs: packed[o]!,
    meanMotionRevPerDay: packed[o + 1]!,
    eccentricity: packed[o + 2]!,
    inclinationDeg: packed[o + 3]!,
    raanDeg: packed[o + 4]!,
    argPerigeeDeg: packed[o + 5]!,
    meanAnomalyDeg: packed[o + 6]!,
    bstar: packed[o + 7]!,
    meanMotionDotRevPerDay2: packed[o + 8]!,
    meanMotionDdotRevPerDay3: packed[o + 9]!,
  };
}
