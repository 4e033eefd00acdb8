/**
 * What the dashboard needs from the bus, kept as the latest of each: every cluster's batch (its
 * sampled satellites), the fleet aggregate and recent events. Positions go out as one compact
 * binary frame (wire.ts: float32 latitude, longitude and altitude, one byte for the field the
 * page colors by, one for sunlight), never JSON per satellite; past DEFAULT_MAX_POINTS satellites
 * an even sample of them, and the page says so.
 */
import {
  HealthNames,
  READING_COLUMNS,
  SatStatus,
  telemetryColumn,
  telemetryVectors,
  type ClusterTelemetry,
  type FleetTelemetry,
  type OrbitValues,
  type OrbitwinEvent,
  type ReadingColumn,
} from "@orbitwin/protocol";
import { DESTROYED, NO_READING, NO_SIGNAL, VALUE_STEPS, frameWriter, type ViewField } from "./wire.js";

const RECENT_EVENTS = 200;

export interface SatelliteReadings {
  sat: string;
  cluster: string;
  tick: number;
  simTimeMs: number;
  latDeg: number;
  lonDeg: number;
  altKm: number;
  sunlitFraction: number;
  status: number;
  health?: string;
  readings: Record<string, number>;
}

/** The telemetry column behind each color field (health and sunlit have their own). */
const FIELD_COLUMNS: Record<ViewField, ReadingColumn | undefined> = {
  health: undefined,
  sunlit: undefined,
  battery: "batterySoc",
  junction: "junctionK",
};
/** Fields with a fixed scale; the others scale to the fleet's current spread. */
const FIELD_RANGES: Partial<Record<ViewField, [number, number]>> = { battery: [0, 1], sunlit: [0, 1] };

/** Points the page is sent at most: past this the fleet is sampled evenly, and the page says so. */
export const DEFAULT_MAX_POINTS = 100_000;

/** What the view keeps of one cluster's latest batch: its sampled slots only. */
interface ClusterSample {
  tick: number;
  simTimeMs: number;
  /** satellites in the cluster */
  count: number;
  /** every stride-th slot, from slot 0 */
  stride: number;
  ids: string[];
  latDeg: Float64Array;
  lonDeg: Float64Array;
  altKm: Float64Array;
  /** TEME x,y,z per kept slot */
  posKm: Float64Array;
  velKmS: Float64Array;
  sunlitFraction: Float64Array;
  status: Uint8Array;
  health: Uint8Array | undefined;
  readings: Partial<Record<ReadingColumn, Float32Array>>;
}

export class FleetView {
  readonly #maxPoints: number;
  readonly #clusters = new Map<string, ClusterSample>();
  #fleet: FleetTelemetry | undefined;
  readonly #events: OrbitwinEvent[] = [];
  #idsVersion = 0;
  #ids: string[] = [];
  #dirty = false;
  #satellites = 0;

