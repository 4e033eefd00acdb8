/**
 * What a cluster's step tells the run: the events of its faults, orbits, health and
 * accelerators, and the burns that did not fly (relayed to debris-watch with `clock.done`).
 */
import { EventKinds, type EventData, type EventKind, type ManeuverFailure, type Severity } from "@orbitwin/protocol";
import type { ClusterStepSummary } from "./cluster-actor.js";

export interface StepEvent<K extends EventKind = EventKind> {
  kind: K;
  severity: Severity;
  message: string;
  data: EventData<K>;
}

export interface StepReport {
  events: StepEvent[];
  maneuversFailed: ManeuverFailure[];
}

function stepEvent<K extends EventKind>(kind: K, severity: Severity, message: string, data: EventData<K>): StepEvent {
  return { kind, severity, message, data };
}

/** The events of one cluster's step, in the order a host publishes them. */
export function stepReport(cluster: string, satIds: readonly string[], summary: ClusterStepSummary): StepReport {
  const events: StepEvent[] = [];
  const maneuversFailed: ManeuverFailure[] = [];
  for (const e of summary.faultEffects) {
    const sat = satIds[e.slot]!;
    events.push(
      stepEvent(EventKinds.faultApplied, e.detail === "recovered" ? "info" : "warning", `${sat}: ${e.kind} ${e.faultId}: ${e.detail}`, {
        sat,
        cluster,
        fault: e.faultId,
        kind: e.kind,
        detail: e.detail,
      }),
    );
  }
  for (const c of summary.orbitCommands) {
    const sat = satIds[c.slot]!;
    const severity: Severity = c.kind === "maneuver-executed" ? "info" : "error";
    events.push(stepEvent(c.kind, severity, `${sat}: ${c.detail}`, { sat, cluster, detail: c.detail, ...(c.maneuverId ? { maneuver: c.maneuverId } : {}) }));
    if (c.kind === "maneuver-failed" && c.maneuverId) maneuversFailed.push({ sat, maneuver: c.maneuverId, reason: c.detail });
  }
  if (!summary.subsystems) return { events, maneuversFailed };
  for (const h of summary.subsystems.healthChanges) {
    const severity: Severity = h.to === "dead" ? "error" : h.to === "safe-mode" || h.to === "degraded" ? "warning" : "info";
    const sat = satIds[h.slot]!;
    events.push(
      stepEvent(EventKinds.healthChanged, severity, `${sat} ${h.from} -> ${h.to}: ${h.reason}`, { sat, cluster, from: h.from, to: h.to, reason: h.reason }),
    );
  }
  for (const f of summary.subsystems.failures) {
    const sat = satIds[f.slot]!;
    events.push(
      stepEvent(EventKinds.acceleratorFailed, "warning", `${sat}: ${f.failed} accelerator(s) failed; ${f.active} working, ${f.sparesLeft} spares left`, {
        sat,
        cluster,
        failed: f.failed,
        active: f.active,
        sparesLeft: f.sparesLeft,
      }),
    );
  }
  return { events, maneuversFailed };
}
