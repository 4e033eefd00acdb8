/**
 * The coordinator's executor: asks `nextAction` what to do, does it over the bus, feeds the outcome
 * back into the run book and asks again; while it waits, any change wakes it. Work under way is
 * abandoned where a change makes it moot: a tick that waits on a host that was lost, restarted or
 * refused, or on a participant that joined mid-run; a host's part of an assignment or a restore
 * when that host is lost (waiting on it would only wait for the deadline).
 */
import { EventKinds, type ClockDone, type EventData, type EventKind, type HistoryConfig, type Scenario, type Severity } from "@orbitwin/protocol";
import { combineClusterDigests, type Bus, type CheckpointStore, type Logger, type WallClock } from "@orbitwin/runtime";
import { AssignRound } from "./assign-round.js";
import { ChangeSignal } from "./change-signal.js";
import type { CheckpointRecorder, CoordinatorCheckpoint } from "./checkpoint-recorder.js";
import type { CheckpointSchedule } from "./checkpoint-schedule.js";
import type { FailedBurns } from "./failed-burns.js";
import type { FaultBook } from "./fault-book.js";
import { nextAction } from "./next-action.js";
import { RestoreRound } from "./restore.js";
import { RunBook, type RunBookOptions } from "./run-book.js";
import type { TickAggregate } from "./tick-aggregate.js";
import { TickRound, publishFleetAggregate } from "./tick-round.js";
import type { WorkBudget } from "./work-budget.js";

export interface RunResult {
  ticks: number;
  satellites: number;
  simTimeMs: number;
  digest: string;
  /** the last tick's fleet subsystem totals; absent for orbit-only runs */
  subsystems?: NonNullable<ReturnType<TickAggregate["fleetSubsystems"]>>;
}

export interface RunExecutorOptions {
  book: Omit<RunBookOptions, "hooks" | "nowMs">;
  bus: Bus;
  scenario: Scenario;
  clusters: number;
  satellites: number;
  history: HistoryConfig;
  wallClock: WallClock;
  log: Logger;
  budget: WorkBudget;
  faults: FaultBook;
  failedBurns: FailedBurns;
  checkpoints: CheckpointSchedule;
  store: () => CheckpointStore;
  recorder: () => CheckpointRecorder;
  /** the operation log's sequence applied so far, for a checkpoint */
  opsSeq: () => number;
  emit: <K extends EventKind>(kind: K, severity: Severity, message: string, data: EventData<K>, atTick?: number) => void;
}

