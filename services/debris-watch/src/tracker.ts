/**
 * What debris-watch knows and decides, apart from the bus: the catalog, every conjunction, the
 * faults that stop a burn and the burns in flight. Each tick it screens ahead of sim time, rates
 * each encounter (Foster Pc), draws collisions for the encounters whose TCA has passed and breaks
 * up the colliders, and plans avoidance burns confirmed by re-screening; a burn reported as not
 * flown is taken back. It depends on sim time and the seed only, so a run is reproducible.
 */
import { Sgp4Batch, counterUniform, hashString32, screen, screenAgainst, toSatrec, type ScreenedEncounter, type ScreeningStats } from "@orbitwin/physics";
import { screenInParallel } from "./screen-pool.js";
import {
  EventKinds,
  type ClockTick,
  type Conjunction,
  type EventData,
  type EventKind,
  type ManeuverFailure,
  type SatelliteCommand,
  type Severity,
} from "@orbitwin/protocol";
import type { Logger } from "@orbitwin/runtime";
import { candidateBurns } from "./avoidance.js";
import { BurnBlockers, type BurnBlockersSnapshot } from "./burn-blockers.js";
import { BurnsInFlight, type BurnInFlight } from "./burns-in-flight.js";
import { Catalog, type CatalogObject } from "./catalog.js";
import type { CdmObject } from "./cdm.js";
import { breakUpCollision } from "./collision.js";
import type { ResolvedDebrisConfig } from "./config.js";
import { ConjunctionTable } from "./conjunction-table.js";
import { rateEncounter } from "./rating.js";

export type TrackerEventSink = <K extends EventKind>(kind: K, severity: Severity, message: string, data: EventData<K>, tick: ClockTick) => void;

export interface DebrisTrackerSnapshot {
  catalog: ReturnType<Catalog["snapshot"]>;
  table: ReturnType<ConjunctionTable["snapshot"]>;
  screenedUntilMs: number;
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
/** Screens of more work than this (objects x hours) run on worker threads; 1,000 objects over an hour take about 0.2 s here. */
const PARALLEL_SCREEN_OBJECT_HOURS = 1000;
/** Fixed, not the machine's core count: where the window is cut must not depend on the machine. */
const SCREEN_SLICES = 4;

export class DebrisTracker {
  readonly #config: ResolvedDebrisConfig;
  readonly #seed: number;
  readonly #event: TrackerEventSink;
  readonly #log: Logger;
  #catalog = new Catalog();
  #table = new ConjunctionTable();
  #blockers = new BurnBlockers();
  #burnsInFlight = new BurnsInFlight();
  #screenedUntilMs = Number.NEGATIVE_INFINITY;
  #maneuvers = 0;
  #collisions = 0;
  #lastScreenMs = 0;

