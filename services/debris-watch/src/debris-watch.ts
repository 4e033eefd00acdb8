/**
 * debris-watch, the twin's space situational awareness, as a service: a clock participant that on
 * tick n has its DebrisTracker decide (screening, collisions, avoidance burns; tracker.ts), sends
 * the fleet the commands (they apply on n + 1), and only then reports tick n done; it answers
 * operators' queries about conjunctions and saves and restores its state with the checkpoints.
 */
import { hostname } from "node:os";
import {
  EventKinds,
  ErrorCodes,
  OrbitwinError,
  buckets,
  clockDone,
  clockTick,
  clusterCommand,
  clusterCommandReply,
  clusterDefinition,
  conjunctionListRequest,
  conjunctionShowRequest,
  elementsAtSlot,
  emptyRequest,
  orbitwinEvent,
  participantHeartbeat,
  subjects,
  type ClockTick,
  type Conjunction,
  type DebrisWatchConfig,
  type DebrisWatchStatus,
  type SatelliteCommand,
  type Severity,
  type WireError,
} from "@orbitwin/protocol";
import { LifecycleBase, ParticipantCheckpoints, TickGate, inboundHandler, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import type { MeanElements } from "@orbitwin/physics";
import { loadBackground, plantedIntruders } from "./background.js";
import { formatCdm } from "./cdm.js";
import { resolveDebrisConfig, type ResolvedDebrisConfig } from "./config.js";
import { DebrisTracker, type DebrisTrackerSnapshot } from "./tracker.js";

export interface DebrisWatchOptions {
  bus: Bus;
  run: string;
  /** the scenario's `debris:` section */
  config: DebrisWatchConfig | undefined;
  seed: number;
  epochMs: number;
  /** folder catalog file names are relative to (the scenario's) */
  baseDir: string;
  log: Logger;
  /** @default "debris-watch" */
  participantId?: string;
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
}

interface DebrisWatchSnapshot {
  tracker: DebrisTrackerSnapshot;
  catalogLoaded: boolean;
  lastTick: number;
}

export class DebrisWatch extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #raw: DebrisWatchConfig | undefined;
  readonly #config: ResolvedDebrisConfig;
  readonly #seed: number;
  readonly #epochMs: number;
  readonly #baseDir: string;
  readonly #id: string;
  readonly #wallClock: WallClock;
  readonly #heartbeatMs: number;
  readonly #startedAtMs: number;
  #tracker: DebrisTracker;
  #decision: Promise<void> = Promise.resolve();
  readonly #checkpoints: ParticipantCheckpoints<DebrisWatchSnapshot>;
  #catalogLoaded = false;
  #pendingTick: ClockTick | undefined;
  #deciding = false;
  readonly #ticks = new TickGate();
  #lastTick = 0;
  #seq = 0;

  constructor(o: DebrisWatchOptions) {
    super(`debris-watch ${o.run}`, o.log);
    this.#bus = o.bus;
    this.#run = o.run;
    this.#raw = o.config;
    this.#config = resolveDebrisConfig(o.config);
    this.#seed = o.seed;
    this.#epochMs = o.epochMs;
    this.#baseDir = o.baseDir;
    this.#id = o.participantId ?? "debris-watch";
    this.#wallClock = o.wallClock ?? systemWallClock;
    this.#heartbeatMs = o.heartbeatMs ?? 1000;
    this.#startedAtMs = this.#wallClock.now();
    this.#tracker = new DebrisTracker(this.#config, this.#seed, this.#trackerEvent, this.log);
    this.#checkpoints = new ParticipantCheckpoints<DebrisWatchSnapshot>({
      bus: this.#bus,
      run: this.#run,
      participant: this.#id,
      log: this.log,
      state: {
        snapshot: () => ({ tracker: this.#tracker.snapshot(), catalogLoaded: this.#catalogLoaded, lastTick: this.#lastTick }),
        restore: async (snap, tick, epoch) => {
          await this.#decision;
          this.#pendingTick = undefined;
          this.#ticks.reset(tick, epoch);
          this.#tracker = DebrisTracker.fromSnapshot(snap.tracker, this.#config, this.#seed, this.#trackerEvent, this.log);
          this.#catalogLoaded = snap.catalogLoaded;
          this.#lastTick = snap.lastTick;
        },
      },
    });
  }

  protected async onStart(): Promise<void> {
    // Bad catalog files must stop the service before it joins the clock, with the file named.
    const background = loadBackground(this.#raw, this.#baseDir, this.#seed, this.#epochMs);
    for (const b of background) this.#tracker.catalog.add({ id: b.id, kind: "debris", elements: b.elements, radiusM: b.sizeM / 2, massKg: b.massKg });
    const bus = this.#bus;
    const onRejected = (error: WireError, subject: string) => this.#event(EventKinds.inputRejected, "warning", `rejected a message on ${subject}: ${error.message}`, { subject, code: error.code });
    const sub = bus.subscribe(subjects.clockTick(this.#run), inboundHandler({ descriptor: clockTick, log: this.log, onRejected, onMessage: (t) => this.#onTick(t) }));
    this.defer("subscriptions", () => sub.drain());
    await this.#checkpoints.start();
    this.defer("checkpoints", () => this.#checkpoints.stop());
    const endpoint = (name: string) => subjects.serviceEndpoint(this.#run, "debris-watch", name);
    const service = await bus.addService({
      name: "orbitwin-debris-watch",
      version: "0.1.0",
      description: `orbitwin debris-watch for run ${this.#run}`,
      endpoints: [
        { name: "status", subject: endpoint("status"), handler: inboundHandler({ descriptor: emptyRequest, log: this.log, onRejected, onMessage: () => this.status() }) },
        { name: "list", subject: endpoint("list"), handler: inboundHandler({ descriptor: conjunctionListRequest, log: this.log, onRejected, onMessage: (r) => this.list(r) }) },
        { name: "show", subject: endpoint("show"), handler: inboundHandler({ descriptor: conjunctionShowRequest, log: this.log, onRejected, onMessage: (r) => this.show(r.id, r.cdm === true) }) },
      ],
    });
    this.defer("service", () => service.stop());
    this.#heartbeat();
    this.defer("heartbeat", this.#wallClock.every(this.#heartbeatMs, () => this.#heartbeat()));
  }

  status(): DebrisWatchStatus {
    const t = this.#tracker;
    return {
      tick: this.#lastTick,
      fleetObjects: t.catalog.count("fleet"),
      debrisObjects: t.catalog.count("debris"),
      fragments: t.catalog.count("fragment"),
      screenedUntilMs: Number.isFinite(t.screenedUntilMs) ? t.screenedUntilMs : this.#epochMs,
      open: t.table.open().length,
      conjunctions: t.table.size,
      maneuvers: t.maneuvers,
      collisions: t.collisions,
      lastScreenMs: t.lastScreenMs,
    };
  }

  list(r: { status?: Conjunction["status"]; minPc?: number; limit?: number }): { tick: number; total: number; conjunctions: Conjunction[] } {
    const all = this.#tracker.table.list({ ...(r.status ? { status: r.status } : {}), ...(r.minPc === undefined ? {} : { minPc: r.minPc }) });
    return { tick: this.#lastTick, total: all.length, conjunctions: all.slice(0, r.limit ?? 50) };
  }

  show(id: string, withCdm: boolean): { conjunction: Conjunction; cdm?: string } {
    const entry = this.#tracker.table.get(id);
    if (!entry) throw new OrbitwinError(ErrorCodes.unknownConjunction, `no conjunction ${id} in run ${this.#run}`);
    return { conjunction: entry.record, ...(withCdm ? { cdm: formatCdm({ conjunction: entry.record, creationMs: entry.ratedAtMs, run: this.#run, objects: entry.cdmObjects }) } : {}) };
  }

  #heartbeat(): void {
    if (this.state !== "running") return;
    this.#bus.publish(subjects.clockParticipant(this.#run), participantHeartbeat.encode({ v: 1, participant: this.#id, role: "debris-watch", seq: this.#seq++, startedAtMs: this.#startedAtMs, pid: process.pid, hostname: hostname() }));
  }

  #onTick(tick: ClockTick): void {
    if (!this.#ticks.accept(tick.tick, tick.epoch)) return;
    this.#pendingTick = tick;
    this.#decideSafely();
  }

  /** A failure while deciding must not take the service down: it is logged and raised as an event. */
  #decideSafely(): void {
    this.#decision = this.#decision.then(() => this.#tryDecide()).catch((err: unknown) => {
      this.#deciding = false;
      this.log.error({ err }, "debris-watch decision failed");
      this.#event("debris-watch-failed", "critical", `debris-watch failed to decide: ${err instanceof Error ? err.message : String(err)}`, {});
    });
  }

  async #tryDecide(): Promise<void> {
    const tick = this.#pendingTick;
    if (!tick || this.#deciding || this.state !== "running") return;
    this.#deciding = true;
    this.#pendingTick = undefined;
    try {
      if (!this.#catalogLoaded) await this.#loadFleet();
      await this.#send(tick.tick, await this.#tracker.decide(tick));
      this.#lastTick = tick.tick;
      const checkpointed = await this.#checkpoints.saveIfAsked(tick);
      this.#bus.publish(subjects.clockDone(this.#run), clockDone.encode({ v: 1, tick: tick.tick, host: this.#id, epoch: tick.epoch, clusters: 0, satellites: 0, sunlit: 0, failed: 0, stepMs: 0, digests: [], subsystems: null, ...(checkpointed === undefined ? {} : { checkpointed }) }));
    } finally {
      this.#deciding = false;
    }
    if (this.#pendingTick) await this.#tryDecide();
  }

  /** The fleet's satellites from the cluster definitions, then the intruders planted on them. */
  async #loadFleet(): Promise<void> {
    const kv = await this.#bus.kv(buckets.clusters(this.#run));
    const fleet = new Map<string, { cluster: string; elements: MeanElements }>();
    for (const key of (await kv.keys()).sort()) {
      const entry = await kv.get(key);
      if (!entry) continue;
      const def = clusterDefinition.decode(entry.value);
      def.satIds.forEach((sat, slot) => fleet.set(sat, { cluster: def.cluster, elements: { name: sat, ...elementsAtSlot(def, slot) } }));
    }
    const catalog = this.#tracker.catalog;
    for (const [sat, f] of fleet) catalog.add({ id: sat, kind: "fleet", cluster: f.cluster, elements: f.elements, radiusM: this.#config.fleetHardBodyRadiusM, massKg: this.#config.fleetMassKg });
    const planted = plantedIntruders(this.#raw, this.#epochMs, (sat) => fleet.get(sat)?.elements);
    for (const problem of planted.problems) this.#event(EventKinds.inputRejected, "error", `debris scenario: ${problem}`, { problem });
    for (const p of planted.objects) catalog.add({ id: p.id, kind: "debris", elements: p.elements, radiusM: p.sizeM / 2, massKg: p.massKg });
    this.#catalogLoaded = true;
    this.log.info({ fleet: catalog.count("fleet"), debris: catalog.count("debris") }, "catalog loaded");
  }

  async #send(tick: number, commands: Map<string, SatelliteCommand[]>): Promise<void> {
    await Promise.all(
      [...commands].map(async ([cluster, list]) => {
        try {
          const reply = clusterCommandReply.decode((await this.#bus.request(subjects.command(this.#run, cluster), clusterCommand.encode({ v: 1, tick, source: this.#id, commands: list }), { timeoutMs: 10_000 })).data);
          if (!reply.ok) this.log.warn({ cluster, code: reply.error.code, reason: reply.error.message }, "commands refused");
        } catch (err) {
          this.log.warn({ err, cluster }, "commands not delivered");
        }
      }),
    );
  }

  readonly #trackerEvent = (kind: string, severity: Severity, message: string, data: Record<string, unknown>, tick: ClockTick): void => this.#event(kind, severity, message, data, tick);

  #event(kind: string, severity: Severity, message: string, data: Record<string, unknown>, tick?: ClockTick): void {
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick: tick?.tick ?? this.#lastTick, simTimeMs: tick?.simTimeMs ?? 0, source: this.#id, severity, message, data }),
    );
  }
}

