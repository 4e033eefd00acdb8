/**
 * Reads the timeline of a run (timeline.ts) out of its history streams. A run whose events
 * stream shows it never went back is one pass: binary search by time finds a window. Otherwise
 * data streams are read from the newest record back, as far as the window needs. The events
 * stream is read whole (a restore can leave any event behind, and it is the smallest stream). A record that does not decode is reported to
 * the caller, never fatal: history outlives the code that wrote it.
 */
import { decodeEvent, ErrorCodes, streams, subjects, type OrbitwinEvent } from "@orbitwin/protocol";
import type { Bus, StreamRecord, StreamStore } from "@orbitwin/runtime";
import { onePassWindow, readRecords, seqRange } from "./stream-reader.js";
import { BackwardTimeline, RUN_RESTORED, eventsOnTimeline, windowMs, type Stamp, type Window } from "./timeline.js";
import type { TimeRef } from "./time-ref.js";

const BATCH = 256;

export type Visit<T> = (record: StreamRecord, outcome: { value: T; kept: boolean } | { problem: string }) => void;

/** Records from `toSeq` down to `fromSeq`, newest first, a batch at a time. */
async function* readBackward(store: StreamStore, fromSeq: number, toSeq: number): AsyncGenerator<StreamRecord> {
  for (let hi = toSeq; hi >= fromSeq;) {
    const lo = Math.max(fromSeq, hi - BATCH + 1);
    const records = (await store.read(lo, hi - lo + 1)).filter((r) => r.seq <= hi);
    for (let i = records.length - 1; i >= 0; i--) yield records[i]!;
    hi = lo - 1;
  }
}

/**
 * Walks a data stream (fleet, sampled telemetry) from its newest record back, until no older
 * record can be on the timeline in the window. Returns the oldest sequence it read and the
 * newest there was (first > last when it read nothing).
 */
