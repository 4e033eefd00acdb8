/**
 * The timeline of a run as it stands, out of its history streams. A restore (event
 * `run-restored`, `data.tick` = c) sends the run back to the end of tick c, and it replays from
 * c + 1: the records of ticks after c stored before the restore describe a pass the run has left.
 * The timeline keeps, for each tick, the records of the latest pass over it, so along it ticks and
 * simulation times never decrease, and a window by simulation time is a contiguous part of it.
 * Events about the run itself (RUN_EVENT_KINDS) are never left behind: they happened. Pure.
 *
 * Data streams (fleet aggregates, sampled cluster telemetry) are walked from the newest record
 * back: within one pass a key's ticks (the fleet's, a cluster's) only grow, so a record is left
 * behind exactly when a later record of its key has a tick at or below its own. The one thing
 * that rule cannot see is a restore whose replay has stored nothing yet in that stream: the
 * reader passes the lowest tick of such restores (`tailRestoreTick`) and records above it are
 * left behind too. The events stream holds the restores themselves, in order: an event is left
 * behind when a later `run-restored` went back below its tick.
 */
import type { TimeRef } from "./time-ref.js";
import { resolveTimeRef } from "./time-ref.js";

export interface Stamp {
  tick: number;
  /** ms since 1970 UTC */
  simTimeMs: number;
}

export const RUN_RESTORED = "run-restored";

/** Kinds that record what the run's machinery did (hosts, services, checkpoints, restores), not the simulated world. */
export const RUN_EVENT_KINDS: ReadonlySet<string> = new Set([
  "run-started",
  "run-finished",
  "host-joined",
  "host-lost",
  "clusters-reassigned",
  "participant-joined",
  "participant-lost",
  "input-rejected",
  "checkpoint-taken",
  RUN_RESTORED,
]);

export interface Window {
  from?: TimeRef | undefined;
  to?: TimeRef | undefined;
}

/** A window in ms, once the newest time on the timeline is known (for durations back from it). */
export function windowMs(window: Window, latestSimTimeMs: number): { fromMs: number; toMs: number } {
  return {
    fromMs: window.from ? resolveTimeRef(window.from, latestSimTimeMs) : -Infinity,
    toMs: window.to ? resolveTimeRef(window.to, latestSimTimeMs) : Infinity,
  };
}

/**
 * Decides, record by record from the newest back, which records of a data stream are on the
 * timeline and in the window, and when no older record can be.
 */
export class BackwardTimeline {
  readonly #window: Window;
  readonly #tailRestoreTick: number;
  /** per key: the lowest tick of the records after the one visited, and its time */
  readonly #lowest = new Map<string, Stamp>();
  #range: { fromMs: number; toMs: number } | undefined;

  constructor(options: { window?: Window; tailRestoreTick?: number | undefined } = {}) {
    this.#window = options.window ?? {};
    this.#tailRestoreTick = options.tailRestoreTick ?? Infinity;
  }

  /** The next older record: whether it is on the timeline and in the window. */
  visit(key: string, stamp: Stamp): boolean {
    const lowest = this.#lowest.get(key);
    const onTimeline = (lowest === undefined || stamp.tick < lowest.tick) && stamp.tick <= this.#tailRestoreTick;
    if (lowest === undefined || stamp.tick < lowest.tick) this.#lowest.set(key, stamp);
    if (!onTimeline) return false;
    // The first record on the timeline met from the back is its newest.
    this.#range ??= windowMs(this.#window, stamp.simTimeMs);
    return stamp.simTimeMs >= this.#range.fromMs && stamp.simTimeMs <= this.#range.toMs;
  }

  /** The window's start in ms, known once a record on the timeline was visited. */
  get fromMs(): number | undefined {
    return this.#range?.fromMs;
  }

  /**
   * True once no older record can be on the timeline in the window: a key's older records on
   * the timeline are below its lowest tick so far, so before its time, and every key seen is
   * already at or before the window's start.
   */
  get done(): boolean {
    if (!this.#range || this.#range.fromMs === -Infinity) return false;
    for (const stamp of this.#lowest.values()) if (stamp.simTimeMs > this.#range.fromMs) return false;
    return true;
  }
}

export interface EventStamp extends Stamp {
  kind: string;
  data: Record<string, unknown>;
}

/** For each event of a stream, in stream order: whether it is on the timeline. */
export function eventsOnTimeline(events: readonly EventStamp[]): boolean[] {
  const out = new Array<boolean>(events.length);
  let lowestRestore = Infinity;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    out[i] = RUN_EVENT_KINDS.has(e.kind) || e.tick <= lowestRestore;
    const target = e.kind === RUN_RESTORED ? e.data.tick : undefined;
    if (typeof target === "number") lowestRestore = Math.min(lowestRestore, target);
  }
  return out;
}
