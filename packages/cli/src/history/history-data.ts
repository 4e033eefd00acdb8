/**
 * Loads a window of a run's history (fleet aggregates, events, sampled cluster telemetry) from
 * its streams, decoded and validated. A record that does not decode is skipped and counted,
 * never fatal: history outlives the code that wrote it.
 */
import { ErrorCodes, OrbitwinError, clusterTelemetry, decodeAs, fleetTelemetry, orbitwinEvent, streams, type ClusterTelemetry, type FleetTelemetry, type MessageDescriptor, type OrbitwinEvent } from "@orbitwin/protocol";
import type { Bus, StreamRecord, StreamStore } from "@orbitwin/runtime";
import { SATELLITE_FIELDS, columnOf } from "./columns-of.js";
import { latestSimTime, readRecords, seqAtSimTime, seqRange } from "./stream-reader.js";
import { resolveTimeRef, type TimeRef } from "./time-ref.js";

export interface Window {
  from?: TimeRef | undefined;
  to?: TimeRef | undefined;
}

export interface LoadOptions<T = never> {
  /** Called as records arrive: how many read of how many in the window. */
  onProgress?: (done: number, total: number) => void;
  /** Keeps only the records this accepts, so a long history of a big fleet need not fit in memory. */
  keep?: (record: T) => boolean;
}

export interface Loaded<T> {
  records: T[];
  /** records in the window that did not decode (and the first reason) */
  skipped: number;
  firstProblem: string | undefined;
}

/** simTimeMs of a record without trusting it: undefined when it does not decode. */
function simTimeOf<T extends { simTimeMs: number }>(descriptor: MessageDescriptor<T>): (r: StreamRecord) => number | undefined {
  return (r) => {
    try {
      return decodeAs(descriptor, r.subject, r.data).simTimeMs;
    } catch {
      return undefined;
    }
  };
}

/** The schema cannot say that columns are `count` long; the readers rely on it. */
function checkColumns(b: ClusterTelemetry): void {
  const n = b.count;
  if (b.satIds.length !== n) throw new RangeError(`satIds has ${b.satIds.length} ids for count ${n}`);
  for (const [field, bytes] of [["posKm", 24], ["velKmS", 24], ["latDeg", 8], ["lonDeg", 8], ["altKm", 8], ["sunlitFraction", 8], ["status", 1]] as const) {
    if (b[field].byteLength !== n * bytes) throw new RangeError(`${field} has ${b[field].byteLength} bytes, expected ${n * bytes}`);
  }
  for (const field of SATELLITE_FIELDS) columnOf(b, field);
}

/** Opens a history stream, saying which run lacks which history when it is not there. */
async function open(bus: Bus, streamName: string, what: string): Promise<StreamStore> {
  try {
    return await bus.openStream(streamName);
  } catch (err) {
    if ((err as { code?: unknown }).code !== ErrorCodes.unknownStream) throw err;
    throw new OrbitwinError(ErrorCodes.unknownStream, `there is no ${what} (stream ${streamName}): check the run id; a run keeps sampled telemetry only with history.sampleEveryTicks above 0`, { cause: err });
  }
}

async function load<T extends { simTimeMs: number }>(bus: Bus, streamName: string, what: string, descriptor: MessageDescriptor<T>, window: Window, options: LoadOptions<T>, check?: (record: T) => void): Promise<Loaded<T>> {
  const store = await open(bus, streamName, what);
  const timeOf = simTimeOf(descriptor);
  const needLatest = window.from?.kind === "ago" || window.to?.kind === "ago";
  const latest = needLatest ? ((await latestSimTime(store, timeOf)) ?? 0) : 0;
  const range = await seqRange(store);
  const fromSeq = window.from ? await seqAtSimTime(store, resolveTimeRef(window.from, latest), timeOf) : range.first;
  // Records up to and including `to`: the first one after it is where the window ends.
  const toSeq = window.to ? (await seqAtSimTime(store, resolveTimeRef(window.to, latest) + 1e-3, timeOf)) - 1 : range.last;
  const total = Math.max(0, toSeq - fromSeq + 1);
  const out: Loaded<T> = { records: [], skipped: 0, firstProblem: undefined };
  let done = 0;
  for await (const r of readRecords(store, fromSeq, toSeq)) {
    try {
      const record = decodeAs(descriptor, r.subject, r.data);
      check?.(record);
      if (!options.keep || options.keep(record)) out.records.push(record);
    } catch (err) {
      out.skipped++;
      out.firstProblem ??= `record ${r.seq} on ${r.subject}: ${err instanceof Error ? err.message : String(err)}`;
    }
    options.onProgress?.(++done, total);
  }
  return out;
}

export const loadFleet = (bus: Bus, run: string, window: Window, options: LoadOptions<FleetTelemetry> = {}): Promise<Loaded<FleetTelemetry>> => load(bus, streams.fleet(run), `fleet history of run ${run}`, fleetTelemetry, window, options);
export const loadEvents = (bus: Bus, run: string, window: Window, options: LoadOptions<OrbitwinEvent> = {}): Promise<Loaded<OrbitwinEvent>> => load(bus, streams.events(run), `event history of run ${run}`, orbitwinEvent, window, options);
export const loadSamples = (bus: Bus, run: string, window: Window, options: LoadOptions<ClusterTelemetry> = {}): Promise<Loaded<ClusterTelemetry>> => load(bus, streams.samples(run), `sampled cluster telemetry of run ${run}`, clusterTelemetry, window, options, checkColumns);
