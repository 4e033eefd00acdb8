/** Options of a conjunction screen (screening.ts), checked once, with their defaults. */
import { ErrorCodes } from "@orbitwin/errors";
import { PhysicsInputError } from "./errors.js";

export interface ScreeningOptions {
  /** report pairs whose miss distance is at most this, km */
  thresholdKm: number;
  /** time between SGP4 nodes of the interpolated ephemeris, s @default 600 */
  nodeStepS?: number;
  /** time between broad-phase samples, s @default from the object count (see defaultSampleStepS) */
  sampleStepS?: number;
  /** interpolation allowance added to the threshold in the broad phase and before SGP4 is asked, km @default 1 */
  padKm?: number;
  /** the largest relative speed two objects can have, km/s @default 16 (head-on in LEO) */
  maxRelSpeedKmS?: number;
}

export type ResolvedScreeningOptions = Readonly<Required<ScreeningOptions>>;

/** Windows longer than this are refused: nodes and samples are counted in doubles of ms. */
const MAX_WINDOW_MS = 366 * 86_400_000;

/**
 * Sample step trading the work per object and sample (interpolation, sorting) against the pairs
 * looked at, whose number grows with the square of the step: denser catalogs are sampled more
 * finely. Measured on the synthetic LEO population (bench/screening.ts): 60 s is best up to 10^4
 * objects, 45 s at 10^5, 20 s at 10^6.
 */
export function defaultSampleStepS(objectCount: number): number {
  if (objectCount <= 20_000) return 60;
  if (objectCount <= 300_000) return 45;
  return 20;
}

/** Grid column size over the interaction range (screening-grid.ts), measured like the sample step. */
export function defaultColumnOverRange(objectCount: number): number {
  return objectCount <= 20_000 ? 3 : 2;
}

/** Fills in the defaults and refuses what makes no sense, naming the option and its range. */
export function resolveScreeningOptions(o: ScreeningOptions, objectCount: number, startMs: number, endMs: number): ResolvedScreeningOptions {
  const bad = (message: string) => new PhysicsInputError(ErrorCodes.badScreening, `screening: ${message}`);
  if (!(o.thresholdKm > 0 && Number.isFinite(o.thresholdKm))) throw bad(`thresholdKm = ${o.thresholdKm}: must be a finite distance > 0 km`);
  if (!(Number.isFinite(startMs) && Number.isFinite(endMs) && endMs > startMs))
    throw bad(`window [${startMs}, ${endMs}] ms: need finite times with end > start`);
  if (endMs - startMs > MAX_WINDOW_MS) throw bad(`window of ${endMs - startMs} ms: at most 366 days`);
  const nodeStepS = o.nodeStepS ?? 600;
  if (!(nodeStepS >= 10 && nodeStepS <= 1800)) throw bad(`nodeStepS = ${nodeStepS}: must be within 10..1800 s`);
  const sampleStepS = o.sampleStepS ?? defaultSampleStepS(objectCount);
  if (!(sampleStepS >= 1 && sampleStepS <= nodeStepS)) throw bad(`sampleStepS = ${sampleStepS}: must be within 1 s..nodeStepS`);
  const padKm = o.padKm ?? 1;
  if (!(padKm >= 0 && Number.isFinite(padKm))) throw bad(`padKm = ${padKm}: must be a finite distance >= 0 km`);
  const maxRelSpeedKmS = o.maxRelSpeedKmS ?? 16;
  if (!(maxRelSpeedKmS > 0 && Number.isFinite(maxRelSpeedKmS))) throw bad(`maxRelSpeedKmS = ${maxRelSpeedKmS}: must be a finite speed > 0 km/s`);
  return Object.freeze({ thresholdKm: o.thresholdKm, nodeStepS, sampleStepS, padKm, maxRelSpeedKmS });
}
