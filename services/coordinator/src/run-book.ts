/**
 * What the coordinator knows about its run, and what each happening does to it: heartbeats and
 * their silence (supervision), operators' commands (the run clock), and the outcomes of the
 * executor's actions (assignment, restore, tick). Pure and synchronous (the wall time comes in as
 * an argument; events and wake-ups go out through hooks), so the property tests drive exactly what
 * the coordinator runs. `snapshot()` is what `nextAction` decides on.
 */
import {
  ErrorCodes,
  EventKinds,
  OrbitwinError,
  type EventData,
  type EventKind,
  type HostHeartbeat,
  type ParticipantHeartbeat,
  type ParticipantKind,
  type Severity,
} from "@orbitwin/protocol";
import { AssignmentBook, type AssignmentPlan } from "./assignment-book.js";
import type { ClusterLoad } from "./assignment.js";
import type { RunSnapshot } from "./next-action.js";
import { Recovery, type RestoreTicket } from "./recovery.js";
import { RunClock, type RunClockOptions } from "./run-clock.js";
import { Supervision } from "./supervision.js";
import type { WorkBudget } from "./work-budget.js";

/**
 * How far a host's epoch may run ahead of the coordinator's: a coordinator resuming from a
 * checkpoint finds hosts a few reassignments ahead; a hundred is far more than a real run makes.
 */
export const MAX_EPOCHS_AHEAD = 100;

export interface RunBookHooks {
  /** `atTick`: the tick the event is about when it is not the last one done (a fault starting on the tick announced). */
  emit<K extends EventKind>(kind: K, severity: Severity, message: string, data: EventData<K>, atTick?: number): void;
  /** Work under way that involves any of `ids` must be abandoned ("all": the tick in flight, whoever it waits on). */
  disrupt(ids: readonly string[] | "all"): void;
  /** Something the next decision depends on changed. */
  changed(): void;
}

export interface RunBookOptions {
  run: string;
  loads: readonly ClusterLoad[];
  clock: RunClockOptions;
  minHosts: number;
  requiredParticipants: readonly string[];
  /** the participant kinds the run takes @default every kind */
  acceptedParticipants?: readonly ParticipantKind[];
  hostTimeoutMs: number;
  participantTimeoutMs: number;
  /** how long joins may gather before the hosts are reassigned */
  joinSettleMs: number;
  /** how long loading takes: a lost host's clusters move once it has been gone that long for its satellites */
  budget: WorkBudget;
  nowMs: number;
  hooks: RunBookHooks;
}

export class RunBook {
  readonly clock: RunClock;
  readonly supervision: Supervision;
  readonly assignment: AssignmentBook;
  readonly recovery = new Recovery();
  readonly #run: string;
  readonly #minHosts: number;
  readonly #required: readonly string[];
  readonly #hooks: RunBookHooks;
  readonly #budget: WorkBudget;

  constructor(options: RunBookOptions) {
    this.clock = new RunClock(options.clock);
    this.supervision = new Supervision({
      hostTimeoutMs: options.hostTimeoutMs,
      participantTimeoutMs: options.participantTimeoutMs,
      nowMs: options.nowMs,
      ...(options.acceptedParticipants ? { acceptedParticipants: options.acceptedParticipants } : {}),
    });
    this.assignment = new AssignmentBook(options.loads, options.joinSettleMs);
    this.#run = options.run;
    this.#minHosts = options.minHosts;
    this.#required = options.requiredParticipants;
    this.#hooks = options.hooks;
    this.#budget = options.budget;
  }

