/**
 * The coordinator: owns simulation time for one run. It publishes cluster definitions, keeps
 * membership from heartbeats, assigns clusters to fleet hosts (reassigning when one joins, dies
 * or misses a tick deadline), drives the clock (lockstep, paced, paused, step) and answers
 * control requests as a NATS service.
 */
import {
  ErrorCodes,
  EventKinds,
  OrbitwinError,
  buckets,
  clockDone,
  clockTick,
  clusterDefinition,
  fleetTelemetry,
  hostAssign,
  hostAssignReply,
  hostHeartbeat,
  orbitwinEvent,
  participantHeartbeat,
  scenarioToFile,
  streams,
  subjects,
  type ClockDone,
  type ClusterDefinition,
  type HistoryConfig,
  type HostHeartbeat,
  type ManeuverFailure,
  type ParticipantHeartbeat,
  type RunStatus,
  type Scenario,
  type Severity,
  type SnapshotResult,
  type WireError,
} from "@orbitwin/protocol";
import { CheckpointStore, LifecycleBase, combineClusterDigests, inboundHandler, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { CheckpointSchedule } from "./checkpoint-schedule.js";
import { FaultBook } from "./fault-book.js";
import { FailedBurns } from "./failed-burns.js";
import { faultEndpoints } from "./fault-endpoints.js";
import { restoreParticipants } from "./restore.js";
import { assignClusters, movedClusters, type Assignment, type ClusterLoad } from "./assignment.js";
import { controlEndpoints, type SubmitOperation } from "./control-endpoints.js";
import { OperationLog } from "./operation-log.js";
import { operationDispatch, type RunControls } from "./operation-dispatch.js";
import { Participants } from "./participants.js";
import { TickAggregate } from "./tick-aggregate.js";
import { ChangeSignal } from "./change-signal.js";
import { Membership } from "./membership.js";
import { TickStats } from "./tick-stats.js";

export interface CoordinatorOptions {
  bus: Bus;
  run: string;
  scenario: Scenario;
  clusters: readonly ClusterDefinition[];
  log: Logger;
  /** @default the system clock */
  wallClock?: WallClock;
  /** x wall clock, or null for lockstep as fast as possible. @default the scenario's speed */
  speed?: number | null;
  /** Simulated time to run; null = open-ended. @default the scenario's duration */
  durationMs?: number | null;
  /** Start paused (ticks wait for `resume` or `step`). @default false */
  startPaused?: boolean;
  /** Fleet hosts to wait for before the first tick. @default 1 */
  minHosts?: number;
  /** Clock participants (e.g. "thermal") to wait for before the first tick, so every run starts alike. @default none */
  requiredParticipants?: readonly string[];
  /** A host silent this long is lost. @default 3000 ms */
  hostTimeoutMs?: number;
  /**
   * A service (thermal, scheduler, debris-watch) silent this long is lost. Longer than a host's: a
   * service may spend seconds on one decision (debris-watch screening fresh fragments), and one
   * restarted under its id is noticed at its first heartbeat anyway. @default 10000 ms
   */
  participantTimeoutMs?: number;
  /** A host that has not finished a tick this long after it started is lost. @default 30000 ms */
  tickTimeoutMs?: number;
  /** @default 30000 ms */
  assignTimeoutMs?: number;
  /** Take a coordinated checkpoint every this many ticks. @default the scenario's, else 100 */
  checkpointEveryTicks?: number;
  /**
   * Continue the run from its newest complete checkpoint (a standby taking over, or a twin
   * restarted with the same run id) instead of starting it afresh. @default false
   */
  resume?: boolean;
  /** Retention of the history streams and the telemetry sampling. @default the scenario's */
  history?: HistoryConfig;
}

export interface RunResult {
  ticks: number;
  satellites: number;
  simTimeMs: number;
  digest: string;
  /** the last tick's fleet subsystem totals; absent for orbit-only runs */
  subsystems?: NonNullable<ReturnType<TickAggregate["fleetSubsystems"]>>;
}

type RunState = RunStatus["state"];

/** The coordinator's own part of a checkpoint, for a coordinator that resumes the run from it. */
export interface CoordinatorCheckpoint {
  faults?: ReturnType<FaultBook["snapshot"]>;
  /** the operation log's sequence applied when the checkpoint completed */
  opsSeq?: number;
  /** operators' settings then: a resumed run keeps them */
  control?: { paused: boolean; speed: number | null; stopAtTick?: number };
  /** faults a fork's patch adds, timed from the tick after the checkpoint */
  forkFaults?: Scenario["faults"];
  /** burns of the checkpoint's tick that did not fly: relayed with the tick after it */
  maneuversFailed?: ManeuverFailure[];
}

const RESTORE_RETRY_MS = 1000;

export class Coordinator extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #scenario: Scenario;
  readonly #clusters: readonly ClusterDefinition[];
  readonly #loads: ClusterLoad[];
  readonly #satellites: number;
  readonly #wallClock: WallClock;
  readonly #membership: Membership;
  readonly #participants = new Participants();
  readonly #minHosts: number;
  readonly #requiredParticipants: readonly string[];
  readonly #tickTimeoutMs: number;
  readonly #assignTimeoutMs: number;
  readonly #hostTimeoutMs: number;
  readonly #participantTimeoutMs: number;
  readonly #history: HistoryConfig;
  readonly #stats = new TickStats();
  readonly #changed = new ChangeSignal();
  readonly #loopAbort = new AbortController();
  #runState: RunState;
  #speed: number | null;
  #endTick: number | null;
  #lastTick = -1;
  readonly #failedBurns = new FailedBurns();
  #stepBudget = 0;
  #epoch = 0;
  #assignment: Assignment = new Map();
  #assignmentDirty = true;
  #started = false;
  #pace = { wallMs: 0, tick: 0 };
  #pending: TickAggregate | undefined;
  #pendingDone: (() => void) | undefined;
  #tickInterrupt = new AbortController();
  #digest: string | null = null;
  #lastSubsystems: ReturnType<TickAggregate["fleetSubsystems"]>;
  #loop: Promise<void> = Promise.resolve();
  readonly #checkpoints: CheckpointSchedule;
  readonly #faults: FaultBook;
  readonly #checkpointKeep: number;
  #store: CheckpointStore | undefined;
  #lastCheckpoint: number | undefined;
  /** participants lost or replaced since the last tick: every one goes back to the last checkpoint */
  #restoreNeeded = false;
  #restoreSeq = 0;
  /** an operator's `restore TICK`: the checkpoint the next restore goes back to */
  #restoreTarget: number | undefined;
  #ops: OperationLog | undefined;
  /** where a resumed run's operation log reads on from */
  #resumedOpsSeq = 0;
  /** the tick an operator's `stop` ends the run at */
  #stopAtTick: number | undefined;
  readonly #resume: boolean;
  /** the newest assignment epoch any host reports: a resumed run must go past it */
  #maxSeenEpoch = 0;
  #lastExpiryCheckMs = 0;
  #finishedResolve!: (result: RunResult) => void;
  readonly #finished = new Promise<RunResult>((resolve) => (this.#finishedResolve = resolve));

  constructor(options: CoordinatorOptions) {
    super(`coordinator ${options.run}`, options.log);
    this.#bus = options.bus;
    this.#run = options.run;
    this.#scenario = options.scenario;
    this.#clusters = options.clusters;
    this.#loads = options.clusters.map((c) => ({ cluster: c.cluster, satellites: c.satIds.length }));
    this.#satellites = this.#loads.reduce((n, c) => n + c.satellites, 0);
    this.#wallClock = options.wallClock ?? systemWallClock;
    this.#hostTimeoutMs = options.hostTimeoutMs ?? 3000;
    this.#participantTimeoutMs = options.participantTimeoutMs ?? 10_000;
    this.#membership = new Membership(this.#hostTimeoutMs);
    this.#minHosts = options.minHosts ?? 1;
    this.#requiredParticipants = options.requiredParticipants ?? [];
    this.#tickTimeoutMs = options.tickTimeoutMs ?? 30_000;
    this.#assignTimeoutMs = options.assignTimeoutMs ?? 30_000;
    this.#history = options.history ?? options.scenario.history;
    this.#speed = options.speed === undefined ? options.scenario.speed : options.speed;
    const durationMs = options.durationMs === undefined ? options.scenario.durationMs : options.durationMs;
    this.#endTick = durationMs === null ? null : Math.max(0, Math.floor(durationMs / options.scenario.dtMs));
    this.#runState = options.startPaused ? "paused" : "starting";
    this.#checkpoints = new CheckpointSchedule(options.checkpointEveryTicks ?? options.scenario.checkpoint?.everyTicks ?? 100);
    this.#checkpointKeep = options.scenario.checkpoint?.keep ?? 3;
    this.#faults = new FaultBook({ satellites: new Set(options.clusters.flatMap((c) => c.satIds)), clusters: new Set(options.clusters.map((c) => c.cluster)), epochMs: options.scenario.epochMs, dtMs: options.scenario.dtMs });
    this.#faults.loadScenario(options.scenario.faults);
    this.#resume = options.resume ?? false;
  }

  /** Resolves when the run reaches its last tick, with the final state digest. */
  finished(): Promise<RunResult> {
    return this.#finished;
  }

  status(): RunStatus {
    const nowMs = this.#wallClock.now();
    const tick = Math.max(0, this.#lastTick);
    return {
      run: this.#run,
      scenario: this.#scenario.name,
      state: this.#runState,
      mode: this.#speed === null ? "lockstep" : "paced",
      speed: this.#speed,
      tick,
      simTimeMs: this.#simTimeAt(tick),
      endTick: this.#endTick,
      dtMs: this.#scenario.dtMs,
      satellites: this.#satellites,
      clusters: this.#clusters.length,
      epoch: this.#epoch,
      hosts: this.#membership.hosts().map((host) => {
        const owned = this.#assignment.get(host) ?? [];
        const sats = owned.reduce((n, c) => n + (this.#loads.find((l) => l.cluster === c)?.satellites ?? 0), 0);
        return { host, clusters: owned.length, satellites: sats, lastSeenAgoMs: nowMs - (this.#membership.get(host)?.lastSeenMs ?? nowMs) };
      }),
      achievedSpeed: this.#stats.achievedSpeed() / 1,
      tickLagP50Ms: this.#stats.lagPercentileMs(50),
      tickLagP99Ms: this.#stats.lagPercentileMs(99),
      digest: this.#digest,
    };
  }

  protected async onStart(): Promise<void> {
    const bus = this.#bus;
    await this.#createHistoryStreams();
    const kv = await bus.kv(buckets.clusters(this.#run));
    for (const def of this.#clusters) await kv.put(def.cluster, clusterDefinition.encode(def));
    this.log.info({ clusters: this.#clusters.length, satellites: this.#satellites }, "cluster definitions published");
    this.#store = await CheckpointStore.open(bus, this.#run);
    await this.#resumeOrClear();
    this.#ops = await OperationLog.open(bus, this.#run, this.log, this.#wallClock, !this.#resume);

    const onRejected = (error: WireError, subject: string) =>
      this.#emit(EventKinds.inputRejected, "warning", `rejected a message on ${subject}: ${error.message}`, { subject, code: error.code });
    const subs = [
      bus.subscribe(subjects.hostHeartbeat(this.#run), inboundHandler({ descriptor: hostHeartbeat, log: this.log, onRejected, onMessage: (hb) => this.#onHeartbeat(hb) })),
      bus.subscribe(subjects.clockDone(this.#run), inboundHandler({ descriptor: clockDone, log: this.log, onRejected, onMessage: (d) => this.#onDone(d) })),
      bus.subscribe(subjects.clockParticipant(this.#run), inboundHandler({ descriptor: participantHeartbeat, log: this.log, onRejected, onMessage: (p) => this.#onParticipant(p) })),
    ];
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    const controls: RunControls = {
      pause: () => this.pause(),
      resume: () => this.resume(),
      setSpeed: (speed) => this.setSpeed(speed),
      step: (ticks) => this.step(ticks),
      stopRun: () => this.stopRun(),
      status: () => this.status(),
      snapshot: () => this.#snapshot(),
      restore: (tick) => this.#requestRestore(tick),
      stopAt: (tick) => this.#stopAt(tick),
      nextOpenTick: () => this.#nextOpenTick(),
    };
    await this.#ops.start(this.#resumedOpsSeq, operationDispatch({ controls, faults: this.#faults, log: this.log, onRejected }));
    this.defer("operation log", () => this.#ops!.stop());
    const submit: SubmitOperation = async (verb, request, fault) => {
      const outcome = await this.#ops!.submit(verb, { request, ...(fault === undefined ? {} : { fault }), source: "request" }, this.#assignTimeoutMs);
      if (!outcome.ok) throw OrbitwinError.fromWire(outcome.error!);
      return outcome.result;
    };
    const service = await bus.addService({
      name: "orbitwin-coordinator",
      version: "0.1.0",
      description: `orbitwin run control for run ${this.#run}`,
      endpoints: [
        ...controlEndpoints(this.#run, () => this.status(), submit, this.log, onRejected),
        ...faultEndpoints(this.#run, () => this.#faults.list(), submit, this.log, onRejected),
      ],
    });
    this.defer("control service", () => service.stop());
    this.#lastExpiryCheckMs = this.#wallClock.now();
    const stopExpiry = this.#wallClock.every(Math.max(100, Math.floor(this.#hostTimeoutMs / 3)), () => this.#expireHosts());
    this.defer("membership timer", stopExpiry);
    this.#emit(EventKinds.runStarted, "info", `run ${this.#run} of scenario ${this.#scenario.name} started`, {
      satellites: this.#satellites,
      clusters: this.#clusters.length,
      endTick: this.#endTick,
      // The scenario as a file, with the seed: enough to reproduce the run.
      scenario: scenarioToFile(this.#scenario),
    });
    this.#loop = this.#runLoop().catch((err: unknown) => void this.fail(err));
    this.defer("clock loop", async () => {
      this.#loopAbort.abort();
      this.#changed.notify();
      this.#tickInterrupt.abort();
      await this.#loop;
    });
  }

  /** Before the first tick, so history starts at tick 0; limits retention drops the oldest first. */
  async #createHistoryStreams(): Promise<void> {
    const h = this.#history;
    const run = this.#run;
    await this.#bus.stream(streams.events(run), { subjects: [subjects.allEvents(run)], maxAgeMs: h.maxAgeMs, maxBytes: h.eventsMaxBytes });
    await this.#bus.stream(streams.fleet(run), { subjects: [subjects.fleet(run)], maxAgeMs: h.maxAgeMs, maxBytes: h.fleetMaxBytes });
    if (h.sampleEveryTicks > 0) {
      await this.#bus.stream(streams.samples(run), { subjects: [subjects.allClusterSamples(run)], maxAgeMs: h.maxAgeMs, maxBytes: h.samplesMaxBytes });
    }
    this.log.info({ ...h }, "history streams ready");
  }

  protected override async onDrain(): Promise<void> {
    this.#loopAbort.abort();
    this.#changed.notify();
    this.#tickInterrupt.abort();
    await this.#loop;
    await this.#bus.flush();
  }

  pause(): void {
    this.#refuseWhenFinished("pause");
    this.#runState = "paused";
    this.#stepBudget = 0;
    this.#changed.notify();
  }

  resume(): void {
    this.#refuseWhenFinished("resume");
    this.#runState = "running";
    this.#stepBudget = 0;
    this.#resetPace();
    this.#changed.notify();
  }

  setSpeed(speed: number | null): void {
    this.#refuseWhenFinished("change the speed of");
    this.#speed = speed;
    this.#resetPace();
    this.#changed.notify();
  }

  step(ticks: number): void {
    this.#refuseWhenFinished("step");
    this.#stepBudget = ticks;
    this.#runState = "running";
    this.#resetPace();
    this.#changed.notify();
  }

  /** Ends the run after one more tick, which reports the final digest. */
  stopRun(): void {
    this.#refuseWhenFinished("stop");
    this.#stopAt(this.#nextOpenTick());
    if (this.#runState === "paused") this.#runState = "running";
    this.#changed.notify();
  }

  /**
   * The first tick not yet announced: what an operator decides now takes effect there. The tick
   * in flight was announced with its faults, checkpoint and digest request already fixed.
   */
  #nextOpenTick(): number {
    return (this.#pending?.tick ?? this.#lastTick) + 1;
  }

  #stopAt(tick: number): void {
    this.#stopAtTick = Math.min(this.#stopAtTick ?? tick, tick);
    this.#endTick = this.#endTick === null ? tick : Math.min(this.#endTick, tick);
  }

  /** Takes a checkpoint on the next tick (or reports the one being taken). */
  #snapshot(): SnapshotResult {
    this.#refuseWhenFinished("take a checkpoint of");
    return { tick: this.#checkpoints.requestAt(this.#nextOpenTick()), state: "scheduled" };
  }

  /** Sends every participant back to the complete checkpoint of `tick`; later ones are dropped. */
  async #requestRestore(tick: number): Promise<{ tick: number; from: number }> {
    this.#refuseWhenFinished("restore");
    const available = await this.#store!.completeTicks();
    if (!available.includes(tick)) {
      throw new OrbitwinError(ErrorCodes.invalidState, `no complete checkpoint at tick ${tick}: ${available.length === 0 ? "there is none yet" : `there are ${available.join(", ")}`}`);
    }
    this.#restoreTarget = tick;
    this.#restoreNeeded = true;
    if (this.#pending) this.#tickInterrupt.abort();
    this.#changed.notify();
    return { tick, from: this.#lastTick };
  }

  #refuseWhenFinished(verb: string): void {
    if (this.#runState === "finished" || this.#runState === "stopped") {
      throw new OrbitwinError(ErrorCodes.invalidState, `cannot ${verb} run ${this.#run}: it has ${this.#runState}`);
    }
  }

  #resetPace(): void {
    this.#pace = { wallMs: this.#wallClock.now(), tick: this.#lastTick + 1 };
    this.#stats.resetSpeed();
  }

  #simTimeAt(tick: number): number {
    return this.#scenario.epochMs + tick * this.#scenario.dtMs;
  }

  #onHeartbeat(hb: HostHeartbeat): void {
    this.#maxSeenEpoch = Math.max(this.#maxSeenEpoch, hb.epoch);
    const change = this.#membership.heartbeat(hb, this.#wallClock.now());
    if (!change) return;
    this.#emit(change.kind === "joined" ? EventKinds.hostJoined : EventKinds.hostLost, change.kind === "joined" ? "info" : "warning", `fleet host ${hb.host} ${change.kind}`, {
      host: hb.host,
      pid: hb.pid,
      hostname: hb.hostname,
    });
    if (change.kind === "restarted") {
      // A new process under the same id holds none of its clusters' state: back to a checkpoint,
      // even when the assignment does not change.
      if (this.#started) this.#restoreNeeded = true;
      this.#interruptIfWaitingOn([hb.host]);
    }
    this.#assignmentDirty = true;
    this.#changed.notify();
  }

  #onParticipant(p: ParticipantHeartbeat): void {
    if (this.#participants.heartbeat(p, this.#wallClock.now())) {
      this.#emit(EventKinds.participantJoined, "info", `${p.role} ${p.participant} joined the clock`, { participant: p.participant, role: p.role });
      // A participant that joins mid-run starts from nothing: everyone goes back to a checkpoint
      // before it takes part in any tick (it must not decide, or save a checkpoint, from nothing).
      if (this.#started) {
        this.#restoreNeeded = true;
        if (this.#pending) this.#tickInterrupt.abort();
      }
      this.#changed.notify();
    }
  }

  #expireHosts(): void {
    const nowMs = this.#wallClock.now();
    const sinceLastCheckMs = nowMs - this.#lastExpiryCheckMs;
    this.#lastExpiryCheckMs = nowMs;
    // This check runs every third of the timeout. Much later means this process was stalled (a
    // long synchronous step in it, an overloaded machine): the silence it sees may be its own, and
    // declaring everyone lost would send the run back to a checkpoint, where it may stall again.
    if (sinceLastCheckMs > this.#hostTimeoutMs / 2) {
      this.log.warn({ stalledMs: sinceLastCheckMs }, "the coordinator was stalled: heartbeat silence during the stall is not held against anyone");
      this.#membership.forgive(nowMs);
      this.#participants.forgive(nowMs);
      return;
    }
    for (const p of this.#participants.expire(nowMs, this.#participantTimeoutMs)) {
      this.#emit(EventKinds.participantLost, "warning", `${p.role} ${p.id} lost: no heartbeat for ${p.silentMs} ms`, { participant: p.id, role: p.role });
      if (this.#pending?.waiting.has(p.id)) this.#tickInterrupt.abort();
    }
    const lost = this.#membership.expire(nowMs);
    if (lost.length === 0) return;
    for (const change of lost) {
      if (change.kind === "lost") this.#emit(EventKinds.hostLost, "warning", `fleet host ${change.host} lost: no heartbeat for ${change.silentMs} ms`, { host: change.host, silentMs: change.silentMs });
    }
    this.#assignmentDirty = true;
    this.#interruptIfWaitingOn(lost.map((c) => c.host));
    this.#changed.notify();
  }

  #interruptIfWaitingOn(hosts: string[]): void {
    if (this.#pending && hosts.some((h) => this.#pending!.waiting.has(h) || this.#assignment.has(h))) this.#tickInterrupt.abort();
  }

  #onDone(done: ClockDone): void {
    if (this.#pending && done.tick === this.#pending.tick && done.epoch === this.#pending.epoch) this.#checkpoints.confirm(done);
    if (this.#pending?.add(done)) this.#pendingDone?.();
  }

  async #runLoop(): Promise<void> {
    const aborted = () => this.#loopAbort.signal.aborted;
    while (!aborted() && this.#runState !== "finished") {
      // Waits are taken only when needed: checks and waits run without interleaving, so no
      // change is missed, and no listener piles up on a signal that is not notified.
      const changed = () => this.#changed.wait();
      if (!this.#started && (this.#membership.size < this.#minHosts || this.#requiredParticipants.some((p) => !this.#participants.has(p)))) {
        await changed();
        continue;
      }
      if (this.#assignmentDirty) {
        if (!(await this.#reassign())) {
          // The hosts that refused have left the membership: assign to the others at once (waiting
          // for a change would wait forever when the refuser is dead), or with none left, wait for one.
          if (this.#assignmentDirty && this.#membership.size === 0) await changed();
          continue;
        }
      }
      if (this.#started && this.#requiredParticipants.some((p) => !this.#participants.has(p))) {
        await changed();
        continue;
      }
      if (this.#restoreNeeded && !(await this.#restore())) {
        // Someone did not answer (lost, or the message was): try again shortly.
        await this.#wallClock.sleep(RESTORE_RETRY_MS, this.#loopAbort.signal);
        continue;
      }
      if (!this.#started) {
        this.#started = true;
        if (this.#runState === "starting") this.#runState = "running";
        this.#resetPace();
      }
      if (this.#runState === "paused" && this.#stepBudget === 0) {
        await changed();
        continue;
      }
      const tick = this.#lastTick + 1;
      const dueMs = this.#speed === null ? this.#wallClock.now() : this.#pace.wallMs + ((tick - this.#pace.tick) * this.#scenario.dtMs) / this.#speed;
      const waitMs = dueMs - this.#wallClock.now();
      if (waitMs > 0) {
        const signal = this.#changed.signal;
        await this.#wallClock.sleep(waitMs, signal);
        if (signal.aborted) continue;
      }
      if (await this.#runTick(tick, dueMs)) this.#afterTick(tick);
    }
  }

  /** Runs one tick on every assigned host; false when interrupted (the tick will be redone). */
  async #runTick(tick: number, dueMs: number): Promise<boolean> {
    const hostsWithClusters = [...this.#assignment].filter(([, list]) => list.length > 0).map(([host]) => host);
    // Services take part after the hosts: they decide on this tick's telemetry, effective next tick.
    const services = this.#participants.ids();
    const participants = [...hostsWithClusters, ...services];
    const wantDigest = tick === this.#endTick;
    const checkpoint = this.#checkpoints.askFor(tick);
    const faults = this.#faults.startingOn(tick);
    const faultsEnded = this.#faults.endingOn(tick);
    const maneuversFailed = this.#failedBurns.of(tick - 1);
    for (const f of faults) this.#emit(EventKinds.faultActivated, "warning", `fault ${f.id}: ${f.kind} starts at tick ${tick}${f.untilMs === undefined ? "" : ` until ${new Date(f.untilMs).toISOString()}`}`, { ...f, tick });
    for (const id of faultsEnded) this.#emit(EventKinds.faultEnded, "info", `fault ${id} ends at tick ${tick}`, { fault: id, tick });
    this.#tickInterrupt = new AbortController();
    const interrupt = this.#tickInterrupt.signal;
    const pending = new TickAggregate(tick, this.#epoch, participants);
    this.#pending = pending;
    const done = new Promise<void>((resolve) => (this.#pendingDone = resolve));
    if (pending.complete) this.#pendingDone!();
    this.#bus.publish(subjects.clockTick(this.#run), clockTick.encode({ v: 1, tick, simTimeMs: this.#simTimeAt(tick), dtMs: this.#scenario.dtMs, epoch: this.#epoch, wantDigest, ...(checkpoint === undefined ? {} : { checkpoint }), ...(faults.length > 0 ? { faults } : {}), ...(faultsEnded.length > 0 ? { faultsEnded } : {}), ...(maneuversFailed.length > 0 ? { maneuversFailed } : {}) }));
    const deadline = new AbortController();
    const outcome = await Promise.race([
      done.then(() => "done" as const),
      new Promise<"interrupted">((resolve) => interrupt.addEventListener("abort", () => resolve("interrupted"), { once: true })),
      this.#wallClock.sleep(this.#tickTimeoutMs, deadline.signal).then(() => "deadline" as const),
    ]);
    deadline.abort();
    this.#pending = undefined;
    this.#pendingDone = undefined;
    if (outcome === "deadline") {
      for (const host of pending.waiting) {
        this.#membership.remove(host);
        this.#emit(EventKinds.hostLost, "warning", `fleet host ${host} lost: tick ${tick} not done within ${this.#tickTimeoutMs} ms`, { host, tick });
      }
      this.#assignmentDirty = true;
      return false;
    }
    if (outcome === "interrupted") return false;
    const nowMs = this.#wallClock.now();
    this.#stats.record(nowMs - dueMs, nowMs, this.#simTimeAt(tick));
    this.#lastTick = tick;
    this.#failedBurns.record(tick, pending.maneuversFailed);
    this.#bus.publish(
      subjects.fleet(this.#run),
      fleetTelemetry.encode({
        v: 1,
        run: this.#run,
        tick,
        simTimeMs: this.#simTimeAt(tick),
        dtMs: this.#scenario.dtMs,
        satellites: pending.satellites,
        clusters: this.#clusters.length,
        hosts: hostsWithClusters.length,
        sunlit: pending.sunlit,
        failed: pending.failed,
        speed: this.#speed,
        achievedSpeed: this.#stats.achievedSpeed(),
        tickLagMs: nowMs - dueMs,
        stepMsMax: pending.stepMsMax,
        ...(pending.fleetSubsystems() ? { subsystems: pending.fleetSubsystems()! } : {}),
      }),
    );
    this.#lastSubsystems = pending.fleetSubsystems();
    if (wantDigest) this.#digest = combineClusterDigests(pending.digests);
    const complete = this.#checkpoints.tickCompleted(tick, hostsWithClusters, services);
    if (complete !== undefined) await this.#checkpointComplete(complete, participants);
    return true;
  }

  /** A resumed run starts from its newest complete checkpoint; a new one from a clean bucket. */
  async #resumeOrClear(): Promise<void> {
    const manifest = this.#resume ? await this.#store!.latest() : undefined;
    if (!manifest) {
      await this.#store!.clear();
      return;
    }
    this.#lastCheckpoint = manifest.tick;
    this.#lastTick = manifest.tick;
    this.#epoch = manifest.epoch;
    this.#restoreNeeded = true;
    const saved = manifest.coordinator as CoordinatorCheckpoint | undefined;
    if (saved?.faults) this.#faults.restore(saved.faults);
    this.#resumedOpsSeq = saved?.opsSeq ?? 0;
    if (saved?.control) {
      this.#speed = saved.control.speed;
      if (saved.control.paused) this.#runState = "paused";
      if (saved.control.stopAtTick !== undefined) this.#stopAt(saved.control.stopAtTick);
    }
    saved?.forkFaults?.forEach((f, i) => this.#faults.injectScenarioFault(f, i, manifest.tick + 1, "fork"));
    this.#failedBurns.record(manifest.tick, saved?.maneuversFailed ?? []);
    this.log.info({ tick: manifest.tick, epoch: manifest.epoch, opsSeq: this.#resumedOpsSeq }, "resuming the run from its newest checkpoint");
  }

  async #checkpointComplete(tick: number, participants: string[]): Promise<void> {
    try {
      const coordinator: CoordinatorCheckpoint = {
        faults: this.#faults.snapshot(),
        opsSeq: this.#ops!.appliedSeq,
        control: { paused: this.#runState === "paused", speed: this.#speed, ...(this.#stopAtTick === undefined ? {} : { stopAtTick: this.#stopAtTick }) },
        ...(this.#failedBurns.has(tick) ? { maneuversFailed: this.#failedBurns.of(tick) } : {}),
      };
      await this.#store!.markComplete({ tick, epoch: this.#epoch, participants, savedAtMs: this.#wallClock.now(), coordinator });
      this.#emit(EventKinds.checkpointTaken, "info", `checkpoint of tick ${tick} complete`, { tick, participants: participants.length });
      this.#lastCheckpoint = tick;
      this.#failedBurns.forgetBefore(tick);
      await this.#store!.prune(this.#checkpointKeep);
    } catch (err) {
      this.log.error({ err, tick }, "checkpoint not recorded");
    }
  }

  /**
   * Every participant back to the last complete checkpoint, after one was lost, replaced or added:
   * the run then replays from there to the same state. Without a checkpoint yet, it starts over.
   */
  async #restore(): Promise<boolean> {
    // Before the first complete checkpoint, the start of the run is the checkpoint (tick -1).
    const tick = this.#restoreTarget ?? this.#lastCheckpoint ?? -1;
    // An operator's restore may go back past what is kept in memory: the checkpoint has its own.
    if (this.#restoreTarget !== undefined) this.#failedBurns.record(tick, ((await this.#store!.manifest(tick))?.coordinator as CoordinatorCheckpoint | undefined)?.maneuversFailed ?? []);
    const hosts = [...this.#assignment].filter(([, list]) => list.length > 0).map(([host]) => host);
    const participants = [...hosts, ...this.#participants.ids()];
    const { failed } = await restoreParticipants({ bus: this.#bus, run: this.#run, tick, epoch: this.#epoch, participants, timeoutMs: this.#assignTimeoutMs, wallClock: this.#wallClock, restoreId: `${this.#epoch}-${++this.#restoreSeq}` });
    if (failed.size > 0) {
      for (const [p, why] of failed) {
        this.log.warn({ participant: p, reason: why, tick }, "restore failed");
        if (this.#membership.get(p)) {
          this.#membership.remove(p);
          this.#assignmentDirty = true;
        }
      }
      return false;
    }
    const from = this.#lastTick;
    if (this.#restoreTarget !== undefined) {
      // Checkpoints after the target describe a timeline the run has left.
      await this.#store!.dropAfter(tick);
      this.#lastCheckpoint = tick;
      this.#restoreTarget = undefined;
    }
    this.#lastTick = tick;
    this.#failedBurns.dropAfter(tick);
    this.#digest = null;
    this.#checkpoints.reset();
    this.#restoreNeeded = false;
    this.#resetPace();
    this.#emit(EventKinds.runRestored, "warning", `run ${this.#run} went back from tick ${from} to checkpoint ${tick} and replays from there`, { tick, from, epoch: this.#epoch, participants });
    return true;
  }

  #afterTick(tick: number): void {
    if (tick === this.#endTick) {
      this.#runState = "finished";
      const result: RunResult = { ticks: tick + 1, satellites: this.#satellites, simTimeMs: this.#simTimeAt(tick), digest: this.#digest ?? "", ...(this.#lastSubsystems ? { subsystems: this.#lastSubsystems } : {}) };
      this.#emit(EventKinds.runFinished, "info", `run ${this.#run} finished at tick ${tick} with digest ${result.digest}`, { ...result });
      this.log.info(result, "run finished");
      this.#finishedResolve(result);
      return;
    }
    if (this.#stepBudget > 0 && --this.#stepBudget === 0) this.#runState = "paused";
  }

  async #reassign(): Promise<boolean> {
    const hosts = this.#membership.hosts();
    if (hosts.length === 0) return false;
    const next = assignClusters(this.#loads, hosts, this.#assignment);
    const epoch = Math.max(this.#epoch, this.#maxSeenEpoch) + 1;
    const tick = this.#lastTick + 1;
    this.#assignmentDirty = false;
    const replies = await Promise.all(
      hosts.map(async (host) => {
        const request = hostAssign.encode({ v: 1, run: this.#run, epoch, tick, simTimeMs: this.#simTimeAt(tick), clusters: [...(next.get(host) ?? [])], sampleEveryTicks: this.#history.sampleEveryTicks });
        try {
          const reply = hostAssignReply.decode((await this.#bus.request(subjects.hostAssign(this.#run, host), request, { timeoutMs: this.#assignTimeoutMs })).data);
          return reply.ok ? undefined : `${reply.error.code}: ${reply.error.message}`;
        } catch (err) {
          return err instanceof Error ? err.message : String(err);
        }
      }),
    );
    const failed = hosts.filter((_, i) => replies[i] !== undefined);
    if (failed.length > 0) {
      for (const host of failed) {
        this.#membership.remove(host);
        this.#emit(EventKinds.hostLost, "warning", `fleet host ${host} refused assignment epoch ${epoch}: ${replies[hosts.indexOf(host)]}`, { host, epoch });
      }
      this.#epoch = epoch;
      this.#assignmentDirty = true;
      return false;
    }
    const moved = movedClusters(this.#assignment, next);
    const hadAssignment = this.#assignment.size > 0;
    this.#assignment = next;
    this.#epoch = epoch;
    this.log.info({ epoch, hosts: hosts.length, moved: moved.length }, "clusters assigned");
    if (hadAssignment && moved.length > 0) {
      // Moved clusters start from their definitions on their new hosts: back to a checkpoint.
      this.#restoreNeeded = true;
      this.#emit(EventKinds.clustersReassigned, "warning", `${moved.length} clusters moved to new hosts at tick ${tick} (epoch ${epoch})`, { epoch, tick, moved: moved.length, hosts });
    }
    return true;
  }

  #emit(kind: string, severity: Severity, message: string, data: Record<string, unknown>): void {
    const tick = Math.max(0, this.#lastTick);
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick, simTimeMs: this.#simTimeAt(tick), source: "coordinator", severity, message, data }),
    );
  }
}

