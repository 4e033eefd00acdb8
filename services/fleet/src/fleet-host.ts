/**
 * A fleet host: owns the cluster actors the coordinator assigns to it, steps them on every
 * clock tick, publishes their telemetry and reports the tick done. Heartbeats tell the
 * coordinator it is alive and what it holds.
 */
import { hostname as osHostname } from "node:os";
import { sunPositionKm } from "@orbitwin/physics";
import {
  EventKinds,
  OrbitwinError,
  fleetTelemetry,
  ErrorCodes,
  buckets,
  addSubsystemTotals,
  clockDone,
  clockRestore,
  clockRestored,
  clockTick,
  clusterCommand,
  emptySubsystemTotals,
  clusterDefinition,
  clusterDefinitionProblems,
  hostAssign,
  hostHeartbeat,
  orbitwinEvent,
  subjects,
  watchRequest,
  type ClockRestore,
  type ClockTick,
  type ClusterDigest,
  type ManeuverFailure,
  type HostAssign,
  type WireError,
} from "@orbitwin/protocol";
import {
  CheckpointStore,
  EventTime,
  type SimTime,
  LifecycleBase,
  TickGate,
  inboundHandler,
  systemWallClock,
  type Bus,
  type KvStore,
  type Logger,
  type Subscription,
  type WallClock,
} from "@orbitwin/runtime";
import { ClusterActor, type ClusterSnapshot } from "./cluster-actor.js";
import { CheckpointWriter } from "./checkpoint-writer.js";
import { acceptCommands } from "./command-intake.js";
import { yieldToEventLoop } from "./event-loop.js";
import { HostedClusters } from "./hosted-clusters.js";
import { stepReport, type StepEvent } from "./step-events.js";
import { TelemetryOut } from "./telemetry-out.js";
import { WatchLeases } from "./watch-leases.js";

/** A checkpoint's snapshots written while the host waits for the tick that follows it. */
interface CheckpointAhead {
  tick: number;
  writer: CheckpointWriter;
  /** clusters written and not changed since: their state before the next step is what was written */
  written: Set<string>;
}

interface AfterTick {
  tick: number;
  /** the history's copy of the tick's batches alone (a draining host skips the orbits ahead) */
  samples: () => Promise<void>;
  /** all of it; the checkpoint ahead only when the next tick, not a restore or assignment, follows */
  work: (checkpoint: boolean) => Promise<void>;
}

/** Longest stretch of a tick's work between two turns of the event loop, ms. */
const TICK_SLICE_MS = 50;

/** Longest stretch of the next tick's orbits computed ahead before looking for other work, ms. */
const PREPARE_SLICE_MS = 5;

export interface FleetHostOptions {
  bus: Bus;
  /**
   * Where cluster telemetry beyond a tick's first MiB goes (tens of MB a tick for a big host), so
   * heartbeats, clock.done and replies on `bus` never queue behind it (telemetry-out.ts). @default bus
   */
  telemetryBus?: Bus;
  run: string;
  /** Token naming this host; unique within the run. */
  hostId: string;
  log: Logger;
  /** @default the system clock */
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
  /** seed of the keyed random generator (the scenario's). @default 0 */
  seed?: number;
  /** scenario epoch, UTC ms: satellite age counts from it. @default the first tick's time */
  epochMs?: number;
}

