/**
 * A job as the scheduler tracks it: its spec with defaults resolved, where it runs, and its
 * accounts in accelerator-hours (one accelerator at full clock for one hour).
 */
import type { JobKind, JobSpec, JobState, LatencyClass } from "@orbitwin/protocol";

export interface ResolvedJobSpec {
  kind: JobKind;
  accelerators: number;
  acceleratorHours: number;
  /** Infinity: the job keeps no state (inference) and loses nothing on a restart */
  checkpointIntervalS: number;
  latencyClass: LatencyClass;
  stepS: number;
  gradientGB: number;
}

export const DEFAULT_CHECKPOINT_S: Record<JobKind, number> = { training: 1800, batch: 600, inference: Infinity };

export function resolveJobSpec(spec: JobSpec): ResolvedJobSpec {
  return {
    kind: spec.kind,
    accelerators: spec.accelerators,
    acceleratorHours: spec.acceleratorHours,
    checkpointIntervalS: spec.kind === "inference" ? Infinity : (spec.checkpointIntervalS ?? DEFAULT_CHECKPOINT_S[spec.kind]),
    latencyClass: spec.latencyClass ?? "standard",
    stepS: spec.stepS ?? 1,
    gradientGB: spec.gradientGB ?? 1,
  };
}

/** Queue order: interactive inference, other inference, training, batch; then submission order. */
export function priorityOf(spec: ResolvedJobSpec): number {
  if (spec.kind === "inference") return spec.latencyClass === "interactive" ? 0 : 1;
  return spec.kind === "training" ? 2 : 3;
}

export interface Placement {
  cluster: string;
  slots: number[];
  /** accelerators used on each slot */
  counts: number[];
}

export interface Job {
  readonly id: string;
  readonly seq: number;
  readonly spec: JobSpec;
  readonly resolved: ResolvedJobSpec;
  readonly priority: number;
  state: JobState;
  reason: string;
  placement: Placement | undefined;
  /** tick its present placement was decided on; its load applies from the next */
  placedTick: number;
  /** checkpointed ahead of its satellites' shadow; cleared when it moves or the shadow passes */
  shadowCheckpointed: boolean;
  /** the satellite it was interrupted on: its next placement goes elsewhere */
  avoid: { cluster: string; slot: number } | undefined;
  doneAh: number;
  checkpointAh: number;
  deliveredAh: number;
  lostAh: number;
  stalledAh: number;
  energyWh: number;
  /** job time since the last checkpoint, s */
  sinceCheckpointS: number;
  queueWaitS: number;
  readonly submittedTick: number;
  /** submitted over the bus (not drawn from the scenario's arrivals): kept across a restore */
  readonly submitted: boolean;
  startedTick: number | null;
  completedTick: number | null;
  restarts: number;
  migrations: number;
}

export function newJob(id: string, seq: number, spec: JobSpec, tick: number, submitted: boolean): Job {
  const resolved = resolveJobSpec(spec);
  return {
    id,
    seq,
    spec,
    resolved,
    priority: priorityOf(resolved),
    state: "queued",
    reason: "waiting for the next placement",
    placement: undefined,
    placedTick: -1,
    shadowCheckpointed: false,
    avoid: undefined,
    doneAh: 0,
    checkpointAh: 0,
    deliveredAh: 0,
    lostAh: 0,
    stalledAh: 0,
    energyWh: 0,
    sinceCheckpointS: 0,
    queueWaitS: 0,
    submittedTick: tick,
    submitted,
    startedTick: null,
    completedTick: null,
    restarts: 0,
    migrations: 0,
  };
}