  snapshot(nowMs: number): RunSnapshot {
    const c = this.clock;
    return {
      nowMs,
      state: c.state,
      started: c.started,
      firstTickDone: c.firstTickDone,
      hosts: this.supervision.hostCount,
      minHosts: this.#minHosts,
      missingParticipants: this.supervision.missing(this.#required),
      assignmentDueAtMs: this.assignment.dueAtMs(),
      restore: this.recovery.pending(),
      lastTick: c.lastTick,
      endTick: c.endTick,
      stepBudget: c.stepBudget,
      nextDueMs: c.dueMs(c.lastTick + 1, nowMs),
    };
  }

  hostHeartbeat(hb: HostHeartbeat, nowMs: number): void {
    // Epochs grow by one per reassignment: a host far ahead of the run is forged or broken, and
    // taking its epoch would push every later assignment past it.
    if (hb.epoch > this.assignment.epoch + MAX_EPOCHS_AHEAD)
      throw new OrbitwinError(
        ErrorCodes.invalidMessage,
        `fleet host ${hb.host}: epoch ${hb.epoch} is more than ${MAX_EPOCHS_AHEAD} ahead of the run's epoch ${this.assignment.epoch}`,
      );
    // Once the run has begun a join takes clusters and a restart rewinds: a process must heartbeat twice.
    const change = this.supervision.hostHeartbeat(hb, nowMs, this.clock.started);
    if (change.kind === "unproven") return;
    // Only a member's epoch counts: a heartbeat heard once or refused moves nothing.
    this.assignment.seen(hb.epoch);
    if (change.kind === "alive") return;
    const joined = change.kind === "joined";
    this.#hooks.emit(joined ? EventKinds.hostJoined : EventKinds.hostLost, joined ? "info" : "warning", `fleet host ${hb.host} ${change.kind}`, {
      host: hb.host,
      pid: hb.pid,
      hostname: hb.hostname,
    });
    if (joined) {
      this.assignment.hostJoined(hb.host, nowMs);
    } else {
      // A new process under the same id holds none of its clusters' state: back to a checkpoint,
      // even when the assignment does not change.
      if (this.clock.started) this.recovery.need();
      this.assignment.invalidate();
      this.#hooks.disrupt([hb.host]);
    }
    this.#hooks.changed();
  }

  participantHeartbeat(p: ParticipantHeartbeat, nowMs: number): void {
    // Once the run has begun a join costs a rewind: a process must heartbeat twice to be taken in.
    if (!this.supervision.participantHeartbeat(p, nowMs, this.clock.started)) return;
    this.#hooks.emit(EventKinds.participantJoined, "info", `${p.role} ${p.participant} joined the clock`, { participant: p.participant, role: p.role });
    // A participant that joins mid-run starts from nothing: everyone goes back to a checkpoint
    // before it takes part in any tick (it must not decide, or save a checkpoint, from nothing).
    if (this.clock.started) {
      this.recovery.need();
      this.#hooks.disrupt("all");
    }
    this.#hooks.changed();
  }

  /** The supervision check; returns how long this process was stalled, when it was. */
  check(nowMs: number): number | undefined {
    const { stalledMs, lostHosts, lostParticipants } = this.supervision.check(nowMs);
    if (stalledMs !== undefined) return stalledMs;
    for (const p of lostParticipants) {
      this.#hooks.emit(EventKinds.participantLost, "warning", `${p.role} ${p.id} lost: no heartbeat for ${p.silentMs} ms`, { participant: p.id, role: p.role });
    }
    for (const { host, silentMs } of lostHosts) {
      this.#hooks.emit(EventKinds.hostLost, "warning", `fleet host ${host} lost: no heartbeat for ${silentMs} ms`, { host, silentMs });
      this.#hostGone(host, nowMs);
    }
    const lost = [...lostParticipants.map((p) => p.id), ...lostHosts.map((h) => h.host)];
    if (lost.length === 0) return undefined;
    this.#hooks.disrupt(lost);
    this.#hooks.changed();
    return undefined;
  }

  planAssignment(): AssignmentPlan {
    return this.assignment.plan(this.supervision.hosts(), this.clock.lastTick + 1);
  }

  /** Every host of `plan` answered; `refusals` names those that refused or did not answer, with why. */
  assignmentAnswered(plan: AssignmentPlan, refusals: ReadonlyMap<string, string>, nowMs: number): { moved: string[] } | undefined {
    if (refusals.size > 0) {
      for (const [host, why] of refusals) {
        if (this.#hostGone(host, nowMs))
          this.#hooks.emit(EventKinds.hostLost, "warning", `fleet host ${host} refused assignment epoch ${plan.epoch}: ${why}`, { host, epoch: plan.epoch });
      }
      this.assignment.refused(plan);
      return undefined;
    }
    const { moved, hadAssignment } = this.assignment.commit(plan);
    if (moved.length > 0 && this.clock.started) this.recovery.need();
    if (hadAssignment && moved.length > 0) {
      this.#hooks.emit(EventKinds.clustersReassigned, "warning", `${moved.length} clusters moved to new hosts at tick ${plan.tick} (epoch ${plan.epoch})`, {
        epoch: plan.epoch,
        tick: plan.tick,
        moved: moved.length,
        hosts: plan.hosts,
      });
    }
    return { moved };
  }

  /** The tick's deadline passed with `late` not done: hosts among them are lost; it runs again under a new epoch. */
  tickLate(tick: number, late: readonly string[], deadlineMs: number, nowMs: number): void {
    for (const id of late) {
      const role = this.supervision.participantRole(id);
      // A service (thermal, scheduler, debris-watch) is not a fleet host: it keeps its place, and
      // its heartbeats say whether it is gone.
      if (role !== undefined)
        this.#hooks.emit(EventKinds.participantLost, "warning", `${role} ${id} late: tick ${tick} not done within ${deadlineMs} ms`, { participant: id, role });
      else if (this.#hostGone(id, nowMs))
        this.#hooks.emit(EventKinds.hostLost, "warning", `fleet host ${id} lost: tick ${tick} not done within ${deadlineMs} ms`, { host: id, tick });
    }
    this.assignment.invalidate();
    this.clock.abandoned();
  }

  /**
   * The tick in flight was interrupted. Participants that acted on it ignore it under the same
   * epoch, so it runs again under a new one, unless a restore (which resets them) comes first.
   */
  tickInterrupted(): void {
    this.clock.abandoned();
    if (!this.recovery.pending()) this.assignment.invalidate();
  }

  /** Participants that did not go back: hosts among them are dropped; the restore is tried again shortly. */
  restoreFailed(failed: Iterable<string>, nowMs: number): void {
    for (const id of failed) this.#hostGone(id, nowMs);
    this.recovery.failed(nowMs);
  }

  restored(ticket: RestoreTicket, nowMs: number): void {
    this.recovery.succeeded(ticket);
    this.clock.wentBackTo(ticket.tick, nowMs);
  }

  pause(): void {
    this.#operate("pause", () => this.clock.pause());
  }

  resume(nowMs: number): void {
    this.#operate("resume", () => this.clock.resume(nowMs));
  }

  setSpeed(speed: number | null, nowMs: number): void {
    this.#operate("change the speed of", () => this.clock.setSpeed(speed, nowMs));
  }

  step(ticks: number, nowMs: number): void {
    this.#operate("step", () => this.clock.step(ticks, nowMs));
  }

  /** Ends the run after one more tick, which reports the final digest. */
  stopRun(): void {
    this.#operate("stop", () => this.clock.stopRun());
  }

  /** An operator's restore to the complete checkpoint `tick`. */
  goBackTo(tick: number): void {
    this.refuseWhenFinished("restore");
    this.recovery.goBackTo(tick);
    this.#hooks.disrupt("all");
    this.#hooks.changed();
  }

  refuseWhenFinished(verb: string): void {
    this.clock.refuseWhenFinished(verb, this.#run);
  }

  #operate(verb: string, change: () => void): void {
    this.refuseWhenFinished(verb);
    change();
    this.#hooks.changed();
  }

  /**
   * Drops a host from the run; true when it was a member. Its clusters must move (once it has been
   * gone as long as moving them would take), and once the run has begun, everyone goes back to a
   * checkpoint: even if it comes back first, its state may be anywhere.
   */
  #hostGone(host: string, nowMs: number): boolean {
    const member = this.supervision.removeHost(host);
    if (this.clock.started && this.assignment.holds(host)) this.recovery.need();
    this.assignment.hostLost(host, nowMs, this.#budget.loadMs(this.assignment.satellitesOf(host)));
    return member;
  }
}