export async function walkDataTimeline<T extends Stamp>(
  store: StreamStore,
  options: { timeline: BackwardTimeline; decode: (r: StreamRecord) => T; keyOf: (value: T) => string; visit: Visit<T> },
): Promise<{ fromSeq: number; lastSeq: number }> {
  const { first, last } = await seqRange(store);
  let fromSeq = last + 1;
  for await (const r of readBackward(store, first, last)) {
    fromSeq = r.seq;
    let value: T;
    try {
      value = options.decode(r);
    } catch (err) {
      options.visit(r, { problem: `record ${r.seq} on ${r.subject}: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    options.visit(r, { value, kept: options.timeline.visit(options.keyOf(value), value) });
    if (options.timeline.done) break;
  }
  return { fromSeq, lastSeq: last };
}

/** What the events stream says of a data stream's restores. */
export interface Restores {
  /**
   * false when the events stream holds the run from its first record and no `run-restored`:
   * the history is one pass, its times never decrease, and a binary search finds a time in it
   */
  wentBack: boolean;
  /**
   * The lowest tick the run went back to after the data stream's newest record was stored (the
   * restores whose replay that stream does not hold yet), or undefined. The two streams are
   * ordered by the wall time the server stored them.
   */
  pendingTick: number | undefined;
}

export async function readRestores(bus: Bus, run: string, store: StreamStore): Promise<Restores> {
  let events: StreamStore;
  try {
    events = await bus.openStream(streams.events(run));
  } catch (err) {
    if ((err as { code?: unknown }).code === ErrorCodes.unknownStream) return { wentBack: true, pendingTick: undefined };
    throw err;
  }
  const restored = subjects.event(run, RUN_RESTORED);
  const newestRestore = await events.lastOnSubject(restored);
  if (!newestRestore) {
    // Restores that expired from the front of the events stream would not show: then assume some.
    const intact = (await events.lastSeq()) === 0 || (await events.read(1, 1))[0]?.seq === 1;
    return { wentBack: !intact, pendingTick: undefined };
  }
  const lastSeq = await store.lastSeq();
  const newest = lastSeq > 0 ? (await store.read(lastSeq, 1))[0] : undefined;
  if (newest && newestRestore.storedAtMs <= newest.storedAtMs) return { wentBack: true, pendingTick: undefined };
  let lowest: number | undefined;
  const { first, last } = await seqRange(events);
  for await (const r of readBackward(events, first, last)) {
    if (newest && r.storedAtMs <= newest.storedAtMs) break;
    if (r.subject !== restored) continue;
    const tick = restoreTickOf(r);
    if (tick !== undefined) lowest = Math.min(lowest ?? Infinity, tick);
  }
  return { wentBack: true, pendingTick: lowest };
}

function restoreTickOf(r: StreamRecord): number | undefined {
  try {
    const tick = decodeEvent(r.subject, r.data).data.tick;
    return typeof tick === "number" ? tick : undefined;
  } catch {
    return undefined;
  }
}

export interface EventsTimeline {
  /** on the timeline and in the window, in stream order */
  events: { seq: number; event: OrbitwinEvent }[];
  /** records that did not decode */
  skipped: { seq: number; problem: string }[];
  /** the window's start in ms (-Infinity: none) */
  fromMs: number;
  firstSeq: number;
  lastSeq: number;
}

/** The events stream read whole: the events on the timeline within the window. */
export async function readEventsTimeline(store: StreamStore, window: Window, onProgress?: (done: number, total: number) => void): Promise<EventsTimeline> {
  const { first, last } = await seqRange(store);
  const total = Math.max(0, last - first + 1);
  const all: { seq: number; event: OrbitwinEvent }[] = [];
  const skipped: { seq: number; problem: string }[] = [];
  let done = 0;
  for await (const r of readRecords(store, first, last)) {
    try {
      all.push({ seq: r.seq, event: decodeEvent(r.subject, r.data) });
    } catch (err) {
      skipped.push({ seq: r.seq, problem: `record ${r.seq} on ${r.subject}: ${err instanceof Error ? err.message : String(err)}` });
    }
    onProgress?.(++done, total);
  }
  const onTimeline = eventsOnTimeline(all.map((e) => e.event));
  const current = all.filter((_, i) => onTimeline[i]);
  const latest = current.reduce((max, e) => Math.max(max, e.event.simTimeMs), -Infinity);
  const { fromMs, toMs } = windowMs(window, latest);
  const events = current.filter((e) => e.event.simTimeMs >= fromMs && e.event.simTimeMs <= toMs);
  return { events, skipped, fromMs, firstSeq: first, lastSeq: last };
}

/**
 * What `watch --since` replays before it goes on live: the records from `fromSeq` through
 * `lastSeq` but those in `skip` (left behind by a restore, or before the window). Records that
 * do not decode are not skipped: the watcher reports them.
 */
export interface ReplayPlan {
  fromSeq: number;
  lastSeq: number;
  skip: ReadonlySet<number>;
  /** the window's start, ms: live records before it (a watch that began before the run got there) are left out until one at or after it */
  fromMs: number;
}

/** The replay of a data stream (the fleet aggregates) from `since`. */
export async function planDataReplay<T extends Stamp>(
  bus: Bus,
  run: string,
  store: StreamStore,
  since: TimeRef,
  decode: (r: StreamRecord) => T,
  keyOf: (value: T) => string,
): Promise<ReplayPlan> {
  const restores = await readRestores(bus, run, store);
  if (!restores.wentBack) {
    // One pass: from the first record at or after `since` to the newest, every one.
    const { fromSeq, toSeq, fromMs } = await onePassWindow(store, { from: since }, (r) => decode(r).simTimeMs);
    return { fromSeq, lastSeq: toSeq, skip: new Set(), fromMs };
  }
  const timeline = new BackwardTimeline({ window: { from: since }, tailRestoreTick: restores.pendingTick });
  const skip = new Set<number>();
  const { fromSeq, lastSeq } = await walkDataTimeline(store, {
    timeline,
    decode,
    keyOf,
    visit: (r, outcome) => {
      if ("kept" in outcome && !outcome.kept) skip.add(r.seq);
    },
  });
  return { fromSeq, lastSeq, skip, fromMs: timeline.fromMs ?? startOf(since) };
}

/** The replay of the events stream from `since`. */
export async function planEventsReplay(store: StreamStore, since: TimeRef): Promise<ReplayPlan> {
  const read = await readEventsTimeline(store, { from: since });
  const replayed = new Set([...read.events.map((e) => e.seq), ...read.skipped.map((s) => s.seq)]);
  const fromSeq = read.events[0]?.seq ?? read.lastSeq + 1;
  const skip = new Set<number>();
  for (let seq = fromSeq; seq <= read.lastSeq; seq++) if (!replayed.has(seq)) skip.add(seq);
  return { fromSeq, lastSeq: read.lastSeq, skip, fromMs: read.fromMs };
}

/** The start of a window with nothing on its timeline yet: a duration back from nothing is the beginning. */
function startOf(since: TimeRef): number {
  return since.kind === "at" ? since.simTimeMs : -Infinity;
}
