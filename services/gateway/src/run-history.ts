/**
 * The recent past the dashboard's panels open with, so a page opened late is not empty: the fleet
 * aggregate and the scheduler's metrics of the last ticks (read back from the run's fleet and
 * jobs streams at start, then kept live), the latest events
 * (read back from the events stream), and the readings of the satellites pages look at (tracked
 * from the first time a page asks, and the first satellite from the start, which the page shows
 * before anyone clicks).
 */
import { decodeEvent, fleetTelemetry, schedulerMetrics, streams, type FleetTelemetry, type OrbitwinEvent, type SchedulerStatus } from "@orbitwin/protocol";
import type { Bus, Logger } from "@orbitwin/runtime";
import type { SatelliteReadings } from "./fleet-view.js";

/** Ticks of fleet and scheduler history kept and sent to a page. */
export const HISTORY_TICKS = 600;
const RECENT_EVENTS = 200;
/** Satellites whose readings are kept at once; the least recently asked for goes first. */
const TRACKED_SATELLITES = 8;

export interface SatelliteSample {
  tick: number;
  simTimeMs: number;
  sunlitFraction: number;
  readings: Record<string, number>;
}

export class RunHistory {
  readonly fleet: FleetTelemetry[] = [];
  readonly jobs: SchedulerStatus[] = [];
  readonly events: OrbitwinEvent[] = [];
  readonly #satellites = new Map<string, SatelliteSample[]>();

  /** Reads the newest records of the run's fleet, jobs and events streams; a run without them starts empty. */
  async load(bus: Bus, run: string, log: Logger): Promise<void> {
    const fleet = await readNewest(bus, streams.fleet(run), HISTORY_TICKS, (d) => fleetTelemetry.decode(d), log);
    const jobs = await readNewest(bus, streams.jobs(run), HISTORY_TICKS, (d) => schedulerMetrics.decode(d), log);
    const events = await readNewest(bus, streams.events(run), RECENT_EVENTS, (d, subject) => decodeEvent(subject, d), log);
    // Live messages that came while reading are newer: keep them after the stored ones.
    this.fleet.unshift(...fleet.filter((f) => f.tick < (this.fleet[0]?.tick ?? Infinity)));
    this.jobs.unshift(...jobs.filter((j) => j.tick < (this.jobs[0]?.tick ?? Infinity)));
    trim(this.jobs, HISTORY_TICKS);
    this.events.unshift(...events.slice(0, Math.max(0, RECENT_EVENTS - this.events.length)));
    trim(this.fleet, HISTORY_TICKS);
  }

  onFleet(f: FleetTelemetry, readingsOf: (sat: string) => SatelliteReadings | undefined): void {
    this.fleet.push(f);
    trim(this.fleet, HISTORY_TICKS);
    for (const [sat, samples] of this.#satellites) {
      const r = readingsOf(sat);
      if (!r || samples.at(-1)?.tick === r.tick) continue;
      samples.push({ tick: r.tick, simTimeMs: r.simTimeMs, sunlitFraction: r.sunlitFraction, readings: r.readings });
      trim(samples, HISTORY_TICKS);
    }
  }

  onJobs(j: SchedulerStatus): void {
    this.jobs.push(j);
    trim(this.jobs, HISTORY_TICKS);
  }

  onEvent(e: OrbitwinEvent): void {
    this.events.push(e);
    trim(this.events, RECENT_EVENTS);
  }

  /** The samples kept for `sat`, tracking it from now on when it was not tracked. */
  satellite(sat: string): SatelliteSample[] {
    let samples = this.#satellites.get(sat);
    if (samples) this.#satellites.delete(sat);
    else samples = [];
    // Map order is the order of asking: the first key is the least recently asked for.
    this.#satellites.set(sat, samples);
    if (this.#satellites.size > TRACKED_SATELLITES) this.#satellites.delete(this.#satellites.keys().next().value!);
    return samples;
  }

  /** The recent events that name `sat`. */
  eventsOf(sat: string): OrbitwinEvent[] {
    const quoted = JSON.stringify(sat);
    return this.events.filter((e) => e.message.includes(sat) || JSON.stringify(e.data).includes(quoted));
  }
}

function trim<T>(list: T[], max: number): void {
  if (list.length > max) list.splice(0, list.length - max);
}

async function readNewest<T>(bus: Bus, stream: string, max: number, decode: (d: Uint8Array, subject: string) => T, log: Logger): Promise<T[]> {
  try {
    const store = await bus.openStream(stream);
    const last = await store.lastSeq();
    if (last === 0) return [];
    const out: T[] = [];
    for (const r of await store.read(Math.max(1, last - max + 1), max)) {
      try {
        out.push(decode(r.data, r.subject));
      } catch (err) {
        log.warn({ err, stream, seq: r.seq }, "skipped a stored record the dashboard cannot read");
      }
    }
    return out;
  } catch (err) {
    log.info({ err, stream }, "no stored history for the dashboard: the panels start from now");
    return [];
  }
}
