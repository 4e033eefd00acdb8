/**
 * What the scheduler knows of one cluster's satellites: the readings of the latest telemetry batch
 * copied into arrays by slot (the telemetry's layout), the accelerators its jobs hold on each, and
 * the load it last commanded. Failures are the rise of `acceleratorsFailed` since the last batch.
 */
import { secondsToShadow, sunPositionKm } from "@orbitwin/physics";
import {
  ErrorCodes,
  Health,
  OrbitwinError,
  SatStatus,
  binToFloat32,
  binToUint16,
  binToUint8,
  telemetryVectors,
  type ClusterTelemetry,
} from "@orbitwin/protocol";

export interface SunAheadOptions {
  /** how far ahead to look for the shadow, s */
  horizonS: number;
  /** sampling step, s */
  stepS: number;
}

/** Every array of a view by name, for checkpoints. */
const ARRAYS = [
  "status",
  "health",
  "batterySoc",
  "clock",
  "dutyCycle",
  "consumedW",
  "marginK",
  "acceleratorsActive",
  "acceleratorsFailed",
  "failedThisTick",
  "sunAheadS",
  "used",
  "loadSent",
] as const;

/** A view's state; its satellite ids are in the cluster's definition, not here. */
export interface ClusterViewSnapshot {
  cluster: string;
  /** satellites in the cluster: what the definition's ids must number on restore */
  count: number;
  tick: number;
  hasBus: boolean;
  lastSimTimeMs: number;
  arrays: Record<string, ArrayLike<number>>;
}

export class ClusterView {
  readonly cluster: string;
  readonly satIds: readonly string[];
  readonly count: number;
  /** tick of the latest batch; -1 before the first */
  tick = -1;
  /** false when the cluster's satellites fly no bus: nothing to schedule on */
  hasBus = false;
  readonly status: Uint8Array;
  readonly health: Uint8Array;
  readonly batterySoc: Float32Array;
  readonly clock: Float32Array;
  readonly dutyCycle: Float32Array;
  readonly consumedW: Float32Array;
  readonly marginK: Float32Array;
  readonly acceleratorsActive: Uint16Array;
  readonly acceleratorsFailed: Uint16Array;
  /** accelerators that failed in the step to the latest batch */
  readonly failedThisTick: Uint16Array;
  /** seconds until the next shadow entry (0 in shadow, Infinity past the horizon); NaN when not computed */
  readonly sunAheadS: Float64Array;
  /** accelerators held by the scheduler's jobs */
  readonly used: Uint16Array;
  /** load last commanded, fraction; NaN before the first command */
  readonly loadSent: Float64Array;
  readonly #sun = new Float64Array(3);
  #lastSimTimeMs = Number.NaN;

  constructor(cluster: string, satIds: readonly string[]) {
    const n = satIds.length;
    this.cluster = cluster;
    this.satIds = satIds;
    this.count = n;
    this.status = new Uint8Array(n);
    this.health = new Uint8Array(n);
    this.batterySoc = new Float32Array(n);
    this.clock = new Float32Array(n);
    this.dutyCycle = new Float32Array(n);
    this.consumedW = new Float32Array(n);
    this.marginK = new Float32Array(n);
    this.acceleratorsActive = new Uint16Array(n);
    this.acceleratorsFailed = new Uint16Array(n);
    this.failedThisTick = new Uint16Array(n);
    this.sunAheadS = new Float64Array(n).fill(Number.NaN);
    this.used = new Uint16Array(n);
    this.loadSent = new Float64Array(n).fill(Number.NaN);
  }

  snapshot(): ClusterViewSnapshot {
    return {
      cluster: this.cluster,
      count: this.count,
      tick: this.tick,
      hasBus: this.hasBus,
      lastSimTimeMs: this.#lastSimTimeMs,
      arrays: Object.fromEntries(ARRAYS.map((k) => [k, this[k].slice()])),
    };
  }

