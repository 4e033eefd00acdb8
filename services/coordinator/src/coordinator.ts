/**
 * The coordinator: owns simulation time for one run. It publishes cluster definitions and wires
 * the parts that drive the run: supervision (membership from heartbeats), the run book (what it
 * knows) and the executor (which does what `nextAction` decides: assign, restore, tick, finish),
 * the checkpoint recorder, the durable operation log and the control endpoints.
 */
import {
  ErrorCodes,
  EventKinds,
  OrbitwinError,
  buckets,
  clockDone,
  clusterDefinition,
  hostHeartbeat,
  injectRequest,
  orbitwinEvent,
  participantHeartbeat,
  scenarioToFile,
  streams,
  subjects,
  toWireError,
  type ClusterDefinition,
  type EventData,
  type EventKind,
  type RunStatus,
  type Scenario,
  type Severity,
  type WireError,
} from "@orbitwin/protocol";
import { CheckpointStore, LifecycleBase, inboundHandler, type Bus, type WallClock } from "@orbitwin/runtime";
import { CheckpointRecorder, type CoordinatorCheckpoint } from "./checkpoint-recorder.js";
import { CheckpointSchedule } from "./checkpoint-schedule.js";
import { controlEndpoints, type SubmitOperation } from "./control-endpoints.js";
import { FailedBurns } from "./failed-burns.js";
import { FaultBook } from "./fault-book.js";
import { faultEndpoints } from "./fault-endpoints.js";
import { operationDispatch, type RunControls } from "./operation-dispatch.js";
import { OperationLog } from "./operation-log.js";
import { resolveCoordinatorOptions, type CoordinatorConfig, type CoordinatorOptions } from "./coordinator-options.js";
import { RunExecutor, type RunResult } from "./run-executor.js";
import { boundRunStorage } from "./run-storage.js";

/** How long an operator's command submitted through a control endpoint may take to be applied. */
const OPERATION_TIMEOUT_MS = 30_000;

