/**
 * Loads a window of a run's history (fleet aggregates, events, sampled cluster telemetry) from
 * its streams, decoded and validated, as the timeline stands (timeline.ts: after a restore, each
 * tick as the latest pass left it). A record that does not decode is skipped and counted, never
 * fatal: history outlives the code that wrote it.
 */
import {
  ErrorCodes,
  OrbitwinError,
  clusterTelemetry,
  clusterTelemetryProblems,
  decodeAs,
  fleetTelemetry,
  schedulerMetrics,
  streams,
  type ClusterTelemetry,
  type FleetTelemetry,
  type OrbitwinEvent,
  type SchedulerStatus,
} from "@orbitwin/protocol";
import type { Bus, StreamRecord, StreamStore } from "@orbitwin/runtime";
import { onePassWindow, readRecords, seqRange } from "./stream-reader.js";
import { BackwardTimeline, type Window } from "./timeline.js";
import { readEventsTimeline, readRestores, walkDataTimeline } from "./timeline-reader.js";

export type { Window } from "./timeline.js";

export interface LoadOptions<T = never> {
  /** Called as records arrive: how many read of how many in the window. */
  onProgress?: (done: number, total: number) => void;
  /** Keeps only the records this accepts, so a long history of a big fleet need not fit in memory. */
  keep?: (record: T) => boolean;
}

export interface Loaded<T> {
  records: T[];
  /** records read that did not decode (and the first reason) */
  skipped: number;
  firstProblem: string | undefined;
}

/** The schema cannot say that columns are `count` long; the readers rely on it. */
function checkColumns(b: ClusterTelemetry): void {
  const problems = clusterTelemetryProblems(b);
  if (problems.length > 0) throw new RangeError(problems.join("; "));
}

/** Opens a history stream, saying which run lacks which history when it is not there. */
async function open(bus: Bus, streamName: string, what: string): Promise<StreamStore> {
  try {
    return await bus.openStream(streamName);
  } catch (err) {
    if ((err as { code?: unknown }).code !== ErrorCodes.unknownStream) throw err;
    throw new OrbitwinError(
      ErrorCodes.unknownStream,
      `there is no ${what} (stream ${streamName}): check the run id; a run keeps sampled telemetry only with history.sampleEveryTicks above 0`,
      { cause: err },
    );
  }
}

/** A data stream's window: read by binary search when the run never went back, else walked from its newest record back (timeline-reader.ts). */
async function loadData<T extends { tick: number; simTimeMs: number }>(
  bus: Bus,
  run: string,
  streamName: string,
  what: string,
  decode: (record: StreamRecord) => T,
  window: Window,
  options: LoadOptions<T>,
  keyOf: (record: T) => string,
  check?: (record: T) => void,
): Promise<Loaded<T>> {
  const store = await open(bus, streamName, what);
  const restores = await readRestores(bus, run, store);
  const out: Loaded<T> = { records: [], skipped: 0, firstProblem: undefined };
  const take = (record: T, problemAt: string) => {
    try {
      check?.(record);
    } catch (err) {
      out.skipped++;
      out.firstProblem ??= `${problemAt}: ${err instanceof Error ? err.message : String(err)}`;
      return;
    }
    if (!options.keep || options.keep(record)) out.records.push(record);
  };
  const timeOf = (r: StreamRecord) => decode(r).simTimeMs;
  if (!restores.wentBack) {
    const { fromSeq, toSeq } = await onePassWindow(store, window, timeOf);
    const total = Math.max(0, toSeq - fromSeq + 1);
    let done = 0;
    for await (const r of readRecords(store, fromSeq, toSeq)) {
      let record: T | undefined;
      try {
        record = decode(r);
      } catch (err) {
        out.skipped++;
        out.firstProblem ??= `record ${r.seq} on ${r.subject}: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (record) take(record, `record ${r.seq} on ${r.subject}`);
      options.onProgress?.(++done, total);
    }
    return out;
  }
  const { last } = await seqRange(store);
  // Progress counts against the window as a run that never went back would hold it.
  const total = Math.max(0, last - (await onePassWindow(store, { from: window.from }, timeOf)).fromSeq + 1);
  const kept: { record: T; at: string }[] = [];
  let problem: string | undefined;
  let done = 0;
  await walkDataTimeline(store, {
    timeline: new BackwardTimeline({ window, tailRestoreTick: restores.pendingTick }),
    decode,
    keyOf,
    visit: (r, outcome) => {
      if ("problem" in outcome) {
        out.skipped++;
        // Read from the back: the last one met is the first in the stream.
        problem = outcome.problem;
      } else if (outcome.kept) kept.push({ record: outcome.value, at: `record ${r.seq} on ${r.subject}` });
      options.onProgress?.(++done, Math.max(total, done));
    },
  });
  for (let i = kept.length - 1; i >= 0; i--) take(kept[i]!.record, kept[i]!.at);
  out.firstProblem = problem ?? out.firstProblem;
  return out;
}

export const loadFleet = (bus: Bus, run: string, window: Window, options: LoadOptions<FleetTelemetry> = {}): Promise<Loaded<FleetTelemetry>> =>
  loadData(
    bus,
    run,
    streams.fleet(run),
    `fleet history of run ${run}`,
    (r) => decodeAs(fleetTelemetry, r.subject, r.data),
    window,
    options,
    () => "",
  );
export const loadSamples = (bus: Bus, run: string, window: Window, options: LoadOptions<ClusterTelemetry> = {}): Promise<Loaded<ClusterTelemetry>> =>
  loadData(
    bus,
    run,
    streams.samples(run),
    `sampled cluster telemetry of run ${run}`,
    (r) => decodeAs(clusterTelemetry, r.subject, r.data),
    window,
    options,
    (b) => b.cluster,
    checkColumns,
  );

/** The scheduler's metrics of one tick, placed in simulation time. */
export type SchedulerSample = SchedulerStatus & { simTimeMs: number };

/**
 * The scheduler's metrics of every tick (stream `ot-<run>-jobs`). They carry a tick but no time,
 * so `simTimeOfTick` places them (the fleet history knows the run's clock: fleetTimeOfTick).
 */
export const loadSchedulerMetrics = (
  bus: Bus,
  run: string,
  window: Window,
  simTimeOfTick: (tick: number) => number,
  options: LoadOptions<SchedulerSample> = {},
): Promise<Loaded<SchedulerSample>> =>
  loadData(
    bus,
    run,
    streams.jobs(run),
    `scheduler history of run ${run}`,
    (r) => {
      const status = decodeAs(schedulerMetrics, r.subject, r.data);
      return { ...status, simTimeMs: simTimeOfTick(status.tick) };
    },
    window,
    options,
    () => "",
  );

/** A run's clock out of its fleet history: tick n starts dtMs after tick n - 1. Undefined without fleet history. */
export function fleetTimeOfTick(fleet: readonly FleetTelemetry[]): ((tick: number) => number) | undefined {
  const first = fleet[0];
  if (!first) return undefined;
  return (tick) => first.simTimeMs + (tick - first.tick) * first.dtMs;
}

export async function loadEvents(bus: Bus, run: string, window: Window, options: LoadOptions<OrbitwinEvent> = {}): Promise<Loaded<OrbitwinEvent>> {
  const store = await open(bus, streams.events(run), `event history of run ${run}`);
  const read = await readEventsTimeline(store, window, options.onProgress);
  const records = read.events.map((e) => e.event).filter((e) => !options.keep || options.keep(e));
  return { records, skipped: read.skipped.length, firstProblem: read.skipped[0]?.problem };
}