  /** The view a snapshot describes, over the satellite ids of the cluster's definition. */
  static fromSnapshot(snap: ClusterViewSnapshot, satIds: readonly string[]): ClusterView {
    // Snapshots written before the ids were dropped still carry them: their length is the count.
    const count = snap.count ?? (snap as { satIds?: string[] }).satIds?.length;
    if (count !== satIds.length)
      throw new OrbitwinError(ErrorCodes.corruptCheckpoint, `checkpoint of cluster ${snap.cluster}: ${count} satellites, its definition has ${satIds.length}`);
    const v = new ClusterView(snap.cluster, satIds);
    for (const k of ARRAYS) {
      const saved = snap.arrays[k];
      if (!saved || saved.length !== v.count)
        throw new OrbitwinError(
          ErrorCodes.corruptCheckpoint,
          `checkpoint of cluster ${snap.cluster}: ${k} has ${saved?.length ?? 0} values, expected ${v.count}`,
        );
      v[k].set(saved);
    }
    v.tick = snap.tick;
    v.hasBus = snap.hasBus;
    v.#lastSimTimeMs = snap.lastSimTimeMs;
    return v;
  }

  /** Takes in one batch (throws ORBITWIN_INVALID_MESSAGE naming a column of the wrong length; nothing changes then). */
  ingest(t: ClusterTelemetry, sunAhead: SunAheadOptions | undefined): void {
    const n = this.count;
    if (t.count !== n) throw new OrbitwinError(ErrorCodes.invalidMessage, `count: cluster ${this.cluster} has ${n} satellites, the batch says ${t.count}`);
    const status = binToUint8(t.status, n, "status");
    if (!(
      t.health &&
      t.batterySoc &&
      t.clock &&
      t.dutyCycle &&
      t.consumedW &&
      t.junctionK &&
      t.junctionLimitK &&
      t.acceleratorsActive &&
      t.acceleratorsFailed
    )) {
      this.status.set(status);
      this.hasBus = false;
      this.tick = t.tick;
      return;
    }
    const health = binToUint8(t.health, n, "health");
    const soc = binToFloat32(t.batterySoc, n, "batterySoc");
    const clock = binToFloat32(t.clock, n, "clock");
    const duty = binToFloat32(t.dutyCycle, n, "dutyCycle");
    const consumed = binToFloat32(t.consumedW, n, "consumedW");
    const junction = binToFloat32(t.junctionK, n, "junctionK");
    const limit = binToFloat32(t.junctionLimitK, n, "junctionLimitK");
    const active = binToUint16(t.acceleratorsActive, n, "acceleratorsActive");
    const failed = binToUint16(t.acceleratorsFailed, n, "acceleratorsFailed");
    const pos = sunAhead ? telemetryVectors(t, "posKm") : undefined;
    const vel = sunAhead ? telemetryVectors(t, "velKmS") : undefined;
    const first = this.tick < 0;
    for (let i = 0; i < n; i++) {
      this.failedThisTick[i] = first ? 0 : Math.max(0, failed[i]! - this.acceleratorsFailed[i]!);
      this.marginK[i] = limit[i]! - junction[i]!;
    }
    this.status.set(status);
    this.health.set(health);
    this.batterySoc.set(soc);
    this.clock.set(clock);
    this.dutyCycle.set(duty);
    this.consumedW.set(consumed);
    this.acceleratorsActive.set(active);
    this.acceleratorsFailed.set(failed);
    if (sunAhead && pos && vel) {
      const sun = sunPositionKm(t.simTimeMs, this.#sun);
      const dtS = (t.simTimeMs - this.#lastSimTimeMs) / 1000;
      for (let i = 0; i < n; i++) {
        // What the last batch saw still holds, moved on by dt: a satellite lit to the horizon
        // then is lit to (horizon - dt) now, so only the end of the window needs sampling.
        const before = dtS > 0 ? this.sunAheadS[i]! - dtS : Number.NaN;
        const litUntilS = before > 0 ? Math.min(before, sunAhead.horizonS - dtS) : 0;
        this.sunAheadS[i] = status[i] === SatStatus.ok ? secondsToShadow(pos, vel, 3 * i, sun, sunAhead.horizonS, sunAhead.stepS, litUntilS) : 0;
      }
    }
    this.#lastSimTimeMs = t.simTimeMs;
    this.hasBus = true;
    this.tick = t.tick;
  }

  /** True when the satellite computes: orbit fine and health nominal, throttled or degraded. */
  canCompute(slot: number): boolean {
    const h = this.health[slot]!;
    return this.status[slot] === SatStatus.ok && (h === Health.nominal || h === Health.throttled || h === Health.degraded);
  }

  /** Accelerators on the satellite no job holds. */
  free(slot: number): number {
    return Math.max(0, this.acceleratorsActive[slot]! - this.used[slot]!);
  }
}