export class FleetHost extends LifecycleBase {
  readonly #bus: Bus;
  readonly #telemetryBus: Bus;
  readonly #run: string;
  readonly hostId: string;
  readonly #wallClock: WallClock;
  readonly #heartbeatMs: number;
  readonly #startedAtMs: number;
  readonly #clusters = new HostedClusters((cluster) => this.#subscribeCommands(cluster));
  readonly #leases = new WatchLeases();
  readonly #sunKm = new Float64Array(3);
  readonly #seed: number;
  #epochMs: number | undefined;
  #kv: KvStore | undefined;
  #epoch = 0;
  #heartbeatSeq = 0;
  #lastTick = 0;
  /** when this host's own events (a refused message) happen: at its last tick, never at time 0 */
  readonly #eventTime = new EventTime<{ error: WireError; subject: string }>();
  /** the tick an assignment said the run is at: the time of events before this host's first tick */
  #assignedAt: SimTime | undefined;
  /** From the assignment: also publish each batch on sample.<cluster> when tick % this == 0. */
  #sampleEveryTicks = 0;
  /** Assignments, ticks, restores and commands run one at a time, in arrival order. */
  #work: Promise<void> = Promise.resolve();
  /** jobs in #work not yet started */
  #queued = 0;
  /** counts the ticks, restores and assignments begun: the next tick prepared for is still the next while it stays */
  #changes = 0;
  #store: CheckpointStore | undefined;
  /** A checkpoint asked for on this tick, saved before the next tick is stepped (so pending commands are in it). */
  #checkpointDue: number | undefined;
  /** That checkpoint's snapshots, written once its tick completed (see #writeCheckpointAhead). */
  #checkpointAhead: CheckpointAhead | undefined;
  readonly #ticks = new TickGate();
  /** A tick's work that waits for the tick to complete (see #afterTick). */
  #waitingForCompletion: AfterTick | undefined;

  constructor(options: FleetHostOptions) {
    super(`fleet host ${options.hostId}`, options.log);
    this.#bus = options.bus;
    this.#telemetryBus = options.telemetryBus ?? options.bus;
    this.#run = options.run;
    this.hostId = options.hostId;
    this.#wallClock = options.wallClock ?? systemWallClock;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#startedAtMs = this.#wallClock.now();
    this.#seed = options.seed ?? 0;
    this.#epochMs = options.epochMs;
  }

  get epoch(): number {
    return this.#epoch;
  }

  get clusterIds(): string[] {
    return this.#clusters.ids;
  }

  get satelliteCount(): number {
    return this.#clusters.satelliteCount;
  }

