/**
 * What debris-watch decides, apart from the bus (a ParticipantLogic). It reads no telemetry: on
 * tick n its DebrisTracker screens, draws collisions and plans burns (tracker.ts) on sim time
 * and the seed alone. The fleet joins the catalog at the first decision, from the cluster
 * definitions, with the intruders planted on it; the background catalog is there from the start.
 * Queries (status, list, show) are pure functions of the state.
 */
import {
  EventKinds,
  ErrorCodes,
  OrbitwinError,
  elementsAtSlot,
  raisedEvent,
  type Conjunction,
  type DebrisWatchConfig,
  type DebrisWatchStatus,
} from "@orbitwin/protocol";
import type { MeanElements } from "@orbitwin/physics";
import type { ClusterDefinitions, Logger, ParticipantEvent, ParticipantLogic } from "@orbitwin/runtime";
import { plantedIntruders, type BackgroundObject } from "./background.js";
import { formatCdm } from "./cdm.js";
import type { ResolvedDebrisConfig } from "./config.js";
import { DebrisTracker, type DebrisTrackerSnapshot, type TrackerEventSink } from "./tracker.js";

export interface DebrisWatchState {
  tracker: DebrisTracker;
  catalogLoaded: boolean;
  lastTick: number;
  /** what the tracker raised in the decision under way */
  readonly outbox: ParticipantEvent[];
}

export interface DebrisWatchSnapshot {
  tracker: DebrisTrackerSnapshot;
  catalogLoaded: boolean;
  lastTick: number;
}

export interface DebrisWatchLogicOptions {
  config: ResolvedDebrisConfig;
  /** the scenario's `debris:` section, for the planted intruders */
  raw: DebrisWatchConfig | undefined;
  seed: number;
  epochMs: number;
  /** the background catalog (files, synthetic population), loaded before the service starts */
  background: readonly BackgroundObject[];
  log: Logger;
}

export function debrisWatchLogic(o: DebrisWatchLogicOptions): ParticipantLogic<DebrisWatchState, DebrisWatchSnapshot> {
  const stateOf = (tracker: (sink: TrackerEventSink) => DebrisTracker, catalogLoaded: boolean, lastTick: number): DebrisWatchState => {
    const outbox: ParticipantEvent[] = [];
    return { tracker: tracker((kind, severity, message, data) => outbox.push(raisedEvent(kind, severity, message, data))), catalogLoaded, lastTick, outbox };
  };
  return {
    initial: () => {
      const state = stateOf((sink) => new DebrisTracker(o.config, o.seed, sink, o.log), false, 0);
      for (const b of o.background) state.tracker.catalog.add({ id: b.id, kind: "debris", elements: b.elements, radiusM: b.sizeM / 2, massKg: b.massKg });
      return state;
    },
    decide: async (state, tick, { definitions }) => {
      state.outbox.length = 0;
      if (!state.catalogLoaded) loadFleet(state, definitions, o);
      const commands = await state.tracker.decide(tick);
      state.lastTick = tick.tick;
      return { commands, events: state.outbox.splice(0) };
    },
    snapshot: (state) => ({ tracker: state.tracker.snapshot(), catalogLoaded: state.catalogLoaded, lastTick: state.lastTick }),
    restore: (snap) => stateOf((sink) => DebrisTracker.fromSnapshot(snap.tracker, o.config, o.seed, sink, o.log), snap.catalogLoaded, snap.lastTick),
    failureEvent: (err) => ({
      kind: EventKinds.debrisWatchFailed,
      severity: "critical",
      message: `debris-watch failed to decide: ${err instanceof Error ? err.message : String(err)}`,
      data: {},
    }),
  };
}

/** The fleet's satellites from the cluster definitions, then the intruders planted on them. */
function loadFleet(state: DebrisWatchState, definitions: ClusterDefinitions, o: DebrisWatchLogicOptions): void {
  const fleet = new Map<string, { cluster: string; elements: MeanElements }>();
  for (const def of definitions.values())
    def.satIds.forEach((sat, slot) => fleet.set(sat, { cluster: def.cluster, elements: { name: sat, ...elementsAtSlot(def, slot) } }));
  const catalog = state.tracker.catalog;
  for (const [sat, f] of fleet)
    catalog.add({ id: sat, kind: "fleet", cluster: f.cluster, elements: f.elements, radiusM: o.config.fleetHardBodyRadiusM, massKg: o.config.fleetMassKg });
  const planted = plantedIntruders(o.raw, o.epochMs, (sat) => fleet.get(sat)?.elements);
  for (const problem of planted.problems)
    state.outbox.push({
      kind: EventKinds.inputRejected,
      severity: "error",
      message: `debris scenario: ${problem}`,
      data: { code: ErrorCodes.invalidScenario, problem },
    });
  for (const p of planted.objects) catalog.add({ id: p.id, kind: "debris", elements: p.elements, radiusM: p.sizeM / 2, massKg: p.massKg });
  state.catalogLoaded = true;
  o.log.info({ fleet: catalog.count("fleet"), debris: catalog.count("debris") }, "catalog loaded");
}

/** `svc.debris-watch.status`; `epochMs` stands for the screened horizon before the first screening. */
export function debrisWatchStatus(state: DebrisWatchState, epochMs: number): DebrisWatchStatus {
  const t = state.tracker;
  return {
    tick: state.lastTick,
    fleetObjects: t.catalog.count("fleet"),
    debrisObjects: t.catalog.count("debris"),
    fragments: t.catalog.count("fragment"),
    screenedUntilMs: Number.isFinite(t.screenedUntilMs) ? t.screenedUntilMs : epochMs,
    open: t.table.open().length,
    conjunctions: t.table.size,
    maneuvers: t.maneuvers,
    collisions: t.collisions,
    lastScreenMs: t.lastScreenMs,
  };
}

/** `svc.debris-watch.list`: conjunctions by status and Pc, at most `limit` (default 50). */
export function listConjunctions(
  state: DebrisWatchState,
  r: { status?: Conjunction["status"]; minPc?: number; limit?: number },
): { tick: number; total: number; conjunctions: Conjunction[] } {
  const all = state.tracker.table.list({ ...(r.status ? { status: r.status } : {}), ...(r.minPc === undefined ? {} : { minPc: r.minPc }) });
  return { tick: state.lastTick, total: all.length, conjunctions: all.slice(0, r.limit ?? 50) };
}

/** `svc.debris-watch.show`: one conjunction, with its CCSDS CDM when asked. */
export function showConjunction(state: DebrisWatchState, run: string, id: string, withCdm: boolean): { conjunction: Conjunction; cdm?: string } {
  const entry = state.tracker.table.get(id);
  if (!entry) throw new OrbitwinError(ErrorCodes.unknownConjunction, `no conjunction ${id} in run ${run}`);
  return {
    conjunction: entry.record,
    ...(withCdm ? { cdm: formatCdm({ conjunction: entry.record, creationMs: entry.ratedAtMs, run, objects: entry.cdmObjects }) } : {}),
  };
}
