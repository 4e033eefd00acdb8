/**
 * The thermal control authority. A clock participant: for tick n it reads every cluster's
 * telemetry of tick n, decides throttle and safe-mode commands (thermal-policy.ts), sends them to
 * the clusters (they apply at n + 1), raises alarms, and only then reports tick n done.
 */
import {
  EventKinds,
  binToFloat64,
  binToUint8,
  buckets,
  clockDone,
  clockTick,
  clusterCommand,
  clusterCommandReply,
  clusterTelemetry,
  emptyRequest,
  marginsRequest,
  orbitwinEvent,
  participantHeartbeat,
  subjects,
  Health,
  type ClockTick,
  type ClusterTelemetry,
  type SatelliteCommand,
  type Severity,
  type ThermalStatus,
  type WireError,
} from "@orbitwin/protocol";
import { LifecycleBase, inboundHandler, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { eclipseFractionCylindrical, orbitalPeriodS } from "@orbitwin/physics";
import { decide, initialControl, type Alarm, type ResolvedThermalPolicy, type SatelliteControl } from "./thermal-policy.js";

export interface ThermalServiceOptions {
  bus: Bus;
  run: string;
  policy: ResolvedThermalPolicy;
  log: Logger;
  /** @default "thermal" */
  participantId?: string;
  /** @default the system clock */
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
}

interface Tracked {
  cluster: string;
  control: SatelliteControl;
  marginK: number;
  junctionK: number;
  batterySoc: number;
  overLimit: boolean;
}

const ALARM_TEXT: Record<Alarm, string> = {
  "junction-over-limit": "accelerator junction over its limit",
  "battery-low": "battery below the safe-mode threshold: safe mode commanded",
  "thermal-safe-mode": "junction over its limit at the lowest clock: safe mode commanded",
  "eclipse-power": "battery would reach the safe-mode threshold before eclipse exit: duty cycle cut",
};

export class ThermalService extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #policy: ResolvedThermalPolicy;
  readonly #id: string;
  readonly #wallClock: WallClock;
  readonly #heartbeatMs: number;
  readonly #startedAtMs: number;
  readonly #clusters = new Set<string>();
  readonly #batches = new Map<number, Map<string, ClusterTelemetry>>();
  readonly #tracked = new Map<string, Tracked>();
  readonly #decided = new Map<number, Map<string, SatelliteCommand[]>>();
  #pendingTick: ClockTick | undefined;
  #deciding = false;
  #lastTick = 0;
  #seq = 0;
  #commandsSent = 0;
  #alarmsRaised = 0;

  constructor(options: ThermalServiceOptions) {
    super(`thermal ${options.run}`, options.log);
    this.#bus = options.bus;
    this.#run = options.run;
    this.#policy = options.policy;
    this.#id = options.participantId ?? "thermal";
    this.#wallClock = options.wallClock ?? systemWallClock;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#startedAtMs = this.#wallClock.now();
  }

  protected async onStart(): Promise<void> {
    const bus = this.#bus;
    const onRejected = (error: WireError, subject: string) => this.#event(EventKinds.inputRejected, "warning", `rejected a message on ${subject}: ${error.message}`, { subject, code: error.code });
    const subs = [
      bus.subscribe(subjects.allClusterTelemetry(this.#run), inboundHandler({ descriptor: clusterTelemetry, log: this.log, onRejected, onMessage: (t) => this.#onBatch(t) })),
      bus.subscribe(subjects.clockTick(this.#run), inboundHandler({ descriptor: clockTick, log: this.log, onRejected, onMessage: (t) => this.#onTick(t) })),
    ];
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    const service = await bus.addService({
      name: "orbitwin-thermal",
      version: "0.1.0",
      description: `orbitwin thermal control authority for run ${this.#run}`,
      endpoints: [
        { name: "status", subject: subjects.serviceEndpoint(this.#run, "thermal", "status"), handler: inboundHandler({ descriptor: emptyRequest, log: this.log, onRejected, onMessage: () => this.status() }) },
        { name: "margins", subject: subjects.serviceEndpoint(this.#run, "thermal", "margins"), handler: inboundHandler({ descriptor: marginsRequest, log: this.log, onRejected, onMessage: (r) => this.margins(r.limit ?? 20, r.sats) }) },
      ],
    });
    this.defer("service", () => service.stop());
    this.#heartbeat();
    this.defer("heartbeat", this.#wallClock.every(this.#heartbeatMs, () => this.#heartbeat()));
  }

  status(): ThermalStatus {
    let throttled = 0;
    let safeMode = 0;
    let overLimit = 0;
    for (const t of this.#tracked.values()) {
      if (t.control.safeMode) safeMode++;
      else if (t.control.clock < 1) throttled++;
      if (t.overLimit) overLimit++;
    }
    return { tick: this.#lastTick, satellitesTracked: this.#tracked.size, throttled, safeMode, overLimit, commandsSent: this.#commandsSent, alarmsRaised: this.#alarmsRaised };
  }

  margins(limit: number, sats?: string[]) {
    const wanted = sats ? new Set(sats) : undefined;
    const rows = [...this.#tracked.entries()]
      .filter(([sat]) => !wanted || wanted.has(sat))
      .map(([sat, t]) => ({ sat, cluster: t.cluster, junctionK: t.junctionK, marginK: t.marginK, clock: t.control.clock, batterySoc: t.batterySoc, safeMode: t.control.safeMode }))
      .sort((a, b) => a.marginK - b.marginK || (a.sat < b.sat ? -1 : 1))
      .slice(0, limit);
    return { tick: this.#lastTick, satellites: rows };
  }

  #heartbeat(): void {
    if (this.state !== "running") return;
    this.#bus.publish(subjects.clockParticipant(this.#run), participantHeartbeat.encode({ v: 1, participant: this.#id, role: "thermal", seq: this.#seq++, startedAtMs: this.#startedAtMs }));
  }

  #onBatch(t: ClusterTelemetry): void {
    let byCluster = this.#batches.get(t.tick);
    if (!byCluster) this.#batches.set(t.tick, (byCluster = new Map<string, ClusterTelemetry>()));
    byCluster.set(t.cluster, t);
    this.#clusters.add(t.cluster);
    this.#decideSafely();
  }

  /** A failure while deciding must not take the service down: it is logged and raised as an alarm. */
  #decideSafely(): void {
    this.#tryDecide().catch((err: unknown) => {
      this.#deciding = false;
      this.log.error({ err }, "thermal decision failed");
      this.#event(EventKinds.thermalAlarm, "critical", `thermal control failed to decide: ${err instanceof Error ? err.message : String(err)}`, { alarm: "control-failure" });
    });
  }

  #onTick(tick: ClockTick): void {
    this.#pendingTick = tick;
    for (const old of this.#batches.keys()) if (old < tick.tick - 1) this.#batches.delete(old);
    for (const old of this.#decided.keys()) if (old < tick.tick - 1) this.#decided.delete(old);
    this.#decideSafely();
  }

  async #tryDecide(): Promise<void> {
    const tick = this.#pendingTick;
    if (!tick || this.#deciding || this.state !== "running") return;
    if (this.#clusters.size === 0 || this.#clusters.size < (await this.#clusterCount())) return;
    const batches = this.#batches.get(tick.tick);
    if (!batches || [...this.#clusters].some((c) => !batches.has(c))) return;
    this.#deciding = true;
    this.#pendingTick = undefined;
    try {
      const commands = this.#decided.get(tick.tick) ?? this.#decide(tick, batches);
      this.#decided.set(tick.tick, commands);
      await this.#send(tick.tick, commands);
      this.#lastTick = tick.tick;
      this.#bus.publish(subjects.clockDone(this.#run), clockDone.encode({ v: 1, tick: tick.tick, host: this.#id, epoch: tick.epoch, clusters: 0, satellites: 0, sunlit: 0, failed: 0, stepMs: 0, digests: [], subsystems: null }));
    } finally {
      this.#deciding = false;
    }
    if (this.#pendingTick) await this.#tryDecide();
  }

  #clusterCountCache = 0;
  async #clusterCount(): Promise<number> {
    if (this.#clusterCountCache === 0) this.#clusterCountCache = (await (await this.#bus.kv(buckets.clusters(this.#run))).keys()).length;
    return this.#clusterCountCache;
  }

  /** Decisions in cluster-id, then slot order: the same telemetry always gives the same commands. */
  #decide(tick: ClockTick, batches: Map<string, ClusterTelemetry>): Map<string, SatelliteCommand[]> {
    const out = new Map<string, SatelliteCommand[]>();
    for (const cluster of [...batches.keys()].sort()) {
      const t = batches.get(cluster)!;
      if (!t.health || !t.junctionK || !t.junctionLimitK || !t.batterySoc) continue;
      const health = binToUint8(t.health, t.count, "health");
      const junction = binToFloat64(t.junctionK, t.count, "junctionK");
      const limit = binToFloat64(t.junctionLimitK, t.count, "junctionLimitK");
      const soc = binToFloat64(t.batterySoc, t.count, "batterySoc");
      const sunlit = binToFloat64(t.sunlitFraction, t.count, "sunlitFraction");
      const alt = binToFloat64(t.altKm, t.count, "altKm");
      const commands: SatelliteCommand[] = [];
      for (let slot = 0; slot < t.count; slot++) {
        const sat = t.satIds[slot]!;
        const tracked = this.#tracked.get(sat) ?? { cluster, control: initialControl(), marginK: 0, junctionK: 0, batterySoc: 1, overLimit: false };
        const altKm = alt[slot]!;
        const maxEclipseS = Number.isFinite(altKm) && altKm > 100 ? eclipseFractionCylindrical(altKm, 0) * orbitalPeriodS(altKm) : 0;
        const reading = { junctionK: junction[slot]!, junctionLimitK: limit[slot]!, batterySoc: soc[slot]!, alive: health[slot] !== Health.dead, sunlitFraction: sunlit[slot]!, dtS: tick.dtMs / 1000, maxEclipseS };
        const d = decide(this.#policy, reading, tracked.control);
        const was = tracked.control;
        if (d.next.clock !== was.clock || d.next.safeMode !== was.safeMode || d.next.dutyCycle !== was.dutyCycle) {
          commands.push({
            sat,
            ...(d.next.clock !== was.clock ? { clock: d.next.clock } : {}),
            ...(d.next.safeMode !== was.safeMode ? { safeMode: d.next.safeMode } : {}),
            ...(d.next.dutyCycle !== was.dutyCycle ? { dutyCycle: d.next.dutyCycle } : {}),
          });
        }
        for (const alarm of d.alarms) {
          this.#alarmsRaised++;
          this.#event(EventKinds.thermalAlarm, alarm === "junction-over-limit" ? "error" : "warning", `${sat}: ${ALARM_TEXT[alarm]} (margin ${d.marginK.toFixed(1)} K, battery ${(soc[slot]! * 100).toFixed(0)} %)`, { sat, cluster, alarm, marginK: d.marginK, batterySoc: soc[slot]! }, tick);
        }
        this.#tracked.set(sat, { cluster, control: d.next, marginK: d.marginK, junctionK: junction[slot]!, batterySoc: soc[slot]!, overLimit: d.marginK < 0 });
      }
      if (commands.length > 0) out.set(cluster, commands);
    }
    return out;
  }

  async #send(tick: number, commands: Map<string, SatelliteCommand[]>): Promise<void> {
    await Promise.all(
      [...commands].map(async ([cluster, list]) => {
        try {
          const reply = clusterCommandReply.decode((await this.#bus.request(subjects.command(this.#run, cluster), clusterCommand.encode({ v: 1, tick, source: this.#id, commands: list }), { timeoutMs: 10_000 })).data);
          if (reply.ok) this.#commandsSent += list.length;
          else this.log.warn({ cluster, code: reply.error.code, reason: reply.error.message }, "commands refused");
        } catch (err) {
          this.log.warn({ err, cluster }, "commands not delivered");
        }
      }),
    );
  }

  #event(kind: string, severity: Severity, message: string, data: Record<string, unknown>, tick?: ClockTick): void {
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick: tick?.tick ?? this.#lastTick, simTimeMs: tick?.simTimeMs ?? 0, source: this.#id, severity, message, data }),
    );
  }
}
