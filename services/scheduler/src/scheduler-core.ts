/**
 * The scheduler's decision for one tick, as a pure step of (its state, the tick's telemetry, the
 * tick): account what the fleet delivered to each placed job, react (restart from the last
 * checkpoint after a failure or a power-off, pause for a maneuver, move ahead of an eclipse when
 * the policy says so), admit arrivals and submissions, place the queue, and set every satellite's
 * load to the share of its accelerators the jobs hold. No I/O: the service sends what it returns.
 */
import {
  DEFAULT_RUN_LIMITS,
  EventKinds,
  raisedEvent,
  type EventData,
  type EventKind,
  type JobDetail,
  type JobSpec,
  type JobState,
  type RaisedEvent,
  type RunLimits,
  type SatelliteCommand,
  type SchedulerStatus,
  type Severity,
} from "@orbitwin/protocol";
import type { ArrivalProcesses } from "./arrivals.js";
import type { ClusterView } from "./cluster-view.js";
import { detailOf, pageOfJobs, type JobPage } from "./job-listing.js";
import { JobIntake, type AdmittedJobs, type JobIntakeSnapshot, type PlannedSubmission } from "./job-intake.js";
import { newJob, type Job } from "./job.js";
import { PlacementRound, release } from "./placement.js";
import type { PlacementPolicy } from "./placement-policy.js";
import { tickOutcome } from "./progress.js";

/** An event about a job (`job-*`), its data typed by kind. */
export type JobEvent = RaisedEvent;
type JobEventKind = Extract<EventKind, `job-${string}`>;

export interface TickInput {
  tick: number;
  /** length of the tick that ended at `tick`, s */
  dtS: number;
}

export interface TickDecision {
  commands: Map<string, SatelliteCommand[]>;
  events: JobEvent[];
}

export interface SchedulerCoreSnapshot extends JobIntakeSnapshot {
  jobs: Job[];
  seq: number;
  lastTick: number;
  acceleratorsUsed: number;
  acceleratorsAvailable: number;
  totals: Totals;
  arrived: number[];
}

export interface SchedulerCoreOptions {
  policy: PlacementPolicy;
  /** inter-satellite link bandwidth per satellite, Gbit/s */
  islGbps: number;
  arrivals?: ArrivalProcesses;
  /** @default DEFAULT_RUN_LIMITS's */
  limits?: Pick<RunLimits, "jobsQueued" | "jobsPerSubmit">;
}

/** Running totals of the run, accelerator-hours unless named otherwise. */
interface Totals {
  deliveredAh: number;
  lostAh: number;
  stalledAh: number;
  restarts: number;
  migrations: number;
  placed: number;
  queueWaitS: number;
  completedEnergyWh: number;
  completed: number;
}

const LOAD_EPSILON = 1e-6;
/**
 * Finished jobs kept for `jobs show` and `jobs list`; older ones are forgotten (their events stay
 * in the run's history), so memory and checkpoints stay bounded on a long run.
 */
export const FINISHED_JOBS_KEPT = 1000;

