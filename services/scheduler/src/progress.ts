/**
 * What a tick of the fleet delivered to a job, from the telemetry: per satellite, accelerators x
 * clock x duty cycle x dt while its health lets it compute, so throttling slows a job and a
 * satellite in safe mode or maneuvering delivers nothing. A training gang moves at the pace of
 * its slowest member and stops to all-reduce its gradients over the cluster's links each step.
 */
import { Health, SatStatus } from "@orbitwin/protocol";
import type { ClusterView } from "./cluster-view.js";
import type { Placement, ResolvedJobSpec } from "./job.js";

/**
 * Fraction of a training step spent computing: a ring all-reduce moves 2 (S - 1) / S of the
 * gradients through each satellite's link (Patarasuk & Yuan, "Bandwidth optimal all-reduce
 * algorithms for clusters of workstations", JPDC 2009); inside one satellite the accelerators'
 * own fabric is taken as free. No overlap of compute and communication (a conservative bound).
 */
export function gangSyncEfficiency(spec: ResolvedJobSpec, satellites: number, islGbps: number): number {
  if (spec.kind !== "training" || satellites <= 1 || spec.gradientGB === 0) return 1;
  const syncS = ((2 * (satellites - 1)) / satellites) * ((spec.gradientGB * 8) / islGbps);
  return spec.stepS / (spec.stepS + syncS);
}

export type TickOutcome =
  | { kind: "progress"; deliveredAh: number; energyWh: number }
  | { kind: "paused"; sat: string }
  | { kind: "interrupted"; sat: string; slot: number; reason: string };

/** The job's tick on `view`: interrupted (compute lost), paused (maneuver) or the work delivered. */
export function tickOutcome(spec: ResolvedJobSpec, placement: Placement, view: ClusterView, dtS: number, islGbps: number): TickOutcome {
  const dtH = dtS / 3600;
  let pausedAt = -1;
  let minPace = Infinity;
  let sumWork = 0;
  let energyWh = 0;
  for (let k = 0; k < placement.slots.length; k++) {
    const slot = placement.slots[k]!;
    const count = placement.counts[k]!;
    const sat = view.satIds[slot]!;
    const h = view.health[slot]!;
    if (view.status[slot] !== SatStatus.ok || h === Health.dead) return { kind: "interrupted", sat, slot, reason: "satellite lost" };
    if (view.failedThisTick[slot]! > 0) return { kind: "interrupted", sat, slot, reason: `${view.failedThisTick[slot]} accelerator(s) failed` };
    if (view.acceleratorsActive[slot]! < view.used[slot]!)
      return { kind: "interrupted", sat, slot, reason: "fewer working accelerators than the jobs on it hold" };
    // Safe mode (commanded or power shed) turns compute off: what was in accelerator memory is gone.
    if (h === Health.safeMode) return { kind: "interrupted", sat, slot, reason: "safe mode: compute powered off" };
    if (h === Health.maneuvering) {
      pausedAt = slot;
      continue;
    }
    const pace = view.clock[slot]! * view.dutyCycle[slot]!;
    minPace = Math.min(minPace, pace);
    sumWork += count * pace;
    const active = view.acceleratorsActive[slot]!;
    if (active > 0) energyWh += (view.consumedW[slot]! * count * dtH) / active;
  }
  if (pausedAt >= 0) return { kind: "paused", sat: view.satIds[pausedAt]! };
  const work = spec.kind === "training" ? spec.accelerators * minPace * gangSyncEfficiency(spec, placement.slots.length, islGbps) : sumWork;
  return { kind: "progress", deliveredAh: work * dtH, energyWh };
}
