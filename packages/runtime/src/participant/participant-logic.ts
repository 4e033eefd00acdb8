/**
 * What a clock participant that is not a fleet host (thermal, scheduler, debris-watch) decides,
 * apart from the bus: actor logic in the XState sense, a state and pure transitions on it. The
 * ParticipantRunner (participant-runner.ts) owns everything about the clock protocol and calls
 * these in a fixed order, one at a time, never while another is running.
 */
import type { ClockTick, ClusterDefinition, ClusterTelemetry, RaisedEvent, SatelliteCommand } from "@orbitwin/protocol";

/** The run's clusters as the coordinator defined them (its clusters bucket), by cluster id in id order. */
export type ClusterDefinitions = ReadonlyMap<string, ClusterDefinition>;

/** An event the logic raises (its data typed by kind); the runner stamps it with the tick (or batch) it belongs to and its own id. */
export type ParticipantEvent = RaisedEvent;

/** What a tick's decision sends: commands by cluster (they apply at tick + 1) and events. */
export interface TickDecision {
  commands: ReadonlyMap<string, readonly SatelliteCommand[]>;
  events: readonly ParticipantEvent[];
}

export interface DecisionContext {
  definitions: ClusterDefinitions;
}

/** What a restore may read besides the snapshot: the definitions, read before any restore to a tick of the run (none for tick -1 before they are written). */
export interface RestoreContext {
  definitions: ClusterDefinitions | undefined;
}

/**
 * The state is mutated in place (typed arrays, no copy per tick), and `restore(snapshot(s))` must
 * decide as `s` would. A snapshot may share the state's arrays instead of copying them: the
 * runner serializes it before any other transition runs (a million satellites' thermal state is
 * 74 MB, and a copy of it was as much again at every checkpoint).
 */
export interface ParticipantLogic<State, Snapshot> {
  /** The state at the start of the run (also what a restore to tick -1 goes back to). */
  initial: () => State;
  /**
   * Whether it reads the definitions' SGP4 element columns (debris-watch does); without them the
   * runner keeps each definition's ids, bus and seed only (the columns are 80 MB at a million
   * satellites). @default true
   */
  readsElements?: boolean;
  /**
   * Takes in one cluster's telemetry of the tick being decided (called only with batches of a
   * defined cluster whose count matches its definition), in the order they arrive: what the
   * logic keeps of a tick must not depend on the order of its clusters. Throwing rejects the
   * batch: the runner reports it and waits for a good one. Without this method the participant
   * reads no telemetry and decides as soon as the tick is announced.
   */
  onBatch?: (state: State, batch: ClusterTelemetry, context: DecisionContext) => readonly ParticipantEvent[] | void;
  /** Decides the tick once every defined cluster's batch of it is in (may take time: it is awaited). */
  decide: (state: State, tick: ClockTick, context: DecisionContext) => TickDecision | Promise<TickDecision>;
  /** The whole state, for a checkpoint (serialized at once: it may share the state's arrays). */
  snapshot: (state: State) => Snapshot;
  /**
   * The state a snapshot describes; `current` is the state it replaces (what it must keep, if
   * anything). A snapshot need not repeat what the definitions hold (a million satellite ids).
   */
  restore: (snapshot: Snapshot, current: State, context: RestoreContext) => State;
  /** After a restore, before the next tick: takes in what was stored durably after the snapshot. */
  afterRestore?: (state: State) => Promise<void>;
  /** The event to raise when `decide` throws (it is always logged). */
  failureEvent?: (err: unknown) => ParticipantEvent | undefined;
  /** Told how many commands a cluster's host accepted. */
  commandsAccepted?: (state: State, cluster: string, count: number) => void;
}
