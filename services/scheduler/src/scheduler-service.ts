/**
 * The AI job scheduler. A clock participant: for tick n it reads every cluster's telemetry of
 * tick n, decides (scheduler-core.ts), sends each cluster the load of its satellites (applied at
 * n + 1), publishes the job events and its metrics (`fleet.jobs`), and only then reports tick n done. It answers
 * `svc.scheduler.submit|list|show|status` as the NATS micro service `orbitwin-scheduler`.
 */
import { hostname } from "node:os";
import {
  EventKinds,
  buckets,
  clockDone,
  clockTick,
  clusterCommand,
  clusterDefinition,
  clusterCommandReply,
  clusterTelemetry,
  emptyRequest,
  jobListRequest,
  jobShowRequest,
  jobSubmit,
  orbitwinEvent,
  participantHeartbeat,
  schedulerMetrics,
  subjects,
  OrbitwinError,
  ErrorCodes,
  type ClockTick,
  type ClusterTelemetry,
  type SatelliteCommand,
  type Severity,
  type WireError,
} from "@orbitwin/protocol";
import { LifecycleBase, ParticipantCheckpoints, TickGate, inboundHandler, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { ClusterView, type ClusterViewSnapshot } from "./cluster-view.js";
import type { SchedulerCore, SchedulerCoreSnapshot } from "./scheduler-core.js";

/** What a coordinated checkpoint keeps of the scheduler. */
interface SchedulerSnapshot {
  core: SchedulerCoreSnapshot;
  views: ClusterViewSnapshot[];
  decidedTick: number;
}

export interface SchedulerServiceOptions {
  bus: Bus;
  run: string;
  core: SchedulerCore;
  log: Logger;
  /** @default "scheduler" */
  participantId?: string;
  /** @default the system clock */
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
}

export class SchedulerService extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #core: SchedulerCore;
  readonly #id: string;
  readonly #wallClock: WallClock;
  readonly #heartbeatMs: number;
  readonly #startedAtMs: number;
  readonly #views = new Map<string, ClusterView>();
  #pendingTick: ClockTick | undefined;
  #deciding = false;
  /** the decision running now, so a restore waits for it */
  #decision: Promise<void> = Promise.resolve();
  readonly #checkpoints: ParticipantCheckpoints<SchedulerSnapshot>;
  readonly #ticks = new TickGate();
  #decidedTick = -1;
  #decideMs = 0;
  #seq = 0;
  /** satellite ids of each of the run's clusters, from the clusters bucket (the coordinator's) */
  #definitions: ReadonlyMap<string, readonly string[]> | undefined;
  #loadingDefinitions = false;
  /** batches that came before the definitions were read, latest per cluster */
  readonly #early = new Map<string, ClusterTelemetry>();

  constructor(options: SchedulerServiceOptions) {
    super(`scheduler ${options.run}`, options.log);
    this.#bus = options.bus;
    this.#run = options.run;
    this.#core = options.core;
    this.#id = options.participantId ?? "scheduler";
    this.#wallClock = options.wallClock ?? systemWallClock;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#startedAtMs = this.#wallClock.now();
    this.#checkpoints = new ParticipantCheckpoints<SchedulerSnapshot>({
      bus: this.#bus,
      run: this.#run,
      participant: this.#id,
      log: this.log,
      state: {
        snapshot: () => ({ core: this.#core.snapshot(), views: [...this.#views.values()].map((v) => v.snapshot()), decidedTick: this.#decidedTick }),
        restore: async (snap, tick, epoch) => {
          this.#ticks.reset(tick, epoch);
          await this.#decision;
          this.#pendingTick = undefined;
          this.#early.clear();
          this.#views.clear();
          for (const v of snap.views) this.#views.set(v.cluster, ClusterView.fromSnapshot(v));
          this.#core.restore(snap.core);
          this.#decidedTick = snap.decidedTick;
        },
      },
    });
  }

  protected async onStart(): Promise<void> {
    const bus = this.#bus;
    const onRejected = (error: WireError, subject: string) => this.#event(EventKinds.inputRejected, "warning", `rejected a message on ${subject}: ${error.message}`, { subject, code: error.code });
    const subs = [
      bus.subscribe(subjects.allClusterTelemetry(this.#run), inboundHandler({ descriptor: clusterTelemetry, log: this.log, onRejected, onMessage: (t) => this.#onBatch(t) })),
      bus.subscribe(subjects.clockTick(this.#run), inboundHandler({ descriptor: clockTick, log: this.log, onRejected, onMessage: (t) => this.#onTick(t) })),
    ];
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    await this.#checkpoints.start();
    this.defer("checkpoints", () => this.#checkpoints.stop());
    const endpoint = (name: string) => subjects.serviceEndpoint(this.#run, "scheduler", name);
    const service = await bus.addService({
      name: "orbitwin-scheduler",
      version: "0.1.0",
      description: `orbitwin AI job scheduler for run ${this.#run}`,
      endpoints: [
        { name: "submit", subject: endpoint("submit"), handler: inboundHandler({ descriptor: jobSubmit, log: this.log, onRejected, onMessage: (r) => ({ tick: this.#decidedTick < 0 ? 0 : this.#decidedTick + 1, accepted: this.#core.submit(r.jobs) }) }) },
        { name: "list", subject: endpoint("list"), handler: inboundHandler({ descriptor: jobListRequest, log: this.log, onRejected, onMessage: (r) => this.#core.list(r.state, r.limit ?? 100) }) },
        { name: "show", subject: endpoint("show"), handler: inboundHandler({ descriptor: jobShowRequest, log: this.log, onRejected, onMessage: (r) => this.#show(r.id) }) },
        { name: "status", subject: endpoint("status"), handler: inboundHandler({ descriptor: emptyRequest, log: this.log, onRejected, onMessage: () => this.#core.status(this.#decideMs) }) },
      ],
    });
    this.defer("service", () => service.stop());
    this.#heartbeat();
    this.defer("heartbeat", this.#wallClock.every(this.#heartbeatMs, () => this.#heartbeat()));
  }

  #show(id: string) {
    const detail = this.#core.show(id, this.#views);
    if (!detail) throw new OrbitwinError(ErrorCodes.unknownJob, `id: no job "${id}" in run ${this.#run}; orbitwin jobs list shows the jobs`);
    return detail;
  }

  #heartbeat(): void {
    if (this.state !== "running") return;
    this.#bus.publish(subjects.clockParticipant(this.#run), participantHeartbeat.encode({ v: 1, participant: this.#id, role: "scheduler", seq: this.#seq++, startedAtMs: this.#startedAtMs, pid: process.pid, hostname: hostname() }));
  }

  #onBatch(t: ClusterTelemetry): void {
    // A rerun of a decided tick (after a host was lost) changes nothing: the decision stands.
    if (t.tick <= this.#decidedTick) return;
    if (!this.#definitions) {
      this.#early.set(t.cluster, t);
      this.#loadDefinitions();
      return;
    }
    this.#ingest(t, this.#definitions);
    this.#decideSafely();
  }

  /**
   * Reads the clusters' definitions once, at the first batch: by then the coordinator has written
   * them (a host steps a cluster only after reading its definition). Views are built from them,
   * never from a batch, so a bad batch cannot reshape what the scheduler knows.
   */
  #loadDefinitions(): void {
    if (this.#loadingDefinitions) return;
    this.#loadingDefinitions = true;
    (async () => {
      const kv = await this.#bus.kv(buckets.clusters(this.#run));
      const definitions = new Map<string, readonly string[]>();
      for (const key of await kv.keys()) {
        const entry = await kv.get(key);
        if (entry) definitions.set(key, clusterDefinition.decode(entry.value).satIds);
      }
      // Nothing yet: a batch that came before the run was set up; read again at the next one.
      if (definitions.size === 0) return;
      this.#definitions = definitions;
      for (const t of this.#early.values()) this.#ingest(t, definitions);
      this.#early.clear();
      this.#decideSafely();
    })()
      .catch((err: unknown) => this.log.error({ err }, "cannot read the cluster definitions"))
      .finally(() => (this.#loadingDefinitions = false));
  }

  #ingest(t: ClusterTelemetry, definitions: ReadonlyMap<string, readonly string[]>): void {
    const satIds = definitions.get(t.cluster);
    if (!satIds) {
      this.#rejectBatch(t.cluster, `no cluster ${t.cluster} in run ${this.#run}`);
      return;
    }
    let view = this.#views.get(t.cluster);
    if (!view) this.#views.set(t.cluster, (view = new ClusterView(t.cluster, satIds)));
    try {
      // Throws before it changes anything when a column or the satellite count is wrong.
      view.ingest(t, this.#core.policy.sunAhead);
    } catch (err) {
      this.#rejectBatch(t.cluster, err instanceof Error ? err.message : String(err));
    }
  }

  #rejectBatch(cluster: string, reason: string): void {
    this.log.warn({ cluster, reason }, "rejected a telemetry batch");
    this.#event(EventKinds.inputRejected, "warning", `rejected a telemetry batch of ${cluster}: ${reason}`, { cluster, code: ErrorCodes.invalidMessage });
  }

  #onTick(tick: ClockTick): void {
    if (!this.#ticks.accept(tick.tick, tick.epoch)) return;
    this.#pendingTick = tick;
    this.#decideSafely();
  }

  /** A failure while deciding must not take the service down: it is logged for a person to see. */
  #decideSafely(): void {
    this.#decision = this.#decision
      .then(() => this.#tryDecide())
      .catch((err: unknown) => {
        this.#deciding = false;
        this.log.error({ err }, "scheduler decision failed");
      });
  }

  /** Once the tick is announced and every cluster's batch of it is in: decide, send, report done. */
  async #tryDecide(): Promise<void> {
    const tick = this.#pendingTick;
    if (!tick || this.#deciding || this.state !== "running") return;
    if (tick.tick <= this.#decidedTick) {
      this.#pendingTick = undefined;
      this.#done(tick);
      return;
    }
    const definitions = this.#definitions;
    if (!definitions) return;
    for (const c of definitions.keys()) if (this.#views.get(c)?.tick !== tick.tick) return;
    this.#deciding = true;
    this.#pendingTick = undefined;
    try {
      const started = this.#wallClock.now();
      const decision = this.#core.decide({ tick: tick.tick, dtS: tick.tick === 0 ? 0 : tick.dtMs / 1000 }, this.#views);
      this.#decideMs = this.#wallClock.now() - started;
      this.#decidedTick = tick.tick;
      await this.#send(tick.tick, decision.commands);
      for (const e of decision.events) this.#event(e.kind, e.severity, e.message, e.data, tick);
      this.#bus.publish(subjects.schedulerMetrics(this.#run), schedulerMetrics.encode(this.#core.status(this.#decideMs)));
      this.#done(tick, await this.#checkpoints.saveIfAsked(tick));
    } finally {
      this.#deciding = false;
    }
    if (this.#pendingTick) await this.#tryDecide();
  }

  /** Tick done; `checkpointed` names the checkpoint saved with it, if the tick asked for one. */
  #done(tick: ClockTick, checkpointed?: number): void {
    this.#bus.publish(
      subjects.clockDone(this.#run),
      clockDone.encode({ v: 1, tick: tick.tick, host: this.#id, epoch: tick.epoch, clusters: 0, satellites: 0, sunlit: 0, failed: 0, stepMs: 0, digests: [], subsystems: null, ...(checkpointed === undefined ? {} : { checkpointed }) }),
    );
  }

  async #send(tick: number, commands: Map<string, SatelliteCommand[]>): Promise<void> {
    await Promise.all(
      [...commands].map(async ([cluster, list]) => {
        try {
          const reply = clusterCommandReply.decode((await this.#bus.request(subjects.command(this.#run, cluster), clusterCommand.encode({ v: 1, tick, source: this.#id, commands: list }), { timeoutMs: 10_000 })).data);
          if (!reply.ok) this.log.warn({ cluster, code: reply.error.code, reason: reply.error.message }, "load commands refused");
        } catch (err) {
          this.log.warn({ err, cluster }, "load commands not delivered");
        }
      }),
    );
  }

  #event(kind: string, severity: Severity, message: string, data: Record<string, unknown>, tick?: { tick: number; simTimeMs: number }): void {
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick: tick?.tick ?? Math.max(0, this.#decidedTick), simTimeMs: tick?.simTimeMs ?? 0, source: this.#id, severity, message, data }),
    );
  }
}
