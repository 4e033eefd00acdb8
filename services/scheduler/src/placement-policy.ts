/**
 * Placement policies, pluggable: each scores a satellite for new work (-Infinity: not eligible)
 * and says whether work should leave a satellite ahead of its shadow.
 *
 * - first-fit: the baseline. Any satellite that computes, in cluster and slot order; work stays
 *   where it is placed until something breaks it.
 * - energy-aware: follows the sun. Satellites with a battery above `minSoc` and thermal margin take
 *   work, those with at least `minSunAheadS` of sunlight ahead first, then by sunlight ahead,
 *   battery, margin and clock; `leadS` before a satellite enters the shadow its jobs checkpoint
 *   and move to satellites in the sun when there is room (else they stay, and a power shed in the
 *   eclipse costs only the work since that checkpoint).
 */
import { Health, type PlacementPolicyName, type SchedulerSection } from "@orbitwin/protocol";
import type { ClusterView, SunAheadOptions } from "./cluster-view.js";

export interface PlacementPolicy {
  readonly name: PlacementPolicyName;
  /** sunlight-ahead prediction the policy reads from the views; undefined: none */
  readonly sunAhead: SunAheadOptions | undefined;
  /** true: clusters and satellites best score first; false: in id and slot order */
  readonly byScore: boolean;
  score(view: ClusterView, slot: number): number;
  /** true when the jobs on this satellite should checkpoint and move (when there is room) now */
  leaveNow(view: ClusterView, slot: number): boolean;
}

/** The scenario's `scheduler.energyAware` thresholds. */
export type EnergyAwareOptions = NonNullable<SchedulerSection["energyAware"]>;

export const firstFitPolicy: PlacementPolicy = Object.freeze({
  name: "first-fit" as const,
  sunAhead: undefined,
  byScore: false,
  score: (view: ClusterView, slot: number) => (view.canCompute(slot) ? 0 : -Infinity),
  leaveNow: () => false,
});

export function energyAwarePolicy(options: EnergyAwareOptions = {}): PlacementPolicy {
  const minSunAheadS = options.minSunAheadS ?? 1200;
  const leadS = options.leadS ?? 120;
  const minSoc = options.minSoc ?? 0.5;
  const minMarginK = options.minMarginK ?? 3;
  // Look one full sunlit window ahead: past it the ranking cannot change.
  const horizonS = 2 * minSunAheadS;
  return Object.freeze({
    name: "energy-aware" as const,
    sunAhead: { horizonS, stepS: 30 },
    byScore: true,
    score(view: ClusterView, slot: number): number {
      if (!view.canCompute(slot)) return -Infinity;
      const sunAheadS = view.sunAheadS[slot]!;
      const soc = view.batterySoc[slot]!;
      const marginK = view.marginK[slot]!;
      if (soc < minSoc || marginK < minMarginK) return -Infinity;
      const sunTier = sunAheadS >= minSunAheadS ? 10 : 0;
      const healthPenalty = view.health[slot] === Health.nominal ? 0 : 0.5;
      return sunTier + Math.min(sunAheadS, horizonS) / horizonS + soc + Math.min(marginK, 30) / 30 + view.clock[slot]! - healthPenalty;
    },
    leaveNow: (view: ClusterView, slot: number) => view.sunAheadS[slot]! <= leadS,
  });
}

export function placementPolicy(name: PlacementPolicyName, options: EnergyAwareOptions = {}): PlacementPolicy {
  return name === "first-fit" ? firstFitPolicy : energyAwarePolicy(options);
}