  /** `maxPoints`: satellites sent to the page at most (a million are sampled to this). */
  constructor(options: { maxPoints?: number } = {}) {
    this.#maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  }

  /**
   * Keeps every stride-th satellite of the batch, stride = ceil(satellites / maxPoints) over the
   * clusters seen so far (1 under the budget): a million satellites cost the gateway and the page
   * a tenth of that, not the whole fleet's telemetry. `satIds` are the cluster definition's (the
   * batch names its slots by their order), `t.count` of them.
   */
  onBatch(t: ClusterTelemetry, satIds: readonly string[]): void {
    if (satIds.length !== t.count) throw new RangeError(`cluster ${t.cluster}: the batch has ${t.count} satellites, its definition ${satIds.length}`);
    const before = this.#clusters.get(t.cluster);
    this.#satellites += t.count - (before?.count ?? 0);
    const stride = Math.max(1, Math.ceil(this.#satellites / this.#maxPoints));
    const slots = Array.from({ length: Math.ceil(t.count / stride) }, (_, k) => k * stride);
    const pick = <A extends Float64Array | Float32Array | Uint8Array>(all: ArrayLike<number>, make: (n: number) => A): A => {
      const out = make(slots.length);
      slots.forEach((slot, k) => (out[k] = all[slot]!));
      return out;
    };
    const pick64 = (all: OrbitValues) => pick(all, (n) => new Float64Array(n));
    const readings: ClusterSample["readings"] = {};
    for (const column of READING_COLUMNS) {
      const all = telemetryColumn(t, column);
      if (all) readings[column] = pick(all, (n) => new Float32Array(n));
    }
    const pick3 = (all: OrbitValues) => {
      const out = new Float64Array(3 * slots.length);
      slots.forEach((slot, k) => out.set(all.subarray(3 * slot, 3 * slot + 3), 3 * k));
      return out;
    };
    const health = telemetryColumn(t, "health");
    this.#clusters.set(t.cluster, {
      tick: t.tick,
      simTimeMs: t.simTimeMs,
      count: t.count,
      stride,
      ids: slots.map((slot) => satIds[slot]!),
      latDeg: pick64(telemetryColumn(t, "latDeg")!),
      lonDeg: pick64(telemetryColumn(t, "lonDeg")!),
      altKm: pick64(telemetryColumn(t, "altKm")!),
      posKm: pick3(telemetryVectors(t, "posKm")),
      velKmS: pick3(telemetryVectors(t, "velKmS")),
      sunlitFraction: pick64(telemetryColumn(t, "sunlitFraction")!),
      status: pick(telemetryColumn(t, "status")!, (n) => new Uint8Array(n)),
      health: health && pick(health, (n) => new Uint8Array(n)),
      readings,
    });
    if (!before || before.count !== t.count || before.stride !== stride) this.#idsVersion++;
    this.#dirty = true;
  }

  onFleet(f: FleetTelemetry): void {
    this.#fleet = f;
  }

  onEvent(e: OrbitwinEvent): void {
    this.#events.push(e);
    if (this.#events.length > RECENT_EVENTS) this.#events.shift();
  }

  get fleet(): FleetTelemetry | undefined {
    return this.#fleet;
  }

  get events(): readonly OrbitwinEvent[] {
    return this.#events;
  }

  /**
   * Ids of the satellites in the frame (clusters by id, then slot), a version that changes with
   * them, and how they were chosen: `total` satellites, every `stride`-th shown (1: all).
   */
  ids(): { version: number; ids: string[]; total: number; stride: number } {
    if (this.#idsVersionBuilt !== this.#idsVersion) {
      this.#ids = [...this.#clusters.keys()].sort().flatMap((c) => this.#clusters.get(c)!.ids);
      this.#idsVersionBuilt = this.#idsVersion;
    }
    return { version: this.#idsVersion, ids: this.#ids, total: this.#satellites, stride: Math.max(1, ...[...this.#clusters.values()].map((c) => c.stride)) };
  }

  #idsVersionBuilt = -1;

  /** Sim time of the newest batch, ms; 0 before any. */
  get simTimeMs(): number {
    let latest = 0;
    for (const t of this.#clusters.values()) latest = Math.max(latest, t.simTimeMs);
    return latest;
  }

  /** The median altitude of the satellites on view, km (the height the page draws Earth's shadow at); undefined before any. */
  medianAltKm(): number | undefined {
    const all: number[] = [];
    for (const t of this.#clusters.values()) for (const a of t.altKm) if (Number.isFinite(a)) all.push(a);
    if (all.length === 0) return undefined;
    all.sort((a, b) => a - b);
    return all[Math.floor(all.length / 2)];
  }

  /** True once when anything changed since the last call: the time to send a new frame. */
  takeChange(): boolean {
    const changed = this.#dirty;
    this.#dirty = false;
    if (changed) this.#generation++;
    return changed;
  }

  #generation = 0;
  readonly #frames = new Map<ViewField, { generation: number; bytes: Uint8Array }>();

  /**
   * The positions frame of the satellites on view with `field` as their value (wire.ts), built
   * once per change and field however many pages ask for it.
   */
  frame(field: ViewField, subsolar: { latDeg: number; lonDeg: number }): Uint8Array {
    const cached = this.#frames.get(field);
    if (cached?.generation === this.#generation) return cached.bytes;
    const clusters = [...this.#clusters.keys()].sort().map((c) => this.#clusters.get(c)!);
    const count = clusters.reduce((n, t) => n + t.ids.length, 0);
    const column = FIELD_COLUMNS[field];
    let fieldMin = field === "health" ? 0 : (FIELD_RANGES[field]?.[0] ?? Infinity);
    let fieldMax = field === "health" ? 0 : (FIELD_RANGES[field]?.[1] ?? -Infinity);
    if (column && !FIELD_RANGES[field]) {
      // A field without a fixed range (temperatures) is scaled to what the fleet shows now.
      for (const t of clusters)
        for (const v of t.readings[column] ?? []) {
          if (!Number.isFinite(v)) continue;
          fieldMin = Math.min(fieldMin, v);
          fieldMax = Math.max(fieldMax, v);
        }
      if (!(fieldMax >= fieldMin)) [fieldMin, fieldMax] = [0, 0];
    }
    const span = fieldMax - fieldMin || 1;
    const writer = frameWriter({
      count,
      idsVersion: this.#idsVersion,
      simTimeMs: this.simTimeMs,
      subsolarLatDeg: subsolar.latDeg,
      subsolarLonDeg: subsolar.lonDeg,
      field,
      fieldMin,
      fieldMax,
    });
    let at = 0;
    for (const t of clusters) {
      const values = column ? t.readings[column] : undefined;
      for (let i = 0; i < t.ids.length; i++, at++) {
        const status = t.status[i];
        let value: number;
        if (status === SatStatus.destroyed) value = DESTROYED;
        else if (status === SatStatus.noSignal) value = NO_SIGNAL;
        else if (field === "health") value = t.health?.[i] ?? 0;
        else if (field === "sunlit") value = Math.round(Math.min(1, Math.max(0, t.sunlitFraction[i]!)) * VALUE_STEPS);
        else {
          const v = values?.[i];
          value = v === undefined || !Number.isFinite(v) ? NO_READING : Math.round(Math.min(1, Math.max(0, (v - fieldMin) / span)) * VALUE_STEPS);
        }
        writer.put(at, t.latDeg[i]!, t.lonDeg[i]!, t.altKm[i]!, value, t.sunlitFraction[i]!);
      }
    }
    this.#frames.set(field, { generation: this.#generation, bytes: writer.bytes });
    return writer.bytes;
  }

  /** Where a shown satellite is, TEME km and km/s, for its ground track; undefined when not shown. */
  stateVector(sat: string): { simTimeMs: number; altKm: number; posKm: [number, number, number]; velKmS: [number, number, number] } | undefined {
    for (const t of this.#clusters.values()) {
      const i = t.ids.indexOf(sat);
      if (i < 0) continue;
      const p = t.posKm.subarray(3 * i, 3 * i + 3);
      const v = t.velKmS.subarray(3 * i, 3 * i + 3);
      return { simTimeMs: t.simTimeMs, altKm: t.altKm[i]!, posKm: [p[0]!, p[1]!, p[2]!], velKmS: [v[0]!, v[1]!, v[2]!] };
    }
    return undefined;
  }

  /** A shown satellite's latest readings; undefined for one not shown (sampled out) or unknown. */
  satellite(sat: string): SatelliteReadings | undefined {
    for (const [cluster, t] of this.#clusters) {
      const i = t.ids.indexOf(sat);
      if (i < 0) continue;
      const readings: Record<string, number> = {};
      for (const [column, values] of Object.entries(t.readings)) readings[column] = values[i]!;
      const h = t.health?.[i];
      return {
        sat,
        cluster,
        tick: t.tick,
        simTimeMs: t.simTimeMs,
        latDeg: t.latDeg[i]!,
        lonDeg: t.lonDeg[i]!,
        altKm: t.altKm[i]!,
        sunlitFraction: t.sunlitFraction[i]!,
        status: t.status[i]!,
        ...(h === undefined ? {} : { health: HealthNames[h] ?? String(h) }),
        readings,
      };
    }
    return undefined;
  }
}