export class SchedulerCore {
  readonly policy: PlacementPolicy;
  readonly #islGbps: number;
  readonly #arrivals: ArrivalProcesses | undefined;
  /** the jobs admitted and not forgotten, in admission order */
  readonly #jobs = new Map<string, Job>();
  readonly #intake: JobIntake;
  readonly #admitted: AdmittedJobs = {
    has: (id) => this.#jobs.has(id),
    queued: () => {
      let n = 0;
      for (const job of this.#jobs.values()) if (job.state === "queued") n++;
      return n;
    },
  };
  #seq = 0;
  #lastTick = 0;
  #acceleratorsUsed = 0;
  #acceleratorsAvailable = 0;
  readonly #totals: Totals = {
    deliveredAh: 0,
    lostAh: 0,
    stalledAh: 0,
    restarts: 0,
    migrations: 0,
    placed: 0,
    queueWaitS: 0,
    completedEnergyWh: 0,
    completed: 0,
  };

  constructor(options: SchedulerCoreOptions) {
    this.policy = options.policy;
    this.#islGbps = options.islGbps;
    this.#arrivals = options.arrivals;
    this.#intake = new JobIntake(options.limits ?? DEFAULT_RUN_LIMITS);
  }

  /**
   * Takes jobs for admission at the next decision. All are checked first; a bad one refuses the
   * whole submission, naming its field, one over a limit names the limit, and nothing changes.
   */
  submit(specs: readonly JobSpec[]): string[] {
    const planned = this.plan(specs);
    this.accept(planned);
    return planned.jobs.map((j) => j.id);
  }

  /** Checks a submission and names its jobs, changing nothing (throws as `submit` does). */
  plan(specs: readonly JobSpec[]): PlannedSubmission {
    return this.#intake.plan(specs, this.#admitted);
  }

  /** Takes a planned submission, stored as `seq` in the run's job submissions. */
  accept(planned: PlannedSubmission, seq?: number): void {
    this.#intake.accept(planned, seq);
  }

  /** The last stored submission this state holds: a restore takes every later one again. */
  get submissionSeq(): number {
    return this.#intake.submissionSeq;
  }

  /** Takes again a submission stored after the restored checkpoint. */
  replaySubmission(seq: number, jobs: readonly JobSpec[]): void {
    this.#intake.replay(seq, jobs, this.#admitted);
  }

  /** Submissions stored before `seq` belong to an earlier run under the same id. */
  startAfter(seq: number): void {
    this.#intake.startAfter(seq);
  }

  /** The decision for `input.tick`, once every cluster's batch of that tick is in `views`. */
  decide(input: TickInput, views: ReadonlyMap<string, ClusterView>): TickDecision {
    const events: JobEvent[] = [];
    const tick = input.tick;
    this.#lastTick = tick;
    for (const job of this.#jobs.values()) {
      if (job.state === "completed") continue;
      if (job.state === "queued") {
        job.queueWaitS += input.dtS;
        continue;
      }
      this.#account(job, views, input, events);
    }
    const movers: Job[] = [];
    for (const job of this.#jobs.values()) if (job.state === "running" && job.placedTick < tick && this.#nearShadow(job, views, events)) movers.push(job);
    this.#admit(tick, input.dtS, events);
    // Scoring every satellite is the costly part: only when something is to be placed or moved.
    let round: PlacementRound | undefined;
    const placing = () => (round ??= new PlacementRound(this.policy, [...views.values()]));
    this.#place(tick, views, placing, events);
    for (const job of movers) this.#move(job, placing(), tick, views, events);
    this.#forgetOldFinished();
    return { commands: this.#loads(views), events };
  }

  /** Keeps the newest FINISHED_JOBS_KEPT finished jobs (in admission order, so every replica forgets the same). */
  #forgetOldFinished(): void {
    let finished = 0;
    for (const job of this.#jobs.values()) if (job.state === "completed") finished++;
    for (const job of this.#jobs.values()) {
      if (finished <= FINISHED_JOBS_KEPT) return;
      if (job.state !== "completed") continue;
      this.#jobs.delete(job.id);
      finished--;
    }
  }

  #account(job: Job, views: ReadonlyMap<string, ClusterView>, input: TickInput, events: JobEvent[]): void {
    const placement = job.placement!;
    const view = views.get(placement.cluster)!;
    // Placed on this tick: its load applies from the next one.
    if (job.placedTick >= input.tick) return;
    const heldAh = (job.resolved.accelerators * input.dtS) / 3600;
    const outcome = tickOutcome(job.resolved, placement, view, input.dtS, this.#islGbps);
    if (outcome.kind === "interrupted") {
      const lostAh = job.doneAh - job.checkpointAh;
      job.lostAh += lostAh;
      job.stalledAh += heldAh;
      job.doneAh = job.checkpointAh;
      job.sinceCheckpointS = 0;
      job.restarts++;
      this.#totals.lostAh += lostAh;
      this.#totals.stalledAh += heldAh;
      this.#totals.restarts++;
      job.avoid = { cluster: placement.cluster, slot: outcome.slot };
      this.#requeue(job, views, `restarting from its last checkpoint: ${outcome.sat} ${outcome.reason}`);
      events.push(
        jobEvent(
          EventKinds.jobInterrupted,
          "warning",
          `${job.id}: ${outcome.sat} ${outcome.reason}; restarts from its checkpoint, ${lostAh.toFixed(3)} accelerator-hours lost`,
          job,
          { sat: outcome.sat, reason: outcome.reason, lostAcceleratorHours: lostAh },
        ),
      );
      return;
    }
    if (outcome.kind === "paused") {
      job.stalledAh += heldAh;
      this.#totals.stalledAh += heldAh;
      if (job.state !== "paused") {
        job.state = "paused";
        job.reason = `paused: ${outcome.sat} is maneuvering`;
        events.push(jobEvent(EventKinds.jobPaused, "info", `${job.id}: paused while ${outcome.sat} maneuvers`, job, { sat: outcome.sat }));
      }
      return;
    }
    if (job.state === "paused") {
      job.state = "running";
      job.reason = "running";
      events.push(jobEvent(EventKinds.jobResumed, "info", `${job.id}: resumed`, job, {}));
    }
    const remainingAh = job.resolved.acceleratorHours - job.doneAh;
    const deliveredAh = Math.min(outcome.deliveredAh, remainingAh);
    job.doneAh += deliveredAh;
    job.deliveredAh += deliveredAh;
    job.stalledAh += heldAh - deliveredAh;
    job.energyWh += outcome.energyWh;
    job.sinceCheckpointS += input.dtS;
    this.#totals.deliveredAh += deliveredAh;
    this.#totals.stalledAh += heldAh - deliveredAh;
    if (job.doneAh >= job.resolved.acceleratorHours - 1e-9) {
      job.state = "completed";
      job.reason = "completed";
      job.completedTick = input.tick;
      job.checkpointAh = job.doneAh;
      release(view, placement);
      job.placement = undefined;
      this.#totals.completed++;
      this.#totals.completedEnergyWh += job.energyWh;
      events.push(
        jobEvent(EventKinds.jobCompleted, "info", `${job.id}: completed, ${job.energyWh.toFixed(0)} Wh`, job, {
          energyWh: job.energyWh,
          lostAcceleratorHours: job.lostAh,
          queueWaitS: job.queueWaitS,
        }),
      );
    } else if (job.sinceCheckpointS >= job.resolved.checkpointIntervalS) {
      this.#checkpoint(job, events, "interval");
    }
  }

  #checkpoint(job: Job, events: JobEvent[], why: EventData<typeof EventKinds.jobCheckpointed>["why"]): void {
    job.checkpointAh = job.doneAh;
    job.sinceCheckpointS = 0;
    events.push(
      jobEvent(EventKinds.jobCheckpointed, "info", `${job.id}: checkpoint at ${job.doneAh.toFixed(3)} accelerator-hours (${why})`, job, {
        checkpointAcceleratorHours: job.doneAh,
        why,
      }),
    );
  }

  /** The policy's eclipse reaction, part one: a checkpoint as the shadow nears. Returns true when the job should move. */
  #nearShadow(job: Job, views: ReadonlyMap<string, ClusterView>, events: JobEvent[]): boolean {
    const placement = job.placement!;
    const view = views.get(placement.cluster)!;
    if (!placement.slots.some((slot) => this.policy.leaveNow(view, slot))) {
      job.shadowCheckpointed = false;
      return false;
    }
    if (!job.shadowCheckpointed && Number.isFinite(job.resolved.checkpointIntervalS)) this.#checkpoint(job, events, "shadow ahead");
    job.shadowCheckpointed = true;
    return true;
  }

  /** Part two, after the queue is placed: move to satellites in the sun, when there is room. */
  #move(job: Job, round: PlacementRound, tick: number, views: ReadonlyMap<string, ClusterView>, events: JobEvent[]): void {
    const from = job.placement!;
    const placement = round.place(job.resolved.accelerators, (view, slot) => this.policy.leaveNow(view, slot));
    if (!placement) return;
    release(views.get(from.cluster)!, from);
    job.placement = placement;
    job.placedTick = tick;
    job.shadowCheckpointed = false;
    job.migrations++;
    this.#totals.migrations++;
    const sats = placement.slots.map((s) => views.get(placement.cluster)!.satIds[s]!);
    events.push(
      jobEvent(EventKinds.jobMigrated, "info", `${job.id}: moved to ${sats.length} satellite(s) of ${placement.cluster} ahead of an eclipse`, job, {
        cluster: placement.cluster,
        sats,
      }),
    );
  }

  #requeue(job: Job, views: ReadonlyMap<string, ClusterView>, reason: string): void {
    const placement = job.placement!;
    release(views.get(placement.cluster)!, placement);
    job.placement = undefined;
    job.state = "queued";
    job.reason = reason;
  }

  #admit(tick: number, dtS: number, events: JobEvent[]): void {
    const arrived = (this.#arrivals?.arrivalsAt(tick, dtS) ?? []).map((a) => ({ ...a, submitted: false }));
    for (const { id, spec, submitted } of [...this.#intake.takeAll().map((p) => ({ ...p, submitted: true })), ...arrived]) {
      if (this.#jobs.has(id)) continue;
      const job = newJob(id, this.#seq++, spec, tick, submitted);
      this.#jobs.set(id, job);
      events.push(
        jobEvent(
          EventKinds.jobSubmitted,
          "info",
          `${id}: ${spec.kind} job of ${spec.accelerators} accelerators, ${spec.acceleratorHours} accelerator-hours`,
          job,
          { accelerators: spec.accelerators, acceleratorHours: spec.acceleratorHours },
        ),
      );
    }
  }

  #place(tick: number, views: ReadonlyMap<string, ClusterView>, placing: () => PlacementRound, events: JobEvent[]): void {
    const queue = [...this.#jobs.values()].filter((j) => j.state === "queued");
    queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    if (queue.length === 0) return;
    const round = placing();
    for (const job of queue) {
      const avoid = job.avoid;
      const placement = round.place(job.resolved.accelerators, avoid ? (view, slot) => view.cluster === avoid.cluster && slot === avoid.slot : undefined);
      if (!placement) {
        const reason = `queued: no cluster has ${job.resolved.accelerators} free accelerators on satellites the ${this.policy.name} policy accepts`;
        // Reported once as it starts to wait, not every tick it waits.
        if (job.reason !== reason)
          events.push(
            jobEvent(EventKinds.jobQueued, "info", `${job.id}: ${reason} (the most free in one cluster now: ${round.largestFree})`, job, {
              accelerators: job.resolved.accelerators,
              largestFreeAccelerators: round.largestFree,
            }),
          );
        job.reason = reason;
        continue;
      }
      job.placement = placement;
      job.avoid = undefined;
      job.placedTick = tick;
      job.state = "running";
      job.reason = "running";
      const sats = placement.slots.map((s) => views.get(placement.cluster)!.satIds[s]!);
      if (job.startedTick === null) {
        job.startedTick = tick;
        this.#totals.placed++;
        this.#totals.queueWaitS += job.queueWaitS;
      }
      events.push(
        jobEvent(EventKinds.jobPlaced, "info", `${job.id}: placed on ${sats.length} satellite(s) of ${placement.cluster}`, job, {
          cluster: placement.cluster,
          sats,
          counts: placement.counts,
        }),
      );
    }
  }

  /** Load per satellite = accelerators its jobs hold / working accelerators; sent when it changes. */
  #loads(views: ReadonlyMap<string, ClusterView>): Map<string, SatelliteCommand[]> {
    const commands = new Map<string, SatelliteCommand[]>();
    let used = 0;
    let available = 0;
    for (const view of views.values()) {
      if (!view.hasBus) continue;
      const list: SatelliteCommand[] = [];
      for (let i = 0; i < view.count; i++) {
        const active = view.acceleratorsActive[i]!;
        if (view.canCompute(i)) available += active;
        used += view.used[i]!;
        const load = active > 0 ? Math.min(1, view.used[i]! / active) : 0;
        if (Math.abs(load - view.loadSent[i]!) < LOAD_EPSILON) continue;
        view.loadSent[i] = load;
        list.push({ sat: view.satIds[i]!, load });
      }
      if (list.length > 0) commands.set(view.cluster, list);
    }
    this.#acceleratorsUsed = used;
    this.#acceleratorsAvailable = available;
    return commands;
  }

  /** The whole state after a decision, plain data, for a coordinated checkpoint. */
  snapshot(): SchedulerCoreSnapshot {
    return structuredClone({
      ...this.#intake.snapshot(),
      jobs: [...this.#jobs.values()],
      seq: this.#seq,
      lastTick: this.#lastTick,
      acceleratorsUsed: this.#acceleratorsUsed,
      acceleratorsAvailable: this.#acceleratorsAvailable,
      totals: this.#totals,
      arrived: this.#arrivals?.snapshot() ?? [],
    });
  }

  /**
   * Goes back to a snapshot. Jobs submitted over the bus since it was taken are not lost: they
   * are admitted again at the next decision (the scenario's arrivals replay by themselves), those
   * this process still holds now, and those stored after the snapshot (`replaySubmission`).
   */
  restore(snap: SchedulerCoreSnapshot): void {
    const kept = new Set(snap.jobs.map((j) => j.id));
    const resubmit = [...this.#jobs.values()].filter((j) => j.submitted && !kept.has(j.id)).map((j) => ({ id: j.id, spec: j.spec }));
    this.#jobs.clear();
    for (const job of structuredClone(snap.jobs)) this.#jobs.set(job.id, job);
    this.#intake.restore(snap, resubmit, this.#admitted);
    this.#seq = snap.seq;
    this.#lastTick = snap.lastTick;
    this.#acceleratorsUsed = snap.acceleratorsUsed;
    this.#acceleratorsAvailable = snap.acceleratorsAvailable;
    Object.assign(this.#totals, snap.totals);
    this.#arrivals?.restore(snap.arrived);
  }

  status(decideMs: number): SchedulerStatus {
    const counts: Record<JobState, number> = { queued: 0, running: 0, paused: 0, completed: 0 };
    for (const job of this.#jobs.values()) counts[job.state]++;
    counts.queued += this.#intake.size;
    // Finished jobs are forgotten past FINISHED_JOBS_KEPT; the count is of all of them.
    counts.completed = this.#totals.completed;
    const t = this.#totals;
    const goodputAh = t.deliveredAh - t.lostAh;
    const heldAh = t.deliveredAh + t.stalledAh;
    return {
      tick: this.#lastTick,
      policy: this.policy.name,
      ...counts,
      acceleratorsUsed: this.#acceleratorsUsed,
      acceleratorsAvailable: this.#acceleratorsAvailable,
      utilization: this.#acceleratorsAvailable > 0 ? this.#acceleratorsUsed / this.#acceleratorsAvailable : 0,
      deliveredAcceleratorHours: t.deliveredAh,
      goodputAcceleratorHours: goodputAh,
      lostAcceleratorHours: t.lostAh,
      stalledAcceleratorHours: t.stalledAh,
      goodputFraction: heldAh > 0 ? goodputAh / heldAh : 0,
      meanQueueWaitS: t.placed > 0 ? t.queueWaitS / t.placed : 0,
      energyPerCompletedJobWh: t.completed > 0 ? t.completedEnergyWh / t.completed : 0,
      restarts: t.restarts,
      migrations: t.migrations,
      decideMs,
    };
  }

  /** A page of the jobs held (job-listing.ts). */
  list(state: JobState | undefined, limit: number, after?: string): JobPage {
    return pageOfJobs({ lastTick: this.#lastTick, jobs: this.#jobs.values(), pending: this.#intake.entries(), state, limit, after });
  }

  /** undefined when no job has that id. */
  show(id: string, views: ReadonlyMap<string, ClusterView>): JobDetail | undefined {
    const job = this.#jobs.get(id);
    if (!job) {
      const pending = this.#intake.get(id);
      return pending ? detailOf(newJob(id, -1, pending, this.#lastTick, true), views) : undefined;
    }
    return detailOf(job, views);
  }
}

/** A job's event: what every one says of its job, and the kind's own data. */
function jobEvent<K extends JobEventKind>(
  kind: K,
  severity: Severity,
  message: string,
  job: Job,
  data: Omit<EventData<K>, "job" | "kind" | "doneAcceleratorHours">,
): JobEvent {
  return raisedEvent(kind, severity, message, { job: job.id, kind: job.resolved.kind, doneAcceleratorHours: job.doneAh, ...data });
}
