/**
 * debris-watch, the twin's space situational awareness. A clock participant: on tick n it
 * screens the catalog ahead of sim time (all-vs-all, physics/screening.ts), rates each encounter
 * (Foster Pc), plans avoidance burns for fleet satellites whose Pc passes the maneuver threshold
 * and confirms them by re-screening, draws collisions for the encounters whose TCA has passed,
 * breaks up the colliders so the fragments join the catalog, sends the fleet its commands (they
 * apply on n + 1), and only then reports tick n done. Every decision depends on sim time and the
 * seed only, so a run is reproducible.
 */
import { hostname } from "node:os";
import { counterUniform, hashString32, screen, screenAgainst, toSatrec, type MeanElements, type ScreenedEncounter } from "@orbitwin/physics";
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
  type ManeuverFailure,
  type DebrisWatchConfig,
  type DebrisWatchStatus,
  type SatelliteCommand,
  type Severity,
  type WireError,
} from "@orbitwin/protocol";
import { LifecycleBase, ParticipantCheckpoints, TickGate, inboundHandler, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { candidateBurns } from "./avoidance.js";
import { loadBackground, plantedIntruders } from "./background.js";
import { Catalog, type CatalogObject } from "./catalog.js";
import { formatCdm, type CdmObject } from "./cdm.js";
import { breakUpCollision } from "./collision.js";
import { resolveDebrisConfig, type ResolvedDebrisConfig } from "./config.js";
import { ConjunctionTable } from "./conjunction-table.js";
import { BurnBlockers, type BurnBlockersSnapshot } from "./burn-blockers.js";
import { BurnsInFlight, type BurnInFlight } from "./burns-in-flight.js";
import { rateEncounter } from "./rating.js";

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
  catalog: ReturnType<Catalog["snapshot"]>;
  table: ReturnType<ConjunctionTable["snapshot"]>;
  catalogLoaded: boolean;
  screenedUntilMs: number;
  lastTick: number;
  maneuvers: number;
  collisions: number;
  blockers?: BurnBlockersSnapshot;
  burnsInFlight?: BurnInFlight[];
}