export class RunExecutor {
  readonly book: RunBook;
  readonly #o: RunExecutorOptions;
  readonly #run: string;
  readonly #changed = new ChangeSignal();
  readonly #stopping = new AbortController();
  #underway: TickRound | AssignRound | RestoreRound | undefined;
  #restoreSeq = 0;
  #digest: string | null = null;
  #lastSubsystems: ReturnType<TickAggregate["fleetSubsystems"]>;
  #loop: Promise<void> = Promise.resolve();
  #resolveFinished!: (result: RunResult) => void;
  readonly finished = new Promise<RunResult>((resolve) => (this.#resolveFinished = resolve));

  constructor(options: RunExecutorOptions) {
    this.#o = options;
    this.#run = options.book.run;
    const hooks = { emit: options.emit, disrupt: (ids: readonly string[] | "all") => this.#disrupt(ids), changed: () => this.#changed.notify() };
    this.book = new RunBook({ ...options.book, nowMs: options.wallClock.now(), hooks });
  }

  get digest(): string | null {
    return this.#digest;
  }

  simTimeAt(tick: number): number {
    return this.#o.scenario.epochMs + tick * this.#o.scenario.dtMs;
  }

  /** Starts the loop; `onError` gets what ends it abnormally. */
  start(onError: (err: unknown) => void): void {
    this.#loop = this.#runLoop().catch(onError);
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#changed.notify();
    const underway = this.#underway;
    if (underway instanceof TickRound) underway.interrupt();
    else underway?.cancel();
    await this.#loop;
  }

  /** The supervision check, run on a timer. */
  check(): void {
    const stalledMs = this.book.check(this.#o.wallClock.now());
    if (stalledMs !== undefined) this.#o.log.warn({ stalledMs }, "the coordinator was stalled: heartbeat silence during the stall is not held against anyone");
  }

  onDone(done: ClockDone): void {
    if (!this.book.supervision.fromKnownProcess(done)) return;
    const round = this.#underway;
    if (round instanceof TickRound && round.accept(done)) this.#o.checkpoints.confirm(done);
  }

  async #runLoop(): Promise<void> {
    const { wallClock } = this.#o;
    while (!this.#stopping.signal.aborted) {
      // The decision and the wait it calls for run without interleaving, so no change is missed.
      const action = nextAction(this.book.snapshot(wallClock.now()));
      switch (action.kind) {
        case "wait":
          if (action.for === "end") return;
          await (action.untilMs === undefined ? this.#changed.wait() : wallClock.sleep(action.untilMs - wallClock.now(), this.#changed.signal));
          break;
        case "assign":
          await this.#assign();
          break;
        case "restore":
          await this.#restore();
          break;
        case "tick":
          await this.#tick(action.tick, action.dueMs);
          break;
        case "finish":
          this.#finish(action.tick);
          return;
      }
    }
  }

  #disrupt(ids: readonly string[] | "all"): void {
    const underway = this.#underway;
    if (underway instanceof TickRound) {
      if (ids === "all" || ids.some((id) => underway.waitsOn(id) || this.book.assignment.current.has(id))) underway.interrupt();
    } else if (underway && ids !== "all") {
      underway.abandon(ids);
    }
  }

  async #underwayUntilDone<T>(round: TickRound | AssignRound | RestoreRound, run: () => Promise<T>): Promise<T> {
    this.#underway = round;
    try {
      return await run();
    } finally {
      this.#underway = undefined;
    }
  }

  async #assign(): Promise<void> {
    const book = this.book;
    const { budget, wallClock } = this.#o;
    const plan = book.planAssignment();
    const nowMs = wallClock.now();
    const toLoad = new Map(plan.hosts.map((h) => [h, book.assignment.satellitesToLoad(h, plan)]));
    for (const [host, satellites] of toLoad) book.supervision.expectBusy(host, nowMs + budget.loadMs(satellites));
    const round = new AssignRound({
      bus: this.#o.bus,
      run: this.#run,
      wallClock,
      plan,
      simTimeMs: this.simTimeAt(plan.tick),
      sampleEveryTicks: this.#o.history.sampleEveryTicks,
      deadlineMs: (host) => budget.loadDeadlineMs(toLoad.get(host) ?? 0),
    });
    const refusals = await this.#underwayUntilDone(round, () => round.run());
    if (this.#stopping.signal.aborted) return;
    const taken = book.assignmentAnswered(plan, refusals, wallClock.now());
    if (taken) this.#o.log.info({ epoch: plan.epoch, hosts: plan.hosts.length, moved: taken.moved.length }, "clusters assigned");
  }

  async #restore(): Promise<void> {
    const book = this.book;
    const { budget, wallClock, failedBurns } = this.#o;
    const ticket = book.recovery.begin();
    const { tick } = ticket;
    // An operator's restore may go back past what is kept in memory: the checkpoint has its own.
    if (ticket.chosen)
      failedBurns.record(tick, ((await this.#o.store().manifest(tick))?.coordinator as CoordinatorCheckpoint | undefined)?.maneuversFailed ?? []);
    const hosts = book.assignment.hostsWithClusters();
    const participants = [...hosts, ...book.supervision.participantIds()];
    const epoch = book.assignment.epoch;
    const nowMs = wallClock.now();
    for (const host of hosts) book.supervision.expectBusy(host, nowMs + budget.loadMs(book.assignment.satellitesOf(host)));
    const timeoutMs = budget.loadDeadlineMs(book.assignment.maxSatellitesPerHost());
    const round = new RestoreRound({
      bus: this.#o.bus,
      run: this.#run,
      tick,
      epoch,
      participants,
      timeoutMs,
      wallClock,
      restoreId: `${epoch}-${++this.#restoreSeq}`,
    });
    const failed = await this.#underwayUntilDone(round, () => round.run());
    if (this.#stopping.signal.aborted) return;
    if (failed.size > 0) {
      for (const [participant, reason] of failed) this.#o.log.warn({ participant, reason, tick }, "restore failed");
      if (round.corrupt.size > 0 && (await this.#fellBack(tick))) return;
      book.restoreFailed(failed.keys(), wallClock.now());
      return;
    }
    // Checkpoints after an operator's choice describe a timeline the run has left.
    if (ticket.chosen) await this.#o.recorder().dropAfter(tick);
    const from = book.clock.lastTick;
    book.restored(ticket, wallClock.now());
    failedBurns.dropAfter(tick);
    this.#digest = null;
    this.#o.checkpoints.reset();
    this.#o.emit(EventKinds.runRestored, "warning", `run ${this.#run} went back from tick ${from} to checkpoint ${tick} and replays from there`, {
      tick,
      from,
      epoch,
      participants,
    });
  }

  async #tick(tick: number, dueMs: number): Promise<void> {
    const book = this.book;
    const { budget, wallClock, checkpoints, faults, failedBurns, scenario } = this.#o;
    const hosts = book.assignment.hostsWithClusters();
    // Services take part after the hosts: they decide on this tick's telemetry, effective next tick.
    const services = book.supervision.participantIds();
    const participants = [...hosts, ...services];
    const wantDigest = tick === book.clock.endTick;
    const checkpoint = checkpoints.askFor(tick);
    const started = faults.startingOn(tick);
    const ended = faults.endingOn(tick);
    const maneuversFailed = failedBurns.of(tick - 1);
    // Stamped with the tick they happen on: a restore to the tick before replays them, and the
    // history must leave the first pass's copies behind.
    for (const f of started)
      this.#o.emit(
        EventKinds.faultActivated,
        "warning",
        `fault ${f.id}: ${f.kind} starts at tick ${tick}${f.untilMs === undefined ? "" : ` until ${new Date(f.untilMs).toISOString()}`}`,
        { ...f, tick },
        tick,
      );
    for (const id of ended) this.#o.emit(EventKinds.faultEnded, "info", `fault ${id} ends at tick ${tick}`, { fault: id, tick }, tick);
    const nowMs = wallClock.now();
    book.clock.announced(tick, nowMs);
    const saving = checkpoints.savedBefore(tick);
    for (const host of hosts) book.supervision.expectBusy(host, nowMs + budget.tickMs(book.assignment.satellitesOf(host), { saving }));
    const deadlineMs = budget.tickDeadlineMs(book.assignment.maxSatellitesPerHost(), { saving });
    const round = new TickRound({
      bus: this.#o.bus,
      run: this.#run,
      wallClock,
      participants,
      deadlineMs,
      message: {
        v: 1,
        tick,
        simTimeMs: this.simTimeAt(tick),
        dtMs: scenario.dtMs,
        epoch: book.assignment.epoch,
        wantDigest,
        ...(checkpoint === undefined ? {} : { checkpoint }),
        ...(started.length > 0 ? { faults: started } : {}),
        ...(ended.length > 0 ? { faultsEnded: ended } : {}),
        ...(maneuversFailed.length > 0 ? { maneuversFailed } : {}),
      },
    });
    const outcome = await this.#underwayUntilDone(round, () => round.run());
    if (outcome.kind === "deadline") {
      this.#o.log.warn({ tick, late: outcome.late, deadlineMs }, "tick not done in time: it runs again under a new epoch");
      book.tickLate(tick, outcome.late, deadlineMs, wallClock.now());
      return;
    }
    if (outcome.kind === "interrupted") {
      book.tickInterrupted();
      return;
    }
    const { aggregate } = outcome;
    const doneMs = wallClock.now();
    book.clock.stats.record(doneMs - dueMs, doneMs, this.simTimeAt(tick));
    failedBurns.record(tick, aggregate.maneuversFailed);
    publishFleetAggregate({
      bus: this.#o.bus,
      run: this.#run,
      aggregate,
      simTimeMs: this.simTimeAt(tick),
      dtMs: scenario.dtMs,
      clusters: this.#o.clusters,
      hosts: hosts.length,
      speed: book.clock.speed,
      achievedSpeed: book.clock.stats.achievedSpeed(),
      tickLagMs: doneMs - dueMs,
    });
    this.#lastSubsystems = aggregate.fleetSubsystems();
    if (wantDigest) this.#digest = combineClusterDigests(aggregate.digests);
    const complete = checkpoints.tickCompleted(tick, hosts, services);
    // Recorded with the operators' settings as they were while the tick ran (a step ending on it pauses after).
    if (complete !== undefined) this.#record(complete, participants);
    book.clock.completed(tick);
  }

  /**
   * A participant found checkpoint `tick` corrupt. Checked here (a participant's word alone never
   * removes a checkpoint); when it is, it is discarded and the run goes back to the newest older
   * one (tick -1, the start, when there is none). False when the checkpoint is sound.
   */
  async #fellBack(tick: number): Promise<boolean> {
    const store = this.#o.store();
    const problem = await store.problem(tick);
    if (problem === undefined) return false;
    const older = (await store.completeTicks()).filter((t) => t < tick).at(-1) ?? -1;
    await store.discard(tick);
    this.book.recovery.fallBackTo(older);
    this.#o.log.error(
      { tick, older, problem },
      `checkpoint ${tick} is corrupt and was discarded; going back to ${older < 0 ? "the start of the run" : `checkpoint ${older}`}`,
    );
    return true;
  }

  /** Checkpoint `tick` is complete: its manifest is written off the tick path. */
  #record(tick: number, participants: string[]): void {
    const book = this.book;
    const failedBurns = this.#o.failedBurns;
    const clock = book.clock;
    const timeline = book.recovery.timeline;
    const coordinator: CoordinatorCheckpoint = {
      faults: this.#o.faults.snapshot(),
      opsSeq: this.#o.opsSeq(),
      control: { paused: clock.state === "paused", speed: clock.speed, ...(clock.stopAtTick === undefined ? {} : { stopAtTick: clock.stopAtTick }) },
      ...(failedBurns.has(tick) ? { maneuversFailed: failedBurns.of(tick) } : {}),
    };
    this.#o.recorder().record(
      { tick, epoch: book.assignment.epoch, participants, savedAtMs: this.#o.wallClock.now(), coordinator },
      () => {
        this.#o.emit(EventKinds.checkpointTaken, "info", `checkpoint of tick ${tick} complete`, { tick, participants: participants.length });
        if (book.recovery.recorded(tick, timeline)) failedBurns.forgetBefore(tick);
      },
      (oldestKeptTick) => {
        const pruned = this.#o.faults.prune(oldestKeptTick);
        if (pruned > 0) this.#o.log.info({ pruned, oldestKeptTick }, "faults over before the oldest checkpoint forgotten");
      },
    );
  }

  #finish(tick: number): void {
    this.book.clock.finish();
    const result: RunResult = {
      ticks: tick + 1,
      satellites: this.#o.satellites,
      simTimeMs: this.simTimeAt(tick),
      digest: this.#digest ?? "",
      ...(this.#lastSubsystems ? { subsystems: this.#lastSubsystems } : {}),
    };
    this.#o.emit(EventKinds.runFinished, "info", `run ${this.#run} finished at tick ${tick} with digest ${result.digest}`, { ...result });
    this.#o.log.info(result, "run finished");
    this.#resolveFinished(result);
  }
}