export class Coordinator extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #scenario: Scenario;
  /** the definitions until they are in the clusters bucket; then only their index (config.fleet) */
  #definitions: Iterable<ClusterDefinition> | undefined;
  readonly #clusterCount: number;
  readonly #satellites: number;
  readonly #config: Readonly<CoordinatorConfig>;
  readonly #wallClock: WallClock;
  readonly #checkpoints: CheckpointSchedule;
  readonly #faults: FaultBook;
  readonly #failedBurns = new FailedBurns();
  readonly #executor: RunExecutor;
  #store: CheckpointStore | undefined;
  #recorder: CheckpointRecorder | undefined;
  #ops: OperationLog | undefined;
  /** where a resumed run's operation log reads on from */
  #resumedOpsSeq = 0;

  constructor(options: CoordinatorOptions) {
    super(`coordinator ${options.run}`, options.log);
    const config = (this.#config = resolveCoordinatorOptions(options));
    const { scenario } = options;
    const { loads } = config.fleet;
    this.#bus = options.bus;
    this.#run = options.run;
    this.#scenario = scenario;
    this.#definitions = options.clusters;
    this.#clusterCount = loads.length;
    this.#satellites = loads.reduce((n, c) => n + c.satellites, 0);
    this.#wallClock = config.wallClock;
    this.#checkpoints = new CheckpointSchedule(config.checkpointEveryTicks);
    this.#faults = new FaultBook({
      satellites: config.fleet.satellites,
      clusters: new Set(loads.map((c) => c.cluster)),
      epochMs: scenario.epochMs,
      dtMs: scenario.dtMs,
      limits: scenario.limits,
    });
    this.#faults.loadScenario(scenario.faults);
    this.#executor = new RunExecutor({
      book: config.book,
      wallClock: config.wallClock,
      history: config.history,
      budget: config.budget,
      bus: options.bus,
      scenario,
      clusters: loads.length,
      satellites: this.#satellites,
      log: options.log,
      faults: this.#faults,
      failedBurns: this.#failedBurns,
      checkpoints: this.#checkpoints,
      store: () => this.#store!,
      recorder: () => this.#recorder!,
      opsSeq: () => this.#ops!.appliedSeq,
      emit: (kind, severity, message, data, atTick) => this.#emit(kind, severity, message, data, atTick),
    });
  }

  /**
   * Writes the definitions to the clusters bucket one at a time (hosts and services read them
   * there), checking each against the index the run was set up with; returns their bytes. Then
   * only the index stays: a million satellites' elements are never all in this process.
   */
  async #publishDefinitions(): Promise<number> {
    const kv = await this.#bus.kv(buckets.clusters(this.#run));
    const { loads } = this.#config.fleet;
    const changed = (at: number) =>
      new OrbitwinError(
        ErrorCodes.invalidScenario,
        `the scenario's clusters changed since the run was set up (an element file rewritten?): cluster ${at + 1} of ${loads.length} is not the one indexed; start the run again`,
      );
    let bytes = 0;
    let published = 0;
    for (const def of this.#definitions ?? []) {
      const indexed = loads[published];
      if (indexed?.cluster !== def.cluster || indexed.satellites !== def.satIds.length) throw changed(published);
      const encoded = clusterDefinition.encode(def);
      bytes += encoded.byteLength;
      await kv.put(def.cluster, encoded);
      published++;
    }
    this.#definitions = undefined;
    if (published !== loads.length) throw changed(published);
    return bytes;
  }

  /** Resolves when the run reaches its last tick, with the final state digest. */
  finished(): Promise<RunResult> {
    return this.#executor.finished;
  }

  status(): RunStatus {
    const { clock, supervision, assignment } = this.#executor.book;
    const nowMs = this.#wallClock.now();
    const tick = Math.max(0, clock.lastTick);
    return {
      run: this.#run,
      scenario: this.#scenario.name,
      state: clock.state,
      mode: clock.speed === null ? "lockstep" : "paced",
      speed: clock.speed,
      tick,
      simTimeMs: this.#executor.simTimeAt(tick),
      endTick: clock.endTick,
      dtMs: this.#scenario.dtMs,
      satellites: this.#satellites,
      clusters: this.#clusterCount,
      epoch: assignment.epoch,
      hosts: supervision.hosts().map((host) => ({
        host,
        clusters: assignment.current.get(host)?.length ?? 0,
        satellites: assignment.satellitesOf(host),
        lastSeenAgoMs: nowMs - (supervision.host(host)?.lastSeenMs ?? nowMs),
      })),
      achievedSpeed: clock.stats.achievedSpeed() / 1,
      tickLagP50Ms: clock.stats.lagPercentileMs(50),
      tickLagP99Ms: clock.stats.lagPercentileMs(99),
      digest: this.#executor.digest,
    };
  }

  protected async onStart(): Promise<void> {
    const bus = this.#bus;
    const executor = this.#executor;
    await this.#createHistoryStreams();
    const definitionBytes = await this.#publishDefinitions();
    this.log.info({ clusters: this.#clusterCount, satellites: this.#satellites }, "cluster definitions published");
    this.#store = await CheckpointStore.open(bus, this.#run);
    this.#recorder = new CheckpointRecorder({ store: this.#store, keep: this.#config.checkpointKeep, log: this.log });
    this.defer("checkpoint recorder", () => this.#recorder!.idle());
    await this.#resumeOrClear();
    this.#ops = await OperationLog.open(bus, this.#run, this.log, this.#wallClock, !this.#config.resume, this.#scenario.storage);
    const limits = await boundRunStorage(bus, this.#run, {
      storage: this.#scenario.storage,
      satellites: this.#satellites,
      checkpointKeep: this.#config.checkpointKeep,
      definitionBytes,
    });
    this.log.info({ maxBytes: limits, maxAgeMs: this.#scenario.storage.stateMaxAgeMs }, "run state stores bounded");

    const onRejected = (error: WireError, subject: string) =>
      this.#emit(EventKinds.inputRejected, "warning", `rejected a message on ${subject}: ${error.message}`, { subject, code: error.code });
    const now = () => this.#wallClock.now();
    // A heartbeat out of bounds is refused (thrown) by the run book: reported like malformed input.
    const reported =
      <T>(subject: string, act: (m: T) => void) =>
      (m: T) => {
        try {
          act(m);
        } catch (err) {
          onRejected(toWireError(err), subject);
          throw err;
        }
      };
    const subs = [
      // Each is published on a subject ending in its sender's id, which that sender's NATS role pins.
      bus.subscribe(
        subjects.allHostHeartbeats(this.#run),
        inboundHandler({
          descriptor: hostHeartbeat,
          log: this.log,
          onRejected,
          sender: (hb) => hb.host,
          onMessage: reported(subjects.allHostHeartbeats(this.#run), (hb) => executor.book.hostHeartbeat(hb, now())),
        }),
      ),
      bus.subscribe(
        subjects.allClockDones(this.#run),
        inboundHandler({ descriptor: clockDone, log: this.log, onRejected, sender: (d) => d.host, onMessage: (d) => executor.onDone(d) }),
      ),
      bus.subscribe(
        subjects.allClockParticipants(this.#run),
        inboundHandler({
          descriptor: participantHeartbeat,
          log: this.log,
          onRejected,
          sender: (p) => p.participant,
          onMessage: reported(subjects.allClockParticipants(this.#run), (p) => executor.book.participantHeartbeat(p, now())),
        }),
      ),
    ];
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    await this.#ops.start(this.#resumedOpsSeq, operationDispatch({ controls: this.#controls(), faults: this.#faults, log: this.log, onRejected }));
    this.defer("operation log", () => this.#ops!.stop());
    const submit: SubmitOperation = async (verb, request, fault) => {
      // An injection over a limit is refused here and never enters the log (the log's own
      // decision checks again: injections racing each other past this point are refused there).
      if (verb === "inject" && fault !== undefined)
        this.#faults.check(fault, injectRequest.validate(request), this.#executor.book.clock.nextOpenTick(), "operator");
      const outcome = await this.#ops!.submit(verb, { request, ...(fault === undefined ? {} : { fault }), source: "request" }, OPERATION_TIMEOUT_MS);
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
    const stopChecks = this.#wallClock.every(executor.book.supervision.checkEveryMs, () => executor.check());
    this.defer("supervision timer", stopChecks);
    this.#emit(EventKinds.runStarted, "info", `run ${this.#run} of scenario ${this.#scenario.name} started`, {
      satellites: this.#satellites,
      clusters: this.#clusterCount,
      endTick: executor.book.clock.endTick,
      // The scenario as a file, with the seed: enough to reproduce the run.
      scenario: scenarioToFile(this.#scenario),
    });
    executor.start((err) => void this.fail(err));
    this.defer("clock loop", () => executor.stop());
  }

  protected override async onDrain(): Promise<void> {
    await this.#executor.stop();
    await this.#bus.flush();
  }

  /** Before the first tick, so history starts at tick 0; limits retention drops the oldest first. */
  async #createHistoryStreams(): Promise<void> {
    const h = this.#config.history;
    const run = this.#run;
    await this.#bus.stream(streams.events(run), { subjects: [subjects.allEvents(run)], maxAgeMs: h.maxAgeMs, maxBytes: h.eventsMaxBytes });
    await this.#bus.stream(streams.fleet(run), { subjects: [subjects.fleet(run)], maxAgeMs: h.maxAgeMs, maxBytes: h.fleetMaxBytes });
    // Always made: a scheduler may join without a scenario section (--scheduler on), and an empty stream costs nothing.
    await this.#bus.stream(streams.jobs(run), { subjects: [subjects.schedulerMetrics(run)], maxAgeMs: h.maxAgeMs, maxBytes: h.fleetMaxBytes });
    if (h.sampleEveryTicks > 0) {
      await this.#bus.stream(streams.samples(run), { subjects: [subjects.allClusterSamples(run)], maxAgeMs: h.maxAgeMs, maxBytes: h.samplesMaxBytes });
    }
    this.log.info({ ...h }, "history streams ready");
  }

  /** A resumed run starts from its newest complete checkpoint; a new one from a clean bucket. */
  async #resumeOrClear(): Promise<void> {
    const manifest = this.#config.resume
      ? await this.#store!.latestValid((err) => this.log.error({ err }, "a checkpoint was refused; resuming from an older one"))
      : undefined;
    if (!manifest) {
      await this.#store!.clear();
      return;
    }
    const { clock, assignment, recovery } = this.#executor.book;
    const saved = manifest.coordinator as CoordinatorCheckpoint | undefined;
    clock.resumeFrom(manifest.tick, saved?.control);
    assignment.resumeAt(manifest.epoch);
    recovery.resumeFrom(manifest.tick);
    if (saved?.faults) this.#faults.restore(saved.faults);
    this.#resumedOpsSeq = saved?.opsSeq ?? 0;
    saved?.forkFaults?.forEach((f, i) => this.#faults.injectScenarioFault(f, i, manifest.tick + 1, "fork"));
    this.#failedBurns.record(manifest.tick, saved?.maneuversFailed ?? []);
    this.log.info({ tick: manifest.tick, epoch: manifest.epoch, opsSeq: this.#resumedOpsSeq }, "resuming the run from its newest checkpoint");
  }

  /** What each operator command reaches (see operation-dispatch.ts). */
  #controls(): RunControls {
    const book = this.#executor.book;
    const now = () => this.#wallClock.now();
    return {
      pause: () => book.pause(),
      resume: () => book.resume(now()),
      setSpeed: (speed) => book.setSpeed(speed, now()),
      step: (ticks) => book.step(ticks, now()),
      stopRun: () => book.stopRun(),
      status: () => this.status(),
      snapshot: () => {
        book.refuseWhenFinished("take a checkpoint of");
        return { tick: this.#checkpoints.requestAt(book.clock.nextOpenTick()), state: "scheduled" };
      },
      restore: async (tick) => {
        book.refuseWhenFinished("restore");
        const available = await this.#store!.completeTicks();
        if (!available.includes(tick)) {
          throw new OrbitwinError(
            ErrorCodes.invalidState,
            `no complete checkpoint at tick ${tick}: ${available.length === 0 ? "there is none yet" : `there are ${available.join(", ")}`}`,
          );
        }
        const from = book.clock.lastTick;
        book.goBackTo(tick);
        return { tick, from };
      },
      stopAt: (tick) => book.clock.stopAt(tick),
      nextOpenTick: () => book.clock.nextOpenTick(),
    };
  }

  #emit<K extends EventKind>(kind: K, severity: Severity, message: string, data: EventData<K>, atTick?: number): void {
    const tick = atTick ?? Math.max(0, this.#executor.book.clock.lastTick);
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick, simTimeMs: this.#executor.simTimeAt(tick), source: "coordinator", severity, message, data }),
    );
  }
}
