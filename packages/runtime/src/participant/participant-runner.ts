/**
 * The clock protocol of a participant that is not a fleet host, written once: thermal, scheduler
 * and debris-watch are each a ParticipantLogic (participant-logic.ts) driven by this runner.
 *
 * It heartbeats on `clock.participant`; acts on each (tick, epoch) once (TickGate); reads the
 * cluster definitions when a tick or batch first needs them; holds batches that come before the
 * definitions or before their tick; and does one thing at a time, in this order for tick n:
 * the batches of n go to `onBatch` (as they come, once n is announced), then once every defined
 * cluster's batch of n is in, `decide`, its events published, its commands sent (they apply at
 * n + 1) and answered, `afterDecision`, the state saved when n asks for a checkpoint, and
 * `clock.done` of n. A tick rerun under a newer epoch after it was decided keeps its decision and
 * is reported done again. A `clock.restore` waits for the decision in flight, then puts the state
 * back (tick -1: the state at start) and answers on `clock.restored`. Stopping drains: no new
 * work is taken and the decision in flight finishes (up to `drainTimeoutMs`) before anything is
 * released.
 */
import { hostname } from "node:os";
import {
  ErrorCodes,
  EventKinds,
  OrbitwinError,
  clockDone,
  clockRestore,
  clockRestored,
  clockTick,
  clusterCommand,
  clusterCommandReply,
  clusterTelemetry,
  eventMessage,
  orbitwinEvent,
  participantHeartbeat,
  subjects,
  type ClockRestore,
  type ClockTick,
  type ClusterTelemetry,
  type SatelliteCommand,
  type WireError,
} from "@orbitwin/protocol";
import type { Bus } from "../bus/bus.js";
import { CheckpointStore, packSnapshot, unpackSnapshot } from "../checkpoint-store.js";
import { inboundHandler } from "../inbound.js";
import { LifecycleBase } from "../lifecycle.js";
import type { Logger } from "../log.js";
import { TickGate } from "../tick-gate.js";
import { systemWallClock, type WallClock } from "../wall-clock.js";
import { BatchInbox, MAX_HELD_TICKS } from "./batch-inbox.js";
import { batchProblem, readClusterDefinitions } from "./cluster-definitions.js";
import { EventTime, type SimTime } from "./event-time.js";
import type { ClusterDefinitions, DecisionContext, ParticipantEvent, ParticipantLogic, TickDecision } from "./participant-logic.js";

export interface ParticipantRunnerOptions<State, Snapshot> {
  bus: Bus;
  run: string;
  /** Id on the clock: `clock.done`'s host, the heartbeat's participant, checkpoint key `svc.<id>`, events' source. */
  participant: string;
  /** The heartbeat's role: thermal, scheduler, debris-watch. */
  role: string;
  logic: ParticipantLogic<State, Snapshot>;
  log: Logger;
  /** @default the system clock */
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
  /** How long a stop waits for the decision in flight, ms (below a process's 10 s force deadline). @default 5000 */
  drainTimeoutMs?: number;
  /** How long a host may take to accept a cluster's commands, ms. @default 10000 */
  commandTimeoutMs?: number;
  /** Called after a tick's events and commands are out, before its checkpoint and done. */
  afterDecision?: (tick: ClockTick, state: State) => void;
}

