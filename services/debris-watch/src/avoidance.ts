/**
 * Avoidance maneuver planning: the smallest along-track burn, in a fixed ladder within the
 * satellite's limits, after which the conjunction's probability falls well below the maneuver
 * threshold. Along-track burns are the operators' usual choice: they change the period, so the
 * satellite's arrival at the crossing shifts by ~3 dv t, which grows with lead time.
 */
import { applyImpulsiveManeuver, closestApproach, sgp4Trajectory, toSatrec, type Encounter, type MeanElements } from "@orbitwin/physics";
import type { CatalogObject } from "./catalog.js";
import type { ResolvedDebrisConfig } from "./config.js";
import { rateEncounter } from "./rating.js";

export interface BurnPlan {
  deltaVRtnMS: [number, number, number];
  elements: MeanElements;
  pcAfter: number;
  missKmAfter: number;
}

const LADDER_MS = [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
/** The burn must bring the probability this far below the maneuver threshold. */
const SAFETY_FACTOR = 0.1;
const SEARCH_HALF_WIDTH_MS = 20 * 60_000;

/**
 * Candidate burns in the order to try them, each with its outcome on this conjunction; the
 * caller confirms a candidate against the whole catalog. Empty when no burn in the ladder
 * helps or the satellite has no delta-v left.
 */
export function* candidateBurns(
  sat: CatalogObject,
  other: CatalogObject,
  tcaMs: number,
  burnMs: number,
  nowMs: number,
  config: ResolvedDebrisConfig,
): Generator<BurnPlan> {
  const m = config.mitigation;
  const limit = Math.min(m.maxBurnMS, m.budgetMS - sat.deltaVUsedMS);
  for (const dv of LADDER_MS) {
    if (dv > limit + 1e-12) return;
    for (const sign of [1, -1]) {
      const deltaVRtnMS: [number, number, number] = [0, sign * dv, 0];
      let elements: MeanElements;
      try {
        elements = applyImpulsiveManeuver(sat.elements, burnMs, [0, (sign * dv) / 1000, 0], "rtn").elements;
      } catch {
        continue;
      }
      const moved: CatalogObject = { ...sat, elements, satrec: toSatrec(elements) };
      const after = closestApproach(
        sgp4Trajectory(moved.satrec),
        sgp4Trajectory(other.satrec),
        tcaMs - SEARCH_HALF_WIDTH_MS,
        tcaMs + SEARCH_HALF_WIDTH_MS,
        10_000,
        1,
      );
      const { pcAfter, missKmAfter } = after ? outcome(moved, other, after, nowMs, config) : { pcAfter: 0, missKmAfter: Infinity };
      if (pcAfter < m.maneuverPc * SAFETY_FACTOR) yield { deltaVRtnMS, elements, pcAfter, missKmAfter };
    }
  }
}

function outcome(
  moved: CatalogObject,
  other: CatalogObject,
  e: Encounter,
  nowMs: number,
  config: ResolvedDebrisConfig,
): { pcAfter: number; missKmAfter: number } {
  return { pcAfter: rateEncounter(moved, other, e, nowMs, config).pc, missKmAfter: e.missKm };
}