  protected async onStart(): Promise<void> {
    const bus = this.#bus;
    this.#kv = await bus.kv(buckets.clusters(this.#run));
    this.#store = await CheckpointStore.open(bus, this.#run);
    const onRejected = (error: WireError, subject: string) => this.#reportRejected(error, subject);
    const subs = [
      bus.subscribe(
        subjects.hostAssign(this.#run, this.hostId),
        inboundHandler({
          descriptor: hostAssign,
          log: this.log,
          onRejected,
          onMessage: (m) => {
            this.#releaseAfterTick(false);
            return this.#inOrder(() => this.#applyAssign(m));
          },
        }),
      ),
      bus.subscribe(
        subjects.clockTick(this.#run),
        inboundHandler({
          descriptor: clockTick,
          log: this.log,
          onRejected,
          onMessage: (t) => {
            for (const held of this.#eventTime.observe(t)) this.#reportRejected(held.error, held.subject);
            this.#releaseAfterTick();
            this.#enqueue(() => this.#onTick(t));
          },
        }),
      ),
      bus.subscribe(
        subjects.clockRestore(this.#run),
        inboundHandler({
          descriptor: clockRestore,
          log: this.log,
          onRejected,
          onMessage: (r) => {
            this.#releaseAfterTick(false);
            this.#enqueue(() => this.#onRestore(r));
          },
        }),
      ),
      // The coordinator's fleet aggregate of a tick says every participant is done with it.
      bus.subscribe(
        subjects.fleet(this.#run),
        inboundHandler({
          descriptor: fleetTelemetry,
          log: this.log,
          onRejected,
          onMessage: (f) => {
            if (this.#waitingForCompletion && f.tick >= this.#waitingForCompletion.tick) this.#releaseAfterTick();
          },
        }),
      ),
      bus.subscribe(
        subjects.watchSatellites(this.#run),
        inboundHandler({
          descriptor: watchRequest,
          log: this.log,
          onRejected,
          // Every host keeps every lease: a cluster may move here later, and its watchers with it.
          onMessage: (w) => ({ granted: this.#leases.grant(w.sats, this.#wallClock.now(), w.leaseMs) }),
        }),
      ),
    ];
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    this.defer("command subscriptions", () => this.#clusters.drainCommandSubscriptions());
    this.#heartbeat();
    const stopHeartbeat = this.#wallClock.every(this.#heartbeatMs, () => this.#heartbeat());
    this.defer("heartbeat timer", stopHeartbeat);
  }

  protected override async onDrain(): Promise<void> {
    await this.#work;
    // The last tick's copy for history goes out even when its completion was not heard.
    const waiting = this.#waitingForCompletion;
    this.#waitingForCompletion = undefined;
    if (waiting) this.#enqueue(() => waiting.samples());
    await this.#work;
    await this.#dropCheckpointAhead();
    await this.#telemetryBus.flush();
    await this.#bus.flush();
  }

  #heartbeat(): void {
    if (this.state !== "running") return;
    this.#bus.publish(
      subjects.hostHeartbeat(this.#run, this.hostId),
      hostHeartbeat.encode({
        v: 1,
        host: this.hostId,
        seq: this.#heartbeatSeq++,
        pid: process.pid,
        hostname: osHostname().slice(0, 255),
        startedAtMs: this.#startedAtMs,
        clusters: this.clusterIds,
        epoch: this.#epoch,
      }),
    );
  }

  async #applyAssign(assign: HostAssign): Promise<unknown> {
    if (assign.run !== this.#run) {
      throw new OrbitwinError(ErrorCodes.invalidMessage, `assignment is for run ${assign.run}, this host serves ${this.#run}`);
    }
    if (assign.epoch < this.#epoch) {
      throw new OrbitwinError(ErrorCodes.staleAssignment, `assignment epoch ${assign.epoch} is older than the current ${this.#epoch}`);
    }
    this.#changes++;
    // Another host may write these clusters' checkpoint next: none of this host's writes may still be under way.
    await this.#dropCheckpointAhead();
    await this.#clusters.assign(assign.clusters, (cluster) => this.#loadCluster(cluster));
    this.#epoch = assign.epoch;
    this.#assignedAt = { tick: assign.tick, simTimeMs: assign.simTimeMs };
    for (const held of this.#eventTime.takeWaiting()) this.#reportRejected(held.error, held.subject);
    this.#sampleEveryTicks = assign.sampleEveryTicks ?? 0;
    this.log.info({ epoch: assign.epoch, clusters: this.#clusters.size, satellites: this.satelliteCount }, "assignment applied");
    this.#heartbeat();
    return { host: this.hostId, epoch: this.#epoch, clusters: this.#clusters.size, satellites: this.satelliteCount };
  }

  async #loadCluster(cluster: string): Promise<ClusterActor> {
    const entry = await this.#kv?.get(cluster);
    if (!entry) {
      throw new OrbitwinError(ErrorCodes.unknownCluster, `cluster ${cluster} has no definition in bucket ${buckets.clusters(this.#run)}`, { retryable: true });
    }
    const def = clusterDefinition.decode(entry.value);
    const problems = clusterDefinitionProblems(def);
    if (problems.length > 0) throw new OrbitwinError(ErrorCodes.invalidMessage, `cluster ${cluster} definition: ${problems.join("; ")}`);
    return new ClusterActor(def, def.seed ?? this.#seed);
  }

  #subscribeCommands(cluster: string): Subscription {
    return this.#bus.subscribe(
      subjects.command(this.#run, cluster),
      inboundHandler({
        descriptor: clusterCommand,
        log: this.log,
        onRejected: (error, subject) => this.#reportRejected(error, subject),
        // After the tick work queued before it: a command for tick n that reaches this host in the
        // same read as tick n itself must find n stepped, not be refused as stale.
        onMessage: (cmd) =>
          this.#inOrder(() => {
            const accepted = acceptCommands(this.#clusters.get(cluster), cluster, cmd, this.#lastTick);
            // Written ahead without these commands: written again before the cluster's next step.
            this.#checkpointAhead?.written.delete(cluster);
            return accepted;
          }),
      }),
    );
  }

  #enqueue(job: () => Promise<void>): void {
    this.#inOrder(job).catch((err: unknown) => this.log.error({ err }, "tick, restore or work ahead failed"));
  }

  /** Runs `act` once the ticks and restores queued before it are done; its result or error goes to the caller. */
  #inOrder<T>(act: () => T): Promise<T> {
    this.#queued++;
    const result = this.#work.then(() => {
      this.#queued--;
      return act();
    });
    this.#work = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async #onTick(tick: ClockTick): Promise<void> {
    if (this.state !== "running" || tick.epoch !== this.#epoch || !this.#ticks.accept(tick.tick, tick.epoch)) return;
    this.#changes++;
    const startedMs = performance.now();
    // The state after the checkpoint tick plus the commands decided on it, captured before this step.
    const checkpoint = this.#checkpointDue !== undefined && tick.tick === this.#checkpointDue + 1 ? this.#checkpointDue : undefined;
    const writtenAhead = this.#checkpointAhead;
    this.#checkpointAhead = undefined;
    // One written ahead for another tick (none should be) is let finish and forgotten.
    if (writtenAhead && writtenAhead.tick !== checkpoint) await writtenAhead.writer.settle();
    const ahead = writtenAhead?.tick === checkpoint ? writtenAhead : undefined;
    const saving = checkpoint === undefined ? undefined : (ahead?.writer ?? new CheckpointWriter(this.#store!, checkpoint, this.log));
    let settled = false;
    this.#checkpointDue = tick.checkpoint === tick.tick ? tick.tick : undefined;
    this.#epochMs ??= tick.simTimeMs - tick.tick * tick.dtMs;
    sunPositionKm(tick.simTimeMs, this.#sunKm);
    const totals = emptySubsystemTotals();
    let satellites = 0;
    let sunlit = 0;
    let failed = 0;
    const digests: ClusterDigest[] = [];
    const maneuversFailed: ManeuverFailure[] = [];
    const faults = tick.faults || tick.faultsEnded ? { started: tick.faults ?? [], ended: tick.faultsEnded ?? [] } : undefined;
    const telemetry = new TelemetryOut({
      bus: this.#bus,
      telemetryBus: this.#telemetryBus,
      run: this.#run,
      sample: this.#sampleEveryTicks > 0 && tick.tick % this.#sampleEveryTicks === 0,
    });
    // On the injected clock: a manual clock (the simulation tests) never moves within a tick.
    let sliceStartMs = this.#wallClock.now();
    for (const id of this.clusterIds) {
      // A big host's tick takes seconds of CPU: let heartbeats and replies out between clusters.
      // Nothing else of this host runs meanwhile (assignments, restores and commands wait in #work).
      if (this.#wallClock.now() - sliceStartMs > TICK_SLICE_MS) {
        await yieldToEventLoop();
        sliceStartMs = this.#wallClock.now();
      }
      const actor = this.#clusters.get(id)!;
      // Each cluster's state before its own step is its part of the checkpoint.
      if (saving && !ahead?.written.has(id)) {
        // Never two writes of one cluster's snapshot at once: the first may still be under way.
        if (ahead && !settled) {
          await saving.settle();
          settled = true;
        }
        await saving.write(actor.snapshot());
      }
      const summary = actor.step(tick.tick, tick.simTimeMs, this.#sunKm, tick.simTimeMs - this.#epochMs, faults);
      const report = stepReport(id, actor.satIds, summary);
      for (const e of report.events) this.#event(e, tick);
      maneuversFailed.push(...report.maneuversFailed);
      if (summary.subsystems) addSubsystemTotals(totals, summary.subsystems.totals);
      satellites += summary.satellites;
      sunlit += summary.sunlit;
      failed += summary.failed;
      await telemetry.publish(id, actor.encodeTelemetry(this.#run));
      if (tick.wantDigest) digests.push({ cluster: id, digest: actor.digest() });
    }
    this.#publishWatched(telemetry);
    // clock.done goes out after the tick's telemetry: a participant deciding on tick n has it all
    // (the history stream's copy follows it).
    await telemetry.finish();
    this.#lastTick = tick.tick;
    const checkpointed = saving ? await saving.finish() : undefined;
    // Before clock.done: on an in-process bus the tick may complete within the publish.
    this.#afterTick(tick, telemetry);
    this.#bus.publish(
      subjects.clockDone(this.#run, this.hostId),
      clockDone.encode({
        v: 1,
        tick: tick.tick,
        host: this.hostId,
        epoch: this.#epoch,
        clusters: this.#clusters.size,
        satellites,
        sunlit,
        failed,
        stepMs: performance.now() - startedMs,
        digests,
        subsystems: totals.withBus > 0 ? totals : null,
        ...(checkpointed === undefined ? {} : { checkpointed }),
        ...(maneuversFailed.length > 0 ? { maneuversFailed } : {}),
      }),
    );
  }

  /**
   * What a tick leaves to do once its participants are done with it: the history stream's copy of
   * its batches, then the next tick's orbits (#prepareNext). Until the coordinator's fleet
   * aggregate says the tick is complete it waits, so that on machines whose cores the host shares
   * with NATS and the participants it takes none of their time while they still decide on the
   * tick. A tick, restore or assignment that comes first lets it go ahead of itself.
   */
  #afterTick(tick: ClockTick, telemetry: TelemetryOut): void {
    const samples = () => telemetry.publishSamples((cluster) => this.#clusters.get(cluster)!.encodeTelemetry(this.#run));
    const work = async (checkpoint: boolean) => {
      await samples();
      if (checkpoint && this.#checkpointDue === tick.tick) await this.#writeCheckpointAhead(tick.tick);
      this.#prepareNext(tick.tick + 1, tick.simTimeMs + tick.dtMs);
    };
    this.#waitingForCompletion = { tick: tick.tick, samples, work };
  }

  /** `checkpoint`: false when a restore or an assignment, not the next tick, comes next. */
  #releaseAfterTick(checkpoint = true): void {
    const waiting = this.#waitingForCompletion;
    if (!waiting) return;
    this.#waitingForCompletion = undefined;
    this.#enqueue(() => waiting.work(checkpoint));
  }

  /**
   * A checkpoint tick's snapshots, written as soon as the tick is complete rather than while the
   * next one is stepped: at 1 Hz that is the idle rest of the second, where writing them inside the
   * next tick held it and the one after to 270-450 ms at 300,000 satellites. Every participant is
   * done with the tick, so the commands decided on it are all queued; one accepted later marks its
   * cluster to be written again before its step. The state written is thus still the state the
   * next step starts from.
   */
  async #writeCheckpointAhead(tick: number): Promise<void> {
    const ahead: CheckpointAhead = { tick, writer: new CheckpointWriter(this.#store!, tick, this.log), written: new Set() };
    this.#checkpointAhead = ahead;
    for (const id of this.clusterIds) {
      await ahead.writer.write(this.#clusters.get(id)!.snapshot());
      ahead.written.add(id);
    }
  }

  /** Forgets a checkpoint written ahead (a restore or an assignment follows), once its writes are over. */
  async #dropCheckpointAhead(): Promise<void> {
    const ahead = this.#checkpointAhead;
    this.#checkpointAhead = undefined;
    await ahead?.writer.settle();
  }

  /**
   * While the host waits for the next tick, that tick's orbits and subsystem steps (at
   * `simTimeMs`, where a tick of the same length puts it) are computed ahead, cluster by cluster
   * (ClusterActor.prepare), so the tick itself does less. Any other work goes first: a command before the rest is
   * prepared; a tick, restore or assignment instead of it. Only the time of the work changes,
   * never its result.
   */
  #prepareNext(tick: number, simTimeMs: number): void {
    const changes = this.#changes;
    const sunKm = sunPositionKm(simTimeMs, new Float64Array(3));
    const ids = this.clusterIds;
    let next = 0;
    const prepare = async (): Promise<void> => {
      let sliceStartMs = this.#wallClock.now();
      while (next < ids.length) {
        if (this.#changes !== changes || this.state !== "running") return;
        if (this.#queued > 0) return this.#enqueue(prepare);
        this.#clusters.get(ids[next++]!)?.prepare(tick, simTimeMs, sunKm, simTimeMs - (this.#epochMs ?? simTimeMs));
        if (this.#wallClock.now() - sliceStartMs > PREPARE_SLICE_MS) {
          await yieldToEventLoop();
          sliceStartMs = this.#wallClock.now();
        }
      }
    };
    this.#enqueue(prepare);
  }

  /** Every cluster of the current assignment back to checkpoint `tick`. */
  async #onRestore(r: ClockRestore): Promise<void> {
    const answer = (ok: boolean, error?: string, code?: string) =>
      this.#bus.publish(
        subjects.clockRestored(this.#run, this.hostId),
        clockRestored.encode({ v: 1, participant: this.hostId, restoreId: r.restoreId, ok, ...(error ? { error } : {}), ...(code ? { code } : {}) }),
      );
    if (r.epoch !== this.#epoch) return answer(false, `restore is for assignment epoch ${r.epoch}, this host is at ${this.#epoch}`);
    this.#changes++;
    await this.#dropCheckpointAhead();
    try {
      // Until a restore succeeds no tick of this epoch is stepped, so one failing part way leaves nothing to undo.
      await this.#clusters.restore(r.tick, (cluster) => this.#loadSnapshot(r.tick, cluster));
      this.#lastTick = Math.max(0, r.tick);
      this.#ticks.reset(r.tick, r.epoch);
      this.#checkpointDue = undefined;
      this.log.info({ tick: r.tick, clusters: this.#clusters.size }, "restored checkpoint");
      answer(true);
    } catch (err) {
      answer(false, err instanceof Error ? err.message : String(err), err instanceof OrbitwinError ? err.code : undefined);
    }
  }

  async #loadSnapshot(tick: number, cluster: string): Promise<ClusterSnapshot> {
    const snap = await this.#store!.load<ClusterSnapshot>(tick, `cluster.${cluster}`);
    if (!snap) throw new OrbitwinError(ErrorCodes.corruptCheckpoint, `checkpoint ${tick} has no state for cluster ${cluster}`);
    return snap;
  }

  #publishWatched(telemetry: TelemetryOut): void {
    if (this.#leases.size === 0) return;
    for (const sat of this.#leases.active(this.#wallClock.now())) {
      const actor = this.#clusters.holding(sat);
      const bytes = actor?.encodeSatelliteTelemetry(this.#run, sat);
      if (bytes) telemetry.publishSatellite(subjects.satelliteTelemetry(this.#run, actor!.id, sat), bytes);
    }
  }

  #event({ kind, severity, message, data }: StepEvent, tick: ClockTick): void {
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick: tick.tick, simTimeMs: tick.simTimeMs, source: `fleet/${this.hostId}`, severity, message, data }),
    );
  }

  #reportRejected(error: WireError, subject: string): void {
    const time = this.#eventTime.at(this.#lastTick) ?? this.#assignedAt;
    if (!time) {
      // Before the first clock tick there is no time to place it at: it waits for one.
      if (!this.#eventTime.hold({ error, subject }))
        this.log.warn({ subject, code: error.code }, "refused a message before the first tick; too many wait to be reported");
      return;
    }
    this.#bus.publish(
      subjects.event(this.#run, EventKinds.inputRejected),
      orbitwinEvent.encode({
        v: 1,
        run: this.#run,
        kind: EventKinds.inputRejected,
        tick: time.tick,
        simTimeMs: time.simTimeMs,
        source: `fleet/${this.hostId}`,
        severity: "warning",
        message: `rejected a message on ${subject}: ${error.message}`,
        data: { subject, code: error.code },
      }),
    );
  }
}