  constructor(config: ResolvedDebrisConfig, seed: number, event: TrackerEventSink, log: Logger) {
    this.#config = config;
    this.#seed = seed;
    this.#event = event;
    this.#log = log;
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  get table(): ConjunctionTable {
    return this.#table;
  }

  /** Sim time screened up to, ms; -Infinity before the first screening. */
  get screenedUntilMs(): number {
    return this.#screenedUntilMs;
  }

  get maneuvers(): number {
    return this.#maneuvers;
  }

  get collisions(): number {
    return this.#collisions;
  }

  /** Wall time the last screening took, ms. */
  get lastScreenMs(): number {
    return this.#lastScreenMs;
  }

  /** Decides tick `tick`: the commands for the fleet, by cluster (they apply on the next tick). */
  async decide(tick: ClockTick): Promise<Map<string, SatelliteCommand[]>> {
    const commands = new Map<string, SatelliteCommand[]>();
    await this.#strikes(tick);
    this.#blockers.update(tick);
    this.#burnsInFlight.settle(tick.tick);
    for (const failure of tick.maneuversFailed ?? []) this.#revertBurn(tick, failure);
    await this.#screenAhead(tick);
    await this.#drawPassedEncounters(tick, commands);
    this.#blockers.forget(this.#table.forgetClosedBefore(tick.simTimeMs - this.#config.passedRetentionMs));
    if (this.#config.mitigation.enabled) this.#mitigate(tick, commands);
    return commands;
  }

  snapshot(): DebrisTrackerSnapshot {
    return {
      catalog: this.#catalog.snapshot(),
      table: this.#table.snapshot(),
      screenedUntilMs: this.#screenedUntilMs,
      maneuvers: this.#maneuvers,
      collisions: this.#collisions,
      blockers: this.#blockers.snapshot(),
      burnsInFlight: this.#burnsInFlight.snapshot(),
    };
  }

  static fromSnapshot(snap: DebrisTrackerSnapshot, config: ResolvedDebrisConfig, seed: number, event: TrackerEventSink, log: Logger): DebrisTracker {
    const t = new DebrisTracker(config, seed, event, log);
    t.#catalog = Catalog.fromSnapshot(snap.catalog);
    t.#table = ConjunctionTable.fromSnapshot(snap.table);
    t.#screenedUntilMs = snap.screenedUntilMs;
    t.#maneuvers = snap.maneuvers;
    t.#collisions = snap.collisions;
    t.#blockers = BurnBlockers.fromSnapshot(snap.blockers);
    t.#burnsInFlight = BurnsInFlight.fromSnapshot(snap.burnsInFlight);
    return t;
  }

  async #screenAhead(tick: ClockTick): Promise<void> {
    const horizonMs = tick.simTimeMs + this.#config.lookAheadMs;
    if (this.#screenedUntilMs >= horizonMs) return;
    const fromMs = Math.max(tick.simTimeMs, this.#screenedUntilMs);
    const toMs = horizonMs + Math.min(SCREEN_BLOCK_MS, this.#config.lookAheadMs);
    const objects = this.#catalog.screened();
    const started = performance.now();
    const { encounters, stats } = await this.#screen(objects, fromMs, toMs);
    this.#lastScreenMs = performance.now() - started;
    this.#log.debug({ fromMs, toMs, objects: objects.length, ...stats, ms: this.#lastScreenMs }, "screened");
    this.#screenedUntilMs = toMs;
    this.#record(tick, encounters, objects);
  }

  #record(
    tick: ClockTick,
    encounters: readonly ScreenedEncounter[],
    objects: readonly CatalogObject[],
    only?: (a: CatalogObject, b: CatalogObject) => boolean,
  ): void {
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
      const cdmObject = (o: CatalogObject, k: 0 | 1): CdmObject => ({
        id: o.id,
        kind: o.kind,
        maneuverable: o.kind === "fleet",
        posKm: rated.states[k].posKm,
        velKmS: rated.states[k].velKmS,
        sigmas: rated.sigmas[k],
      });
      this.#table.add({ record, cdmObjects: [cdmObject(a, 0), cdmObject(b, 1)], ratedAtMs: tick.simTimeMs });
      if (record.pc >= this.#config.reportPc) {
        this.#event(
          EventKinds.conjunctionDetected,
          record.pc >= this.#config.mitigation.maneuverPc ? "warning" : "info",
          `${record.id}: ${a.id} and ${b.id} pass ${(record.missKm * 1000).toFixed(0)} m apart at ${new Date(record.tcaMs).toISOString()} (Pc ${record.pc.toExponential(2)})`,
          this.#conjunctionData(record),
          tick,
        );
      }
    }
  }

  /** Encounters whose TCA fell in the last tick: each collides with its probability, drawn from the seed. */
  async #drawPassedEncounters(tick: ClockTick, commands: Map<string, SatelliteCommand[]>): Promise<void> {
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
        this.#event(
          EventKinds.conjunctionPassed,
          "info",
          `${r.id}: ${a.id} and ${b.id} passed (Pc ${r.pc.toExponential(2)}, draw ${draw.toFixed(4)})`,
          { ...this.#conjunctionData(r), draw },
          tick,
        );
        continue;
      }
      await this.#collide(tick, r, a, b, draw, commands);
    }
  }

  async #collide(tick: ClockTick, r: Conjunction, a: CatalogObject, b: CatalogObject, draw: number, commands: Map<string, SatelliteCommand[]>): Promise<void> {
    this.#collisions++;
    const breakup = breakUpCollision(a, b, r.tcaMs, r.relSpeedKmS, r.id, this.#seed, this.#config.fragmentMinSizeM);
    r.status = "collided";
    r.fragments = breakup.fragments.length;
    for (const o of [a, b]) {
      this.#catalog.remove(o.id);
      if (o.kind === "fleet" && o.cluster) addCommand(commands, o.cluster, { sat: o.id, destroy: `collision ${r.id} with ${o === a ? b.id : a.id}` });
    }
    this.#event(
      EventKinds.collisionOccurred,
      "critical",
      `${r.id}: ${a.id} and ${b.id} collided at ${r.relSpeedKmS.toFixed(1)} km/s (Pc ${r.pc.toExponential(2)}, draw ${draw.toFixed(4)}); ${breakup.catastrophic ? "catastrophic" : "non-catastrophic"} breakup`,
      { ...this.#conjunctionData(r), draw, catastrophic: breakup.catastrophic, fragments: breakup.fragments.length },
      tick,
    );
    await this.#addFragments(tick, r.id, breakup);
  }

  /** Fragments join the catalog and are screened over the window already screened without them. */
  async #addFragments(tick: ClockTick, eventId: string, breakup: ReturnType<typeof breakUpCollision>): Promise<void> {
    for (const f of breakup.fragments) this.#catalog.add({ id: f.id, kind: "fragment", elements: f.elements, radiusM: f.sizeM / 2, massKg: f.massKg });
    this.#event(
      EventKinds.fragmentsCreated,
      "error",
      `${eventId}: ${breakup.fragments.length} fragments >= ${this.#config.fragmentMinSizeM} m join the catalog (${breakup.lost} more re-enter or escape)`,
      { source: eventId, fragments: breakup.fragments.length, lost: breakup.lost, ids: breakup.fragments.slice(0, 20).map((f) => f.id) },
      tick,
    );
    if (breakup.fragments.length > 0 && this.#screenedUntilMs > tick.simTimeMs) {
      const objects = this.#catalog.screened();
      const { encounters } = await this.#screen(objects, tick.simTimeMs, this.#screenedUntilMs);
      this.#record(tick, encounters, objects, (x, y) => x.kind === "fragment" || y.kind === "fragment");
    }
  }

  /**
   * All-vs-all screening of `objects` over [fromMs, toMs). A big screen (seconds of work) runs on
   * worker threads, so this service's event loop stays free: a process that went silent for
   * seconds would be taken for dead, sent back to a checkpoint, and met the same screen again.
   */
  #screen(objects: readonly CatalogObject[], fromMs: number, toMs: number): Promise<{ encounters: ScreenedEncounter[]; stats: ScreeningStats }> {
    const options = { thresholdKm: this.#config.thresholdKm };
    if ((objects.length * (toMs - fromMs)) / 3_600_000 < PARALLEL_SCREEN_OBJECT_HOURS)
      return Promise.resolve(screen(this.#catalog.screenedOrbits(), fromMs, toMs, options));
    return screenInParallel(
      objects.map((o) => o.elements),
      fromMs,
      toMs,
      options,
      SCREEN_SLICES,
    );
  }

  /** A debris strike (a simulated fault): the struck satellites break up where they are now. */
  async #strikes(tick: ClockTick): Promise<void> {
    for (const f of tick.faults ?? []) {
      if (f.kind !== "debris-strike") continue;
      for (const sat of f.sats ?? []) {
        const target = this.#catalog.get(sat);
        if (!target?.alive) continue;
        const impactor: CatalogObject = { ...target, id: `${f.id}-impactor`, kind: "debris", radiusM: IMPACTOR_RADIUS_M, massKg: IMPACTOR_MASS_KG };
        const eventId = `${f.id}-${sat}`;
        const breakup = breakUpCollision(target, impactor, tick.simTimeMs, IMPACT_SPEED_KM_S, eventId, this.#seed, this.#config.fragmentMinSizeM);
        this.#catalog.remove(sat);
        this.#event(
          EventKinds.collisionOccurred,
          "critical",
          `${sat} struck by untracked debris (fault ${f.id}); ${breakup.catastrophic ? "catastrophic" : "non-catastrophic"} breakup`,
          { fault: f.id, primary: sat, catastrophic: breakup.catastrophic, fragments: breakup.fragments.length },
          tick,
        );
        await this.#addFragments(tick, eventId, breakup);
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
          this.#event(
            EventKinds.maneuverPlanned,
            "critical",
            `${r.id}: ${sat.id} ${why} (fault ${blocked.id}); the conjunction stands (Pc ${r.pc.toExponential(2)})`,
            { ...this.#conjunctionData(r), planned: false, reason, fault: blocked.id, sat: sat.id },
            tick,
          );
        }
        continue;
      }
      const plan = this.#confirmedBurn(sat, other, r, burnMs, tick);
      if (!plan) {
        this.#event(
          EventKinds.maneuverPlanned,
          "error",
          `${r.id}: no burn within ${Math.min(m.maxBurnMS, m.budgetMS - sat.deltaVUsedMS).toFixed(2)} m/s clears ${sat.id}; the conjunction stands`,
          { ...this.#conjunctionData(r), planned: false },
          tick,
        );
        continue;
      }
      const maneuverId = `mnv-${++this.#maneuvers}`;
      const dv = Math.hypot(...plan.burn.deltaVRtnMS);
      this.#burnsInFlight.add({ maneuver: maneuverId, sat: sat.id, burnTick: tick.tick + 1, elementsBefore: sat.elements });
      sat.deltaVUsedMS += dv;
      this.#catalog.replaceElements(sat.id, plan.burn.elements);
      r.status = "mitigated";
      r.maneuver = {
        id: maneuverId,
        sat: sat.id,
        deltaVRtnMS: plan.burn.deltaVRtnMS,
        burnSimTimeMs: burnMs,
        pcAfter: plan.burn.pcAfter,
        missKmAfter: Number.isFinite(plan.burn.missKmAfter) ? plan.burn.missKmAfter : -1,
      };
      addCommand(commands, sat.cluster, { sat: sat.id, maneuver: { id: maneuverId, deltaVRtnMS: plan.burn.deltaVRtnMS, interruptS: m.interruptS } });
      this.#event(
        EventKinds.maneuverPlanned,
        "warning",
        `${r.id}: ${sat.id} burns ${dv.toFixed(2)} m/s along track at tick ${tick.tick + 1}; Pc ${r.pc.toExponential(2)} -> ${plan.burn.pcAfter.toExponential(2)}`,
        {
          ...this.#conjunctionData(r),
          planned: true,
          maneuver: maneuverId,
          sat: sat.id,
          cluster: sat.cluster,
          deltaVRtnMS: plan.burn.deltaVRtnMS,
          burnTick: tick.tick + 1,
          burnSimTimeMs: burnMs,
          pcAfter: plan.burn.pcAfter,
          interruptS: m.interruptS,
        },
        tick,
      );
      // Its other conjunctions ahead were computed on the old orbit: re-screened ones replace them.
      for (const other of this.#table.open())
        if (other.record !== r && (other.record.primary === sat.id || other.record.secondary === sat.id) && other.record.tcaMs > burnMs)
          other.record.status = "superseded";
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
    for (const other of this.#table.open())
      if (other.record !== r && (other.record.primary === sat.id || other.record.secondary === sat.id)) other.record.status = "superseded";
    const objects = this.#catalog.screened();
    if (this.#screenedUntilMs > tick.simTimeMs)
      this.#record(
        tick,
        screenAgainst(this.#catalog.screenedOrbits(), objects.indexOf(sat), tick.simTimeMs, this.#screenedUntilMs, { thresholdKm: this.#config.thresholdKm }),
        objects,
      );
    // Reported here, once: the planner must not raise it again for a fault it knows of.
    this.#blockers.reportOnce(r.id);
    this.#event(
      EventKinds.maneuverPlanned,
      "critical",
      `${r.id}: burn ${failure.maneuver} of ${sat.id} did not fly (${failure.reason}); the conjunction stands (Pc ${r.pc.toExponential(2)})`,
      { ...this.#conjunctionData(r), planned: false, reason: "burn-failed", maneuver: failure.maneuver, sat: sat.id, detail: failure.reason },
      tick,
    );
  }

  #confirmedBurn(sat: CatalogObject, other: CatalogObject, r: Conjunction, burnMs: number, tick: ClockTick) {
    const objects = this.#catalog.screened();
    const index = objects.indexOf(sat);
    const satrecs = objects.map((o) => o.satrec);
    for (const burn of candidateBurns(sat, other, r.tcaMs, burnMs, tick.simTimeMs, this.#config)) {
      const trial = Sgp4Batch.fromSatrecs(satrecs);
      const moved: CatalogObject = { ...sat, elements: burn.elements, satrec: toSatrec(burn.elements) };
      trial.setSatrec(index, moved.satrec);
      const rescreen = screenAgainst(trial, index, burnMs, Math.max(burnMs + 60_000, this.#screenedUntilMs), { thresholdKm: this.#config.thresholdKm });
      const worst = rescreen.reduce((max, e) => {
        const o = objects[e.a === index ? e.b : e.a]!;
        return Math.max(
          max,
          rateEncounter(moved, o, e.a === index ? e : { ...e, relPosKm: neg(e.relPosKm), relVelKmS: neg(e.relVelKmS) }, tick.simTimeMs, this.#config).pc,
        );
      }, 0);
      if (worst < this.#config.mitigation.maneuverPc) return { burn, rescreen };
    }
    return undefined;
  }

  #conjunctionData(r: Conjunction): EventData<typeof EventKinds.conjunctionDetected> {
    return { conjunction: r.id, primary: r.primary, secondary: r.secondary, tcaMs: r.tcaMs, missKm: r.missKm, relSpeedKmS: r.relSpeedKmS, pc: r.pc };
  }
}

function addCommand(commands: Map<string, SatelliteCommand[]>, cluster: string, command: SatelliteCommand): void {
  const list = commands.get(cluster);
  if (list) list.push(command);
  else commands.set(cluster, [command]);
}

const neg = (v: [number, number, number]): [number, number, number] => [-v[0], -v[1], -v[2]];
