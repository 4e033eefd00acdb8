/**
 * What the dashboard needs from the bus, kept as the latest of each: every cluster's batch (its
 * sampled satellites), the fleet aggregate and recent events. Positions go out as one compact
 * binary frame (float32 latitude and longitude, one health byte per satellite), never JSON per
 * satellite; past DEFAULT_MAX_POINTS satellites an even sample of them.
 */
import {
  HealthNames,
  SatStatus,
  binToFloat32,
  binToFloat64,
  binToUint8,
  type ClusterTelemetry,
  type FleetTelemetry,
  type OrbitwinEvent,
} from "@orbitwin/protocol";

/** Health byte for satellites the ground hears nothing from (blackout) or that are gone. */
export const NO_SIGNAL = 254;
export const DESTROYED = 255;
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

const READING_COLUMNS = [
  "batterySoc",
  "generatedW",
  "consumedW",
  "tempComputeK",
  "tempRadiatorK",
  "tempBusK",
  "junctionK",
  "junctionLimitK",
  "clock",
  "dutyCycle",
  "load",
  "doseRad",
] as const;

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
  sunlitFraction: Float64Array;
  status: Uint8Array;
  health: Uint8Array | undefined;
  readings: Partial<Record<(typeof READING_COLUMNS)[number], Float32Array>>;
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
   * a tenth of that, not the whole fleet's telemetry.
   */
  onBatch(t: ClusterTelemetry): void {
    const before = this.#clusters.get(t.cluster);
    this.#satellites += t.count - (before?.count ?? 0);
    const stride = Math.max(1, Math.ceil(this.#satellites / this.#maxPoints));
    const slots = Array.from({ length: Math.ceil(t.count / stride) }, (_, k) => k * stride);
    const pick64 = (bin: Uint8Array, field: string) => {
      const all = binToFloat64(bin, t.count, field);
      return Float64Array.from(slots, (slot) => all[slot]!);
    };
    const readings: ClusterSample["readings"] = {};
    for (const column of READING_COLUMNS) {
      const bin = t[column];
      if (!bin) continue;
      const all = binToFloat32(bin, t.count, column);
      readings[column] = Float32Array.from(slots, (slot) => all[slot]!);
    }
    const status = binToUint8(t.status, t.count, "status");
    const health = t.health ? binToUint8(t.health, t.count, "health") : undefined;
    this.#clusters.set(t.cluster, {
      tick: t.tick,
      simTimeMs: t.simTimeMs,
      count: t.count,
      stride,
      ids: slots.map((slot) => t.satIds[slot]!),
      latDeg: pick64(t.latDeg, "latDeg"),
      lonDeg: pick64(t.lonDeg, "lonDeg"),
      altKm: pick64(t.altKm, "altKm"),
      sunlitFraction: pick64(t.sunlitFraction, "sunlitFraction"),
      status: Uint8Array.from(slots, (slot) => status[slot]!),
      health: health && Uint8Array.from(slots, (slot) => health[slot]!),
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

  /** The positions frame of the satellites shown when anything changed since the last one, else undefined. */
  takeFrame(): Uint8Array | undefined {
    if (!this.#dirty) return undefined;
    this.#dirty = false;
    const clusters = [...this.#clusters.keys()].sort().map((c) => this.#clusters.get(c)!);
    const count = clusters.reduce((n, t) => n + t.ids.length, 0);
    // Layout: uint32 count, uint32 ids version, float64 sim time, float32 lat[n], float32 lon[n], uint8 health[n].
    const bytes = new Uint8Array(16 + 8 * count + count);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, count, true);
    view.setUint32(4, this.#idsVersion, true);
    view.setFloat64(8, Math.max(...clusters.map((t) => t.simTimeMs)), true);
    const lat = new Float32Array(bytes.buffer, 16, count);
    const lon = new Float32Array(bytes.buffer, 16 + 4 * count, count);
    const health = bytes.subarray(16 + 8 * count);
    let at = 0;
    for (const t of clusters) {
      for (let i = 0; i < t.ids.length; i++, at++) {
        lat[at] = t.latDeg[i]!;
        lon[at] = t.lonDeg[i]!;
        health[at] = t.status[i] === SatStatus.destroyed ? DESTROYED : t.status[i] === SatStatus.noSignal ? NO_SIGNAL : (t.health?.[i] ?? 0);
      }
    }
    return bytes;
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