const PURPOSE_COLLISION = 411;
/** An untracked fragment: 10 cm, 0.5 kg at a typical LEO crossing speed. */
const IMPACTOR_RADIUS_M = 0.05;
const IMPACTOR_MASS_KG = 0.5;
const IMPACT_SPEED_KM_S = 10;
/** Screening runs ahead in blocks, so a tick usually costs nothing. */
const SCREEN_BLOCK_MS = 3_600_000;

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
  #catalog = new Catalog();
  #table = new ConjunctionTable();
  #decision: Promise<void> = Promise.resolve();
  readonly #checkpoints: ParticipantCheckpoints<DebrisWatchSnapshot>;
  #catalogLoaded = false;
  #blockers = new BurnBlockers();
  #burnsInFlight = new BurnsInFlight();
  #screenedUntilMs = Number.NEGATIVE_INFINITY;
  #pendingTick: ClockTick | undefined;
  #deciding = false;
  readonly #ticks = new TickGate();
  #lastTick = 0;
  #seq = 0;
  #maneuvers = 0;
  #collisions = 0;
  #lastScreenMs = 0;

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
    this.#checkpoints = new ParticipantCheckpoints<DebrisWatchSnapshot>({
      bus: this.#bus,
      run: this.#run,
      participant: this.#id,
      log: this.log,
      state: {
        snapshot: () => ({ catalog: this.#catalog.snapshot(), table: this.#table.snapshot(), catalogLoaded: this.#catalogLoaded, screenedUntilMs: this.#screenedUntilMs, lastTick: this.#lastTick, maneuvers: this.#maneuvers, collisions: this.#collisions, blockers: this.#blockers.snapshot(), burnsInFlight: this.#burnsInFlight.snapshot() }),
        restore: async (snap, tick, epoch) => {
          await this.#decision;
          this.#pendingTick = undefined;
          this.#ticks.reset(tick, epoch);
          this.#catalog = Catalog.fromSnapshot(snap.catalog);
          this.#table = ConjunctionTable.fromSnapshot(snap.table);
          this.#catalogLoaded = snap.catalogLoaded;
          this.#screenedUntilMs = snap.screenedUntilMs;
          this.#lastTick = snap.lastTick;
          this.#maneuvers = snap.maneuvers;
          this.#collisions = snap.collisions;
          this.#blockers = BurnBlockers.fromSnapshot(snap.blockers);
          this.#burnsInFlight = BurnsInFlight.fromSnapshot(snap.burnsInFlight);
        },
      },
    });
  }

  protected async onStart(): Promise<void> {
    // Bad catalog files must stop the service before it joins the clock, with the file named.
    const background = loadBackground(this.#raw, this.#baseDir, this.#seed, this.#epochMs);
    for (const b of background) this.#catalog.add({ id: b.id, kind: "debris", elements: b.elements, radiusM: b.sizeM / 2, massKg: b.massKg });
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
    return {
      tick: this.#lastTick,
      fleetObjects: this.#catalog.count("fleet"),
      debrisObjects: this.#catalog.count("debris"),
      fragments: this.#catalog.count("fragment"),
      screenedUntilMs: Number.isFinite(this.#screenedUntilMs) ? this.#screenedUntilMs : this.#epochMs,
      open: this.#table.open().length,
      conjunctions: this.#table.size,
      maneuvers: this.#maneuvers,
      collisions: this.#collisions,
      lastScreenMs: this.#lastScreenMs,
    };
  }

  list(r: { status?: Conjunction["status"]; minPc?: number; limit?: number }): { tick: number; total: number; conjunctions: Conjunction[] } {
    const all = this.#table.list({ ...(r.status ? { status: r.status } : {}), ...(r.minPc === undefined ? {} : { minPc: r.minPc }) });
    return { tick: this.#lastTick, total: all.length, conjunctions: all.slice(0, r.limit ?? 50) };
  }

  show(id: string, withCdm: boolean): { conjunction: Conjunction; cdm?: string } {
    const entry = this.#table.get(id);
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
      const commands = new Map<string, SatelliteCommand[]>();
      this.#strikes(tick);
      this.#blockers.update(tick);
      this.#burnsInFlight.settle(tick.tick);
      for (const failure of tick.maneuversFailed ?? []) this.#revertBurn(tick, failure);
      this.#screenAhead(tick);
      this.#drawPassedEncounters(tick, commands);
      if (this.#config.mitigation.enabled) this.#mitigate(tick, commands);
      await this.#send(tick.tick, commands);
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
    for (const [sat, f] of fleet) this.#catalog.add({ id: sat, kind: "fleet", cluster: f.cluster, elements: f.elements, radiusM: this.#config.fleetHardBodyRadiusM, massKg: this.#config.fleetMassKg });
    const planted = plantedIntruders(this.#raw, this.#epochMs, (sat) => fleet.get(sat)?.elements);
    for (const problem of planted.problems) this.#event(EventKinds.inputRejected, "error", `debris scenario: ${problem}`, { problem });
    for (const p of planted.objects) this.#catalog.add({ id: p.id, kind: "debris", elements: p.elements, radiusM: p.sizeM / 2, massKg: p.massKg });
    this.#catalogLoaded = true;
    this.log.info({ fleet: this.#catalog.count("fleet"), debris: this.#catalog.count("debris") }, "catalog loaded");
  }

  #screenAhead(tick: ClockTick): void {
    const horizonMs = tick.simTimeMs + this.#config.lookAheadMs;
    if (this.#screenedUntilMs >= horizonMs) return;
    const fromMs = Math.max(tick.simTimeMs, this.#screenedUntilMs);
    const toMs = horizonMs + Math.min(SCREEN_BLOCK_MS, this.#config.lookAheadMs);
    const objects = this.#catalog.screened();
    const started = performance.now();
    const { encounters, stats } = screen(objects.map((o) => o.satrec), fromMs, toMs, { thresholdKm: this.#config.thresholdKm });
    this.#lastScreenMs = performance.now() - started;
    this.log.debug({ fromMs, toMs, objects: objects.length, ...stats, ms: this.#lastScreenMs }, "screened");
    this.#screenedUntilMs = toMs;
    this.#record(tick, encounters, objects);
  }

  #record(tick: ClockTick, encounters: readonly ScreenedEncounter[], objects: readonly CatalogObject[], only?: (a: CatalogObject, b: CatalogObject) => boolean): void {
    for (const e of encounters) {
      // The fleet satellite is the primary when one takes part: it is the one that can act.
      const [a, b] = objects[e.b]!.kind === "fleet" && objects[e.a]!.kind !== "fleet" ? [objects[e.b]!, objects[e.a]!] : [objects[e.a]!, objects[e.b]!];
      if (only && !only(a, b)) continue;
      if (e.tcaMs <= tick.simTimeMs || this.#table.has(a.id, b.id, e.tcaMs)) continue;
      const flip = a !== objects[e.a];
      const relPosKm: [number, number, number] = flip ? [-e.relPosKm[0], -e.relPosKm[1], -e.relPosKm[2]] : e.relPosKm;
      const relVelKmS: [number, number, number] = flip ? [-e.relVelKmS[0], -e.relVelKmS[1], -e.relVelKmS[2]] : e.relVelKmS;
      const rated = rateEncounter(a, b, { ...e, relPosKm, relVelKmS }, tick.simTimeMs, this.#config);
      const record: Conjunction = {
        id: this.#table.nextId(),
        primary: a.id,
        secondary: b.id,
        primaryKind: a.kind,
        secondaryKind: b.kind,
        tcaMs: e.tcaMs,
        missKm: e.missKm,
        relSpeedKmS: e.relSpeedKmS,
        pc: rated.pc,
        status: "detected",
        detectedTick: tick.tick,
        detectedSimTimeMs: tick.simTimeMs,
      };
      const cdmObject = (o: CatalogObject, k: 0 | 1): CdmObject => ({ id: o.id, kind: o.kind, maneuverable: o.kind === "fleet", posKm: rated.states[k].posKm, velKmS: rated.states[k].velKmS, sigmas: rated.sigmas[k] });
      this.#table.add({ record, cdmObjects: [cdmObject(a, 0), cdmObject(b, 1)], ratedAtMs: tick.simTimeMs });
      if (record.pc >= this.#config.reportPc) {
        this.#event(EventKinds.conjunctionDetected, record.pc >= this.#config.mitigation.maneuverPc ? "warning" : "info", `${record.id}: ${a.id} and ${b.id} pass ${(record.missKm * 1000).toFixed(0)} m apart at ${new Date(record.tcaMs).toISOString()} (Pc ${record.pc.toExponential(2)})`, this.#conjunctionData(record), tick);
      }
    }
  }

  /** Encounters whose TCA fell in the last tick: each collides with its probability, drawn from the seed. */
  #drawPassedEncounters(tick: ClockTick, commands: Map<string, SatelliteCommand[]>): void {
    for (const entry of this.#table.open()) {
      const r = entry.record;
      if (r.tcaMs > tick.simTimeMs) break;
      const a = this.#catalog.get(r.primary);
      const b = this.#catalog.get(r.secondary);
      if (!a?.alive || !b?.alive) {
        r.status = "passed";
        continue;
      }
      const draw = counterUniform(this.#seed, hashString32(r.id), tick.tick, PURPOSE_COLLISION);
      r.collisionDraw = draw;
      if (this.#config.collisions === "off" || draw >= r.pc) {
        r.status = "passed";
        this.#event(EventKinds.conjunctionPassed, "info", `${r.id}: ${a.id} and ${b.id} passed (Pc ${r.pc.toExponential(2)}, draw ${draw.toFixed(4)})`, { ...this.#conjunctionData(r), draw }, tick);
        continue;
      }
      this.#collide(tick, r, a, b, draw, commands);
    }
  }

  #collide(tick: ClockTick, r: Conjunction, a: CatalogObject, b: CatalogObject, draw: number, commands: Map<string, SatelliteCommand[]>): void {
    this.#collisions++;
    const breakup = breakUpCollision(a, b, r.tcaMs, r.relSpeedKmS, r.id, this.#seed, this.#config.fragmentMinSizeM);
    r.status = "collided";
    r.fragments = breakup.fragments.length;
    for (const o of [a, b]) {
      this.#catalog.remove(o.id);
      if (o.kind === "fleet" && o.cluster) addCommand(commands, o.cluster, { sat: o.id, destroy: `collision ${r.id} with ${o === a ? b.id : a.id}` });
    }
    this.#event(EventKinds.collisionOccurred, "critical", `${r.id}: ${a.id} and ${b.id} collided at ${(r.relSpeedKmS).toFixed(1)} km/s (Pc ${r.pc.toExponential(2)}, draw ${draw.toFixed(4)}); ${breakup.catastrophic ? "catastrophic" : "non-catastrophic"} breakup`, { ...this.#conjunctionData(r), draw, catastrophic: breakup.catastrophic, fragments: breakup.fragments.length }, tick);
    this.#addFragments(tick, r.id, breakup);
  }

  /** Fragments join the catalog and are screened over the window already screened without them. */
  #addFragments(tick: ClockTick, eventId: string, breakup: ReturnType<typeof breakUpCollision>): void {
    for (const f of breakup.fragments) this.#catalog.add({ id: f.id, kind: "fragment", elements: f.elements, radiusM: f.sizeM / 2, massKg: f.massKg });
    this.#event(EventKinds.fragmentsCreated, "error", `${eventId}: ${breakup.fragments.length} fragments >= ${this.#config.fragmentMinSizeM} m join the catalog (${breakup.lost} more re-enter or escape)`, { source: eventId, fragments: breakup.fragments.length, lost: breakup.lost, ids: breakup.fragments.slice(0, 20).map((f) => f.id) }, tick);
    if (breakup.fragments.length > 0 && this.#screenedUntilMs > tick.simTimeMs) {
      const objects = this.#catalog.screened();
      const { encounters } = screen(objects.map((o) => o.satrec), tick.simTimeMs, this.#screenedUntilMs, { thresholdKm: this.#config.thresholdKm });
      this.#record(tick, encounters, objects, (x, y) => x.kind === "fragment" || y.kind === "fragment");
    }
  }

  /** A debris strike (a simulated fault): the struck satellites break up where they are now. */
  #strikes(tick: ClockTick): void {
    for (const f of tick.faults ?? []) {
      if (f.kind !== "debris-strike") continue;
      for (const sat of f.sats ?? []) {
        const target = this.#catalog.get(sat);
        if (!target?.alive) continue;
        const impactor: CatalogObject = { ...target, id: `${f.id}-impactor`, kind: "debris", radiusM: IMPACTOR_RADIUS_M, massKg: IMPACTOR_MASS_KG };
        const eventId = `${f.id}-${sat}`;
        const breakup = breakUpCollision(target, impactor, tick.simTimeMs, IMPACT_SPEED_KM_S, eventId, this.#seed, this.#config.fragmentMinSizeM);
        this.#catalog.remove(sat);
        this.#event(EventKinds.collisionOccurred, "critical", `${sat} struck by untracked debris (fault ${f.id}); ${breakup.catastrophic ? "catastrophic" : "non-catastrophic"} breakup`, { fault: f.id, primary: sat, catastrophic: breakup.catastrophic, fragments: breakup.fragments.length }, tick);
        this.#addFragments(tick, eventId, breakup);
      }
    }
  }

  /**
   * Conjunctions due within the maneuver lead whose Pc calls for action: the fleet satellite
   * burns at the next tick, with the smallest burn that clears this conjunction without creating
   * another at or above the threshold.
   */
  #mitigate(tick: ClockTick, commands: Map<string, SatelliteCommand[]>): void {
    const m = this.#config.mitigation;
    const burnMs = tick.simTimeMs + tick.dtMs;
    for (const entry of this.#table.open()) {
      const r = entry.record;
      if (r.status !== "detected" || r.pc < m.maneuverPc || r.primaryKind !== "fleet") continue;
      if (r.tcaMs - tick.simTimeMs > m.leadMs) break;
      if (r.tcaMs <= burnMs) continue;
      const sat = this.#catalog.get(r.primary);
      const other = this.#catalog.get(r.secondary);
      if (!sat?.alive || !other?.alive || !sat.cluster) continue;
      const blocked = this.#blockers.faultOn(sat.id, sat.cluster);
      if (blocked !== undefined) {
        if (this.#blockers.reportOnce(r.id)) {
          const why = blocked.kind === "stuck-thruster" ? "cannot burn, its thruster is stuck" : "cannot be commanded, it is in a comms blackout";
          const reason = blocked.kind === "stuck-thruster" ? "thruster-stuck" : "comms-blackout";
          this.#event(EventKinds.maneuverPlanned, "critical", `${r.id}: ${sat.id} ${why} (fault ${blocked.id}); the conjunction stands (Pc ${r.pc.toExponential(2)})`, { ...this.#conjunctionData(r), planned: false, reason, fault: blocked.id, sat: sat.id }, tick);
        }
        continue;
      }
      const plan = this.#confirmedBurn(sat, other, r, burnMs, tick);
      if (!plan) {
        this.#event(EventKinds.maneuverPlanned, "error", `${r.id}: no burn within ${Math.min(m.maxBurnMS, m.budgetMS - sat.deltaVUsedMS).toFixed(2)} m/s clears ${sat.id}; the conjunction stands`, { ...this.#conjunctionData(r), planned: false }, tick);
        continue;
      }
      const maneuverId = `mnv-${++this.#maneuvers}`;
      const dv = Math.hypot(...plan.burn.deltaVRtnMS);
      this.#burnsInFlight.add({ maneuver: maneuverId, sat: sat.id, burnTick: tick.tick + 1, elementsBefore: sat.elements });
      sat.deltaVUsedMS += dv;
      this.#catalog.replaceElements(sat.id, plan.burn.elements);
      r.status = "mitigated";
      r.maneuver = { id: maneuverId, sat: sat.id, deltaVRtnMS: plan.burn.deltaVRtnMS, burnSimTimeMs: burnMs, pcAfter: plan.burn.pcAfter, missKmAfter: Number.isFinite(plan.burn.missKmAfter) ? plan.burn.missKmAfter : -1 };
      addCommand(commands, sat.cluster, { sat: sat.id, maneuver: { id: maneuverId, deltaVRtnMS: plan.burn.deltaVRtnMS, interruptS: m.interruptS } });
      this.#event(EventKinds.maneuverPlanned, "warning", `${r.id}: ${sat.id} burns ${dv.toFixed(2)} m/s along track at tick ${tick.tick + 1}; Pc ${r.pc.toExponential(2)} -> ${plan.burn.pcAfter.toExponential(2)}`, { ...this.#conjunctionData(r), planned: true, maneuver: maneuverId, sat: sat.id, cluster: sat.cluster, deltaVRtnMS: plan.burn.deltaVRtnMS, burnTick: tick.tick + 1, burnSimTimeMs: burnMs, pcAfter: plan.burn.pcAfter, interruptS: m.interruptS }, tick);
      // Its other conjunctions ahead were computed on the old orbit: re-screened ones replace them.
      for (const other of this.#table.open()) if (other.record !== r && (other.record.primary === sat.id || other.record.secondary === sat.id) && other.record.tcaMs > burnMs) other.record.status = "superseded";
      this.#record(tick, plan.rescreen, this.#catalog.screened());
    }
  }

  /**
   * A burn this service commanded did not fly: the satellite kept its orbit. Back to that orbit,
   * the conjunction it was meant to clear stands again, the conjunctions found on the orbit it did
   * not reach are dropped, and the satellite is screened again on the orbit it has.
   */
  #revertBurn(tick: ClockTick, failure: ManeuverFailure): void {
    const burn = this.#burnsInFlight.take(failure.maneuver, failure.sat);
    const r = this.#table.list({ status: "mitigated" }).find((c) => c.maneuver?.id === failure.maneuver);
    const sat = this.#catalog.get(failure.sat);
    if (!burn || !r?.maneuver || !sat?.alive) return;
    this.#catalog.replaceElements(sat.id, burn.elementsBefore);
    sat.deltaVUsedMS -= Math.hypot(...r.maneuver.deltaVRtnMS);
    delete r.maneuver;
    r.status = "detected";
    for (const other of this.#table.open()) if (other.record !== r && (other.record.primary === sat.id || other.record.secondary === sat.id)) other.record.status = "superseded";
    const objects = this.#catalog.screened();
    if (this.#screenedUntilMs > tick.simTimeMs) this.#record(tick, screenAgainst(objects.map((o) => o.satrec), objects.indexOf(sat), tick.simTimeMs, this.#screenedUntilMs, { thresholdKm: this.#config.thresholdKm }), objects);
    // Reported here, once: the planner must not raise it again for a fault it knows of.
    this.#blockers.reportOnce(r.id);
    this.#event(EventKinds.maneuverPlanned, "critical", `${r.id}: burn ${failure.maneuver} of ${sat.id} did not fly (${failure.reason}); the conjunction stands (Pc ${r.pc.toExponential(2)})`, { ...this.#conjunctionData(r), planned: false, reason: "burn-failed", maneuver: failure.maneuver, sat: sat.id, detail: failure.reason }, tick);
  }

  #confirmedBurn(sat: CatalogObject, other: CatalogObject, r: Conjunction, burnMs: number, tick: ClockTick) {
    const objects = this.#catalog.screened();
    const index = objects.indexOf(sat);
    const satrecs = objects.map((o) => o.satrec);
    for (const burn of candidateBurns(sat, other, r.tcaMs, burnMs, tick.simTimeMs, this.#config)) {
      const trial = [...satrecs];
      trial[index] = toSatrec(burn.elements);
      const moved: CatalogObject = { ...sat, elements: burn.elements, satrec: trial[index] };
      const rescreen = screenAgainst(trial, index, burnMs, Math.max(burnMs + 60_000, this.#screenedUntilMs), { thresholdKm: this.#config.thresholdKm });
      const worst = rescreen.reduce((max, e) => {
        const o = objects[e.a === index ? e.b : e.a]!;
        return Math.max(max, rateEncounter(moved, o, e.a === index ? e : { ...e, relPosKm: neg(e.relPosKm), relVelKmS: neg(e.relVelKmS) }, tick.simTimeMs, this.#config).pc);
      }, 0);
      if (worst < this.#config.mitigation.maneuverPc) return { burn, rescreen };
    }
    return undefined;
  }

  #conjunctionData(r: Conjunction): Record<string, unknown> {
    return { conjunction: r.id, primary: r.primary, secondary: r.secondary, tcaMs: r.tcaMs, missKm: r.missKm, relSpeedKmS: r.relSpeedKmS, pc: r.pc };
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

  #event(kind: string, severity: Severity, message: string, data: Record<string, unknown>, tick?: ClockTick): void {
    this.#bus.publish(
      subjects.event(this.#run, kind),
      orbitwinEvent.encode({ v: 1, run: this.#run, kind, tick: tick?.tick ?? this.#lastTick, simTimeMs: tick?.simTimeMs ?? 0, source: this.#id, severity, message, data }),
    );
  }
}

function addCommand(commands: Map<string, SatelliteCommand[]>, cluster: string, command: SatelliteCommand): void {
  const list = commands.get(cluster);
  if (list) list.push(command);
  else commands.set(cluster, [command]);
}

const neg = (v: [number, number, number]): [number, number, number] => [-v[0], -v[1], -v[2]];