export class ParticipantRunner<State, Snapshot> extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #id: string;
  readonly #role: string;
  readonly #logic: ParticipantLogic<State, Snapshot>;
  readonly #wallClock: WallClock;
  readonly #heartbeatMs: number;
  readonly #drainTimeoutMs: number;
  readonly #commandTimeoutMs: number;
  readonly #afterDecision: ((tick: ClockTick, state: State) => void) | undefined;
  readonly #startedAtMs: number;
  #state: State;
  #definitions: ClusterDefinitions | undefined;
  readonly #ticks = new TickGate();
  /** the tick accepted and not decided yet */
  #pending: ClockTick | undefined;
  #decidedTick = -1;
  /** the time of events raised outside a decision */
  readonly #eventTime = new EventTime<ParticipantEvent>();
  #lastDecideMs = 0;
  readonly #inbox = new BatchInbox();
  /** the tick of the latest batch each cluster's logic has taken in */
  readonly #batchTicks = new Map<string, number>();
  readonly #restores: ClockRestore[] = [];
  #store: CheckpointStore | undefined;
  /** the state at start, packed: what a restore to tick -1 goes back to */
  #initial: Uint8Array | undefined;
  #busy = false;
  /** set by every message: the work loop looks again before it lets go */
  #again = false;
  #working: Promise<void> = Promise.resolve();
  #seq = 0;

  constructor(options: ParticipantRunnerOptions<State, Snapshot>) {
    super(`${options.role} participant ${options.run}`, options.log);
    this.#bus = options.bus;
    this.#run = options.run;
    this.#id = options.participant;
    this.#role = options.role;
    this.#logic = options.logic;
    this.#wallClock = options.wallClock ?? systemWallClock;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 5000;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.#afterDecision = options.afterDecision;
    this.#startedAtMs = this.#wallClock.now();
    this.#state = this.#logic.initial();
  }

  /** The logic's state as it stands (for queries between decisions; a restore replaces it). */
  get current(): State {
    return this.#state;
  }

  /** The last tick decided, -1 before the first (a restore sets it to the checkpoint's tick). */
  get decidedTick(): number {
    return this.#decidedTick;
  }

  /** Wall time the last `decide` took, ms. */
  get lastDecideMs(): number {
    return this.#lastDecideMs;
  }

  protected async onStart(): Promise<void> {
    this.#initial = packSnapshot(this.#logic.snapshot(this.#state));
    this.#store = await CheckpointStore.open(this.#bus, this.#run);
    const bus = this.#bus;
    const onRejected = (error: WireError, subject: string) => this.reportRejected(error, subject);
    const subs = [
      bus.subscribe(
        subjects.clockRestore(this.#run),
        inboundHandler({ descriptor: clockRestore, log: this.log, onRejected, onMessage: (r) => this.#onRestore(r) }),
      ),
      bus.subscribe(subjects.clockTick(this.#run), inboundHandler({ descriptor: clockTick, log: this.log, onRejected, onMessage: (t) => this.#onTick(t) })),
    ];
    if (this.#logic.onBatch) {
      subs.push(
        bus.subscribe(
          subjects.allClusterTelemetry(this.#run),
          inboundHandler({ descriptor: clusterTelemetry, log: this.log, onRejected, onMessage: (t) => this.#onBatch(t) }),
        ),
      );
    }
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    this.#heartbeat();
    this.defer(
      "heartbeat",
      this.#wallClock.every(this.#heartbeatMs, () => this.#heartbeat()),
    );
  }

  /** Waits for the work in flight (a decision, a restore), up to the drain deadline. */
  protected override async onDrain(): Promise<void> {
    if (!this.#busy) return;
    const deadline = new AbortController();
    const finished = await Promise.race([this.#working.then(() => true), this.#wallClock.sleep(this.#drainTimeoutMs, deadline.signal).then(() => false)]);
    deadline.abort();
    if (!finished)
      this.log.warn({ drainTimeoutMs: this.#drainTimeoutMs, tick: this.#decidedTick + 1 }, "the decision in flight did not end in time: stopping without it");
  }

  /** Publishes an event outside any decision, stamped with the last decided tick and its time (after the first tick). */
  publishEvent(event: ParticipantEvent): void {
    const at = this.#eventTime.at(Math.max(0, this.#decidedTick));
    if (at) this.#publish(event, at);
    else if (!this.#eventTime.hold(event) && this.#eventTime.dropped === 1)
      this.log.warn({ kind: event.kind }, "events raised before the first tick are being dropped: too many wait for its time");
  }

  /** Raises `input-rejected` for a message refused on `subject` (an `onRejected` for inboundHandler). */
  reportRejected(error: WireError, subject: string): void {
    this.publishEvent({
      kind: EventKinds.inputRejected,
      severity: "warning",
      message: `rejected a message on ${subject}: ${error.message}`,
      data: { subject, code: error.code },
    });
  }

  #onTick(tick: ClockTick): void {
    if (this.state !== "running" || !this.#ticks.accept(tick.tick, tick.epoch)) return;
    for (const waiting of this.#eventTime.observe(tick)) this.publishEvent(waiting);
    this.#pending = tick;
    this.#kick();
  }

  #onBatch(batch: ClusterTelemetry): void {
    // A rerun of a decided tick (after a host was lost) changes nothing: the decision stands.
    if (this.state !== "running" || batch.tick <= this.#decidedTick) return;
    if (this.#definitions && !this.#fits(batch, this.#definitions)) return;
    // The usual case, a batch of the tick announced while nothing else runs: taken in now, so a
    // tick's telemetry (136 MB at a million satellites) is never held whole.
    if (!this.#busy && this.#definitions && this.#pending?.tick === batch.tick && this.#logic.onBatch) {
      this.#takeOne(batch, { definitions: this.#definitions });
      if (this.#ready(this.#pending, this.#definitions)) this.#kick();
      return;
    }
    if (!this.#inbox.hold(batch)) {
      this.#rejectBatch(batch, `tick ${batch.tick}: batches of at most ${MAX_HELD_TICKS} ticks are held ahead of the clock (at tick ${this.#decidedTick})`);
      return;
    }
    this.#kick();
  }

  #onRestore(r: ClockRestore): void {
    if (this.state !== "running") return;
    this.#restores.push(r);
    this.#kick();
  }

  /**
   * One thing at a time. A message that finds the loop busy only marks that something changed,
   * and the loop looks again before it lets go: a tick announced during an await is never
   * dropped, and no tick is reported done twice.
   */
  #kick(): void {
    this.#again = true;
    if (this.#busy) return;
    this.#busy = true;
    this.#working = (async () => {
      try {
        while (this.#again && this.state === "running") {
          this.#again = false;
          try {
            await this.#step();
          } catch (err) {
            this.log.error({ err }, "participant step failed");
          }
        }
      } finally {
        this.#busy = false;
      }
    })();
  }

  async #step(): Promise<void> {
    const restore = this.#restores.shift();
    if (restore) {
      await this.#restore(restore);
      this.#again = true;
      return;
    }
    const tick = this.#pending;
    if (!this.#definitions) {
      if (!tick && this.#inbox.size === 0) return;
      if (await this.#loadDefinitions()) this.#again = true;
      return;
    }
    if (!tick) return;
    if (tick.tick <= this.#decidedTick) {
      // Rerun under a newer epoch (a host was lost, nothing moved): the decision stands.
      this.#pending = undefined;
      await this.#finish(tick);
      return;
    }
    const context: DecisionContext = { definitions: this.#definitions };
    this.#takeIn(tick, context);
    if (!this.#ready(tick, context.definitions)) return;
    this.#pending = undefined;
    await this.#decide(tick, context);
    this.#again = true;
  }

  async #loadDefinitions(): Promise<boolean> {
    let definitions: ClusterDefinitions | undefined;
    try {
      definitions = await readClusterDefinitions(this.#bus, this.#run, { elements: this.#logic.readsElements ?? true });
    } catch (err) {
      this.log.error({ err }, "cannot read the cluster definitions");
      return false;
    }
    // None yet: the coordinator has not written them; read again at the next message.
    if (!definitions) return false;
    this.#definitions = definitions;
    for (const batch of this.#inbox.takeAll()) if (this.#fits(batch, definitions)) this.#inbox.hold(batch);
    return true;
  }

  #fits(batch: ClusterTelemetry, definitions: ClusterDefinitions): boolean {
    const problem = batchProblem(definitions, this.#run, batch);
    if (problem) this.#rejectBatch(batch, problem);
    return problem === undefined;
  }

  #takeIn(tick: ClockTick, context: DecisionContext): void {
    if (!this.#logic.onBatch) return;
    for (const batch of this.#inbox.take(this.#decidedTick, tick.tick)) this.#takeOne(batch, context);
  }

  #takeOne(batch: ClusterTelemetry, context: DecisionContext): void {
    let events: readonly ParticipantEvent[] | void;
    try {
      events = this.#logic.onBatch!(this.#state, batch, context);
    } catch (err) {
      this.#rejectBatch(batch, err instanceof Error ? err.message : String(err));
      return;
    }
    this.#batchTicks.set(batch.cluster, batch.tick);
    for (const e of events ?? []) this.#publish(e, batch);
  }

  #ready(tick: ClockTick, definitions: ClusterDefinitions): boolean {
    if (!this.#logic.onBatch) return true;
    for (const cluster of definitions.keys()) if (this.#batchTicks.get(cluster) !== tick.tick) return false;
    return true;
  }

  async #decide(tick: ClockTick, context: DecisionContext): Promise<void> {
    const startedMs = this.#wallClock.now();
    let decision: TickDecision;
    try {
      decision = await this.#logic.decide(this.#state, tick, context);
    } catch (err) {
      // A failure is not the end of the service: logged, raised, and the tick left undone.
      this.log.error({ err, tick: tick.tick }, "decision failed");
      const event = this.#logic.failureEvent?.(err);
      if (event) this.#publish(event, tick);
      return;
    }
    this.#lastDecideMs = this.#wallClock.now() - startedMs;
    this.#decidedTick = tick.tick;
    for (const e of decision.events) this.#publish(e, tick);
    await this.#send(tick.tick, decision.commands);
    try {
      this.#afterDecision?.(tick, this.#state);
    } catch (err) {
      this.log.error({ err, tick: tick.tick }, "after-decision hook failed");
    }
    await this.#finish(tick);
  }

  /** Saves the state when the tick asks for a checkpoint, then reports the tick done. */
  async #finish(tick: ClockTick): Promise<void> {
    const checkpointed = await this.#saveIfAsked(tick);
    this.#bus.publish(
      subjects.clockDone(this.#run, this.#id),
      clockDone.encode({
        v: 1,
        tick: tick.tick,
        host: this.#id,
        epoch: tick.epoch,
        clusters: 0,
        satellites: 0,
        sunlit: 0,
        failed: 0,
        stepMs: 0,
        digests: [],
        subsystems: null,
        // A process started mid-run holds none of the run's state: its done counts only once the
        // coordinator has taken it in (and sent the run back to a checkpoint).
        startedAtMs: this.#startedAtMs,
        ...(checkpointed === undefined ? {} : { checkpointed }),
      }),
    );
  }

  async #saveIfAsked(tick: ClockTick): Promise<number | undefined> {
    if (tick.checkpoint !== tick.tick || !this.#store) return undefined;
    try {
      await this.#store.save(tick.tick, `svc.${this.#id}`, this.#logic.snapshot(this.#state));
      return tick.tick;
    } catch (err) {
      this.log.error({ err, tick: tick.tick }, "checkpoint not saved");
      return undefined;
    }
  }

  async #restore(r: ClockRestore): Promise<void> {
    const answer = (ok: boolean, error?: string, code?: string) =>
      this.#bus.publish(
        subjects.clockRestored(this.#run, this.#id),
        clockRestored.encode({ v: 1, participant: this.#id, restoreId: r.restoreId, ok, ...(error ? { error } : {}), ...(code ? { code } : {}) }),
      );
    try {
      const snapshot = r.tick < 0 ? unpackSnapshot<Snapshot>(this.#initial!) : await this.#snapshotAt(r.tick);
      if (r.tick >= 0 && !this.#definitions && !(await this.#loadDefinitions()))
        throw new OrbitwinError(
          ErrorCodes.invalidState,
          `checkpoint ${r.tick}: the cluster definitions cannot be read, and ${this.#id}'s state refers to them`,
        );
      this.#state = this.#logic.restore(snapshot, this.#state, { definitions: this.#definitions });
      await this.#logic.afterRestore?.(this.#state);
      this.#ticks.reset(r.tick, r.epoch);
      this.#decidedTick = r.tick;
      this.#pending = undefined;
      this.#inbox.clear();
      this.#batchTicks.clear();
      this.log.info({ tick: r.tick }, "restored checkpoint");
      answer(true);
    } catch (err) {
      this.log.error({ err, tick: r.tick }, "restore failed");
      answer(false, err instanceof Error ? err.message : String(err), err instanceof OrbitwinError ? err.code : undefined);
    }
  }

  /**
   * This participant's state at checkpoint `tick`: the one it saved, or its state at start when
   * the checkpoint was taken before it joined the run (a late joiner has nothing older to go
   * back to; refusing would fail every restore of the run until that checkpoint is gone).
   */
  async #snapshotAt(tick: number): Promise<Snapshot> {
    const saved = await this.#store!.load<Snapshot>(tick, `svc.${this.#id}`);
    if (saved !== undefined) return saved;
    const manifest = await this.#store!.manifest(tick);
    if (manifest && !manifest.participants.includes(this.#id)) return unpackSnapshot<Snapshot>(this.#initial!);
    throw new OrbitwinError(ErrorCodes.invalidState, `checkpoint ${tick} has no state for ${this.#id}`);
  }

  async #send(tick: number, commands: ReadonlyMap<string, readonly SatelliteCommand[]>): Promise<void> {
    await Promise.all(
      [...commands].map(async ([cluster, list]) => {
        try {
          const request = clusterCommand.encode({ v: 1, tick, source: this.#id, commands: [...list] });
          const reply = clusterCommandReply.decode(
            (await this.#bus.request(subjects.command(this.#run, cluster), request, { timeoutMs: this.#commandTimeoutMs })).data,
          );
          if (reply.ok) this.#logic.commandsAccepted?.(this.#state, cluster, list.length);
          else this.log.warn({ cluster, code: reply.error.code, reason: reply.error.message }, "commands refused");
        } catch (err) {
          this.log.warn({ err, cluster }, "commands not delivered");
        }
      }),
    );
  }

  #rejectBatch(batch: ClusterTelemetry, reason: string): void {
    this.log.warn({ cluster: batch.cluster, tick: batch.tick, reason }, "rejected a telemetry batch");
    this.publishEvent({
      kind: EventKinds.inputRejected,
      severity: "warning",
      message: `rejected a telemetry batch of ${batch.cluster}: ${reason}`,
      data: { cluster: batch.cluster, code: ErrorCodes.invalidMessage },
    });
  }

  #heartbeat(): void {
    if (this.state !== "running") return;
    this.#bus.publish(
      subjects.clockParticipant(this.#run, this.#id),
      participantHeartbeat.encode({
        v: 1,
        participant: this.#id,
        role: this.#role,
        seq: this.#seq++,
        startedAtMs: this.#startedAtMs,
        pid: process.pid,
        hostname: hostname(),
      }),
    );
  }

  #publish(e: ParticipantEvent, at: SimTime): void {
    this.#bus.publish(
      subjects.event(this.#run, e.kind),
      orbitwinEvent.encode(eventMessage({ run: this.#run, tick: at.tick, simTimeMs: at.simTimeMs, source: this.#id }, e)),
    );
  }
}
