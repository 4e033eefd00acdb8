/**
 * What the dashboard needs from the bus, kept as the latest of each: every cluster's batch, the
 * fleet aggregate and recent events. Positions go out as one compact binary frame for the whole
 * fleet (float32 latitude and longitude, one health byte per satellite), never JSON per satellite.
 */
import { HealthNames, SatStatus, binToFloat32, binToFloat64, binToUint8, type ClusterTelemetry, type FleetTelemetry, type OrbitwinEvent } from "@orbitwin/protocol";

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

const READING_COLUMNS = ["batterySoc", "generatedW", "consumedW", "tempComputeK", "tempRadiatorK", "tempBusK", "junctionK", "junctionLimitK", "clock", "dutyCycle", "load", "doseRad"] as const;

export class FleetView {
  readonly #clusters = new Map<string, ClusterTelemetry>();
  #fleet: FleetTelemetry | undefined;
  readonly #events: OrbitwinEvent[] = [];
  #idsVersion = 0;
  #ids: string[] = [];
  #dirty = false;

  onBatch(t: ClusterTelemetry): void {
    const before = this.#clusters.get(t.cluster);
    this.#clusters.set(t.cluster, t);
    if (!before || before.count !== t.count) this.#idsVersion++;
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

  /** Satellite ids in frame order (clusters by id, then slot), and a version that changes with them. */
  ids(): { version: number; ids: string[] } {
    if (this.#ids.length === 0 || this.#idsVersionBuilt !== this.#idsVersion) {
      this.#ids = [...this.#clusters.keys()].sort().flatMap((c) => this.#clusters.get(c)!.satIds);
      this.#idsVersionBuilt = this.#idsVersion;
    }
    return { version: this.#idsVersion, ids: this.#ids };
  }

  #idsVersionBuilt = -1;

  /** The positions frame when anything changed since the last one, else undefined. */
  takeFrame(): Uint8Array | undefined {
    if (!this.#dirty) return undefined;
    this.#dirty = false;
    const clusters = [...this.#clusters.keys()].sort().map((c) => this.#clusters.get(c)!);
    const count = clusters.reduce((n, t) => n + t.count, 0);
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
      const la = binToFloat64(t.latDeg, t.count, "latDeg");
      const lo = binToFloat64(t.lonDeg, t.count, "lonDeg");
      const status = binToUint8(t.status, t.count, "status");
      const h = t.health ? binToUint8(t.health, t.count, "health") : undefined;
      for (let i = 0; i < t.count; i++, at++) {
        lat[at] = la[i]!;
        lon[at] = lo[i]!;
        health[at] = status[i] === SatStatus.destroyed ? DESTROYED : status[i] === SatStatus.noSignal ? NO_SIGNAL : (h?.[i] ?? 0);
      }
    }
    return bytes;
  }

  satellite(sat: string): SatelliteReadings | undefined {
    for (const t of this.#clusters.values()) {
      const slot = t.satIds.indexOf(sat);
      if (slot < 0) continue;
      const readings: Record<string, number> = {};
      for (const column of READING_COLUMNS) {
        const bin = t[column];
        if (bin) readings[column] = binToFloat32(bin, t.count, column)[slot]!;
      }
      const h = t.health ? binToUint8(t.health, t.count, "health")[slot] : undefined;
      return {
        sat,
        cluster: t.cluster,
        tick: t.tick,
        simTimeMs: t.simTimeMs,
        latDeg: binToFloat64(t.latDeg, t.count, "latDeg")[slot]!,
        lonDeg: binToFloat64(t.lonDeg, t.count, "lonDeg")[slot]!,
        altKm: binToFloat64(t.altKm, t.count, "altKm")[slot]!,
        sunlitFraction: binToFloat64(t.sunlitFraction, t.count, "sunlitFraction")[slot]!,
        status: binToUint8(t.status, t.count, "status")[slot]!,
        ...(h === undefined ? {} : { health: HealthNames[h] ?? String(h) }),
        readings,
      };
    }
    return undefined;
  }
}
