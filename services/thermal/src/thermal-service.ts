/**
 * The thermal control authority. A clock participant: for tick n it reads every cluster's
 * telemetry of tick n, decides throttle and safe-mode commands (thermal-policy.ts), sends them to
 * the clusters (they apply at n + 1), raises alarms, and only then reports tick n done.
 */
import { hostname } from "node:os";
import {
  EventKinds,
  buckets,
  clockDone,
  clockTick,
  clusterCommand,
  clusterCommandReply,
  clusterDefinition,
  clusterTelemetry,
  emptyRequest,
  marginsRequest,
  orbitwinEvent,
  participantHeartbeat,
  subjects,
  type ClockTick,
  type ClusterTelemetry,
  type SatelliteCommand,
  type Severity,
  type ThermalStatus,
  type WireError,
} from "@orbitwin/protocol";
import { LifecycleBase, ParticipantCheckpoints, TickGate, inboundHandler, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { busPresets } from "@orbitwin/physics";
import { ClusterControl, type ClusterControlSnapshot, type SensorChange } from "./cluster-control.js";
import { suspectNames, type JunctionModel } from "./sensor-check.js";

interface ThermalSnapshot {
  controls: ClusterControlSnapshot[];
  lastTick: number;
  commandsSent: number;
  alarmsRaised: number;
}
import type { Alarm, ResolvedThermalPolicy } from "./thermal-policy.js";

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
  readonly #controls = new Map<string, ClusterControl>();
  /** each cluster's junction model (undefined for a bus without a preset), once the definitions are read */
  #models: Map<string, JunctionModel | undefined> | undefined;
  /** batches that came before the definitions were read: a decision never depends on when they are */
  #early: ClusterTelemetry[] = [];
  #pendingTick: ClockTick | undefined;
  #deciding = false;
  readonly #ticks = new TickGate();
  /** settles when the running decision ends, so a restore waits for it */
  #decision: Promise<void> = Promise.resolve();
  readonly #checkpoints: ParticipantCheckpoints<ThermalSnapshot>;
  #changedWhileDeciding = false;
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
    this.#checkpoints = new ParticipantCheckpoints<ThermalSnapshot>({
      bus: this.#bus,
      run: this.#run,
      participant: this.#id,
      log: this.log,
      state: {
        snapshot: () => ({ controls: [...this.#controls.values()].map((c) => c.snapshot()), lastTick: this.#lastTick, commandsSent: this.#commandsSent, alarmsRaised: this.#alarmsRaised }),
        restore: async (snap, tick, epoch) => {
          await this.#decision;
          this.#pendingTick = undefined;
          this.#early = [];
          this.#ticks.reset(tick, epoch);
          this.#controls.clear();
          for (const c of snap.controls) this.#controls.set(c.cluster, ClusterControl.fromSnapshot(c));
          this.#lastTick = snap.lastTick;
          this.#commandsSent = snap.commandsSent;
          this.#alarmsRaised = snap.alarmsRaised;
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
    let tracked = 0;
    for (const c of this.#controls.values()) {
      tracked += c.satIds.length;
      for (let i = 0; i < c.satIds.length; i++) {
        if (c.safeMode[i]) safeMode++;
        else if (c.clock[i]! < 1 || c.dutyCycle[i]! < 1) throttled++;
        if (c.marginK[i]! < 0) overLimit++;
      }
    }
    return { tick: this.#lastTick, satellitesTracked: tracked, throttled, safeMode, overLimit, commandsSent: this.#commandsSent, alarmsRaised: this.#alarmsRaised };
  }

  margins(limit: number, sats?: string[]) {
    const wanted = sats ? new Set(sats) : undefined;
    const rows: { sat: string; cluster: string; junctionK: number; marginK: number; clock: number; batterySoc: number; safeMode: boolean }[] = [];
    for (const c of this.#controls.values()) {
      for (let i = 0; i < c.satIds.length; i++) {
        const sat = c.satIds[i]!;
        if (wanted && !wanted.has(sat)) continue;
        if (!Number.isFinite(c.marginK[i]!)) continue;
        rows.push({ sat, cluster: c.cluster, junctionK: c.lastJunctionK[i]!, marginK: c.marginK[i]!, clock: c.clock[i]!, batterySoc: c.batterySoc[i]!, safeMode: c.safeMode[i] === 1 });
      }
    }
    rows.sort((a, b) => a.marginK - b.marginK || (a.sat < b.sat ? -1 : 1));
    return { tick: this.#lastTick, satellites: rows.slice(0, limit) };
  }

  #heartbeat(): void {
    if (this.state !== "running") return;
    this.#bus.publish(subjects.clockParticipant(this.#run), participantHeartbeat.encode({ v: 1, participant: this.#id, role: "thermal", seq: this.#seq++, startedAtMs: this.#startedAtMs, pid: process.pid, hostname: hostname() }));
  }

  /** Each cluster is decided as its batch arrives, overlapping the hosts still stepping others. */
  #onBatch(t: ClusterTelemetry): void {
    if (this.#models) this.#decideBatch(t, this.#models);
    else this.#early.push(t);
    this.#decideSafely();
  }

  #decideBatch(t: ClusterTelemetry, models: Map<string, JunctionModel | undefined>): void {
    let control = this.#controls.get(t.cluster);
    if (!control) this.#controls.set(t.cluster, (control = new ClusterControl(t.cluster, t.satIds)));
    const at = { tick: t.tick, simTimeMs: t.simTimeMs };
    const { alarms, sensors } = control.decide(this.#policy, t, models.get(t.cluster));
    for (const a of alarms) {
      this.#alarmsRaised++;
      this.#event(EventKinds.thermalAlarm, a.alarm === "junction-over-limit" ? "error" : "warning", `${a.sat}: ${ALARM_TEXT[a.alarm]} (margin ${a.marginK.toFixed(1)} K, battery ${(a.batterySoc * 100).toFixed(0)} %)`, { sat: a.sat, cluster: t.cluster, alarm: a.alarm, marginK: a.marginK, batterySoc: a.batterySoc }, at);
    }
    for (const change of sensors) this.#sensorEvent(t.cluster, change, at);
  }

  #sensorEvent(cluster: string, c: SensorChange, at: { tick: number; simTimeMs: number }): void {
    const suspect = suspectNames(c.suspect);
    const cleared = suspectNames(c.was & ~c.suspect);
    const readings = `junction ${c.junctionK.toFixed(1)} K, compute node ${c.tempComputeK.toFixed(1)} K${Number.isFinite(c.expectedJunctionK) ? ` (so the junction should be ${c.expectedJunctionK.toFixed(1)} K)` : ""}, battery ${c.batterySoc.toFixed(3)}`;
    const message =
      suspect.length > 0
        ? `${c.sat}: ${suspect.join(" and ")} ruled out by physics (${readings}); controlling without ${suspect.length > 1 ? "them" : "it"}`
        : `${c.sat}: ${cleared.join(" and ")} agree${cleared.length > 1 ? "" : "s"} with physics again (${readings})`;
    this.#event(EventKinds.sensorSuspect, suspect.length > 0 ? "warning" : "info", message, { sat: c.sat, cluster, suspect, cleared, junctionK: c.junctionK, expectedJunctionK: c.expectedJunctionK, tempComputeK: c.tempComputeK, batterySoc: c.batterySoc }, at);
  }

  /** A failure while deciding must not take the service down: it is logged and raised as an alarm. */
  #decideSafely(): void {
    this.#tryDecide().catch((err: unknown) => {
      this.log.error({ err }, "thermal decision failed");
      this.#event(EventKinds.thermalAlarm, "critical", `thermal control failed to decide: ${err instanceof Error ? err.message : String(err)}`, { alarm: "control-failure" });
    });
  }

  #onTick(tick: ClockTick): void {
    if (!this.#ticks.accept(tick.tick, tick.epoch)) return;
    this.#pendingTick = tick;
    this.#decideSafely();
  }

  /**
   * One decision at a time. A call that finds one running only marks that something changed,
   * and the running one looks again before it lets go: a tick announced during an await is never
   * dropped, and no tick is reported done twice.
   */
  async #tryDecide(): Promise<void> {
    if (this.#deciding) {
      this.#changedWhileDeciding = true;
      return;
    }
    if (this.state !== "running") return;
    this.#deciding = true;
    let ended!: () => void;
    this.#decision = new Promise((resolve) => (ended = resolve));
    try {
      do {
        this.#changedWhileDeciding = false;
        await this.#decideIfReady();
      } while (this.#changedWhileDeciding && this.state === "running");
    } finally {
      this.#deciding = false;
      ended();
    }
  }

  /** Once the tick is announced and every cluster has been decided for it: send, then report done. */
  async #decideIfReady(): Promise<void> {
    const models = await this.#junctionModels();
    if (models.size === 0) return;
    for (const t of this.#early.splice(0)) this.#decideBatch(t, models);
    const expected = models.size;
    const tick = this.#pendingTick;
    if (!tick || this.#controls.size < expected) return;
    for (const c of this.#controls.values()) if (c.decidedTick < tick.tick) return;
    this.#pendingTick = undefined;
    const commands = new Map<string, readonly SatelliteCommand[]>();
    for (const c of this.#controls.values()) if (c.decidedTick === tick.tick && c.commands.length > 0) commands.set(c.cluster, c.commands);
    await this.#send(tick.tick, commands);
    this.#lastTick = tick.tick;
    const checkpointed = await this.#checkpoints.saveIfAsked(tick);
    this.#bus.publish(subjects.clockDone(this.#run), clockDone.encode({ v: 1, tick: tick.tick, host: this.#id, epoch: tick.epoch, clusters: 0, satellites: 0, sunlit: 0, failed: 0, stepMs: 0, digests: [], subsystems: null, ...(checkpointed === undefined ? {} : { checkpointed }) }));
  }

  /** Every cluster's junction model, from the cluster definitions (read once they are all there). */
  async #junctionModels(): Promise<Map<string, JunctionModel | undefined>> {
    if (this.#models) return this.#models;
    const kv = await this.#bus.kv(buckets.clusters(this.#run));
    const models = new Map<string, JunctionModel | undefined>();
    for (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (!entry) continue;
      const def = clusterDefinition.decode(entry.value);
      const preset = def.bus ? busPresets[def.bus.preset] : undefined;
      models.set(def.cluster, preset ? { junctionResistanceKPerW: preset.accelerator.junctionResistanceKPerW, busLoadW: preset.busLoadW } : undefined);
    }
    // None yet: the coordinator has not published them; no batch is decided before they are.
    if (models.size > 0) this.#models = models;
    return models;
  }

  async #send(tick: number, commands: Map<string, readonly SatelliteCommand[]>): Promise<void> {
    await Promise.all(
      [...commands].map(async ([cluster, list]) => {
        try {
          const reply = clusterCommandReply.decode((await this.#bus.request(subjects.command(this.#run, cluster), clusterCommand.encode({ v: 1, tick, source: this.#id, commands: [...list] }), { timeoutMs: 10_000 })).data);
          if (reply.ok) this.#commandsSent += list.length;
          else this.log.warn({ cluster, code: reply.error.code, reason: reply.error.message }, "commands refused");
        } catch (err) {
          this.log.warn({ err, cluster }, "commands not delivered");
        }
      }),
    );
  }

  #event(kind: string, severity: Severity, message: string, data: Record<string, unknown>, tick?: { tick: number; simTimeMs: number }): void {
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick: tick?.tick ?? this.#lastTick, simTimeMs: tick?.simTimeMs ?? 0, source: this.#id, severity, message, data }),
    );
  }
}
