/**
 * What the thermal service knows and last commanded for the satellites of one cluster, as arrays
 * by slot (the telemetry's layout), so a tick's decisions allocate nothing per satellite.
 */
import { eclipseFractionCylindrical, orbitalPeriodS } from "@orbitwin/physics";
import {
  ErrorCodes,
  Health,
  OrbitwinError,
  SatStatus,
  binToFloat32,
  binToUint16,
  binToUint8,
  telemetryColumn,
  type ClusterTelemetry,
  type SatelliteCommand,
} from "@orbitwin/protocol";
import { SuspectSensor, rebuiltJunctionK, suspectSensors, type JunctionModel } from "./sensor-check.js";
import { alarmsOf, decideSlot, type Alarm, type ControlColumns, type ResolvedThermalPolicy, type SatelliteReading } from "./thermal-policy.js";

export interface RaisedAlarm {
  sat: string;
  alarm: Alarm;
  marginK: number;
  batterySoc: number;
}

/** A satellite whose set of suspect sensors changed on this decision. */
export interface SensorChange {
  sat: string;
  /** SuspectSensor bits, now and before */
  suspect: number;
  was: number;
  junctionK: number;
  expectedJunctionK: number;
  tempComputeK: number;
  batterySoc: number;
}

export interface ClusterDecision {
  alarms: RaisedAlarm[];
  sensors: SensorChange[];
}

export interface ClusterControlSnapshot {
  cluster: string;
  /** satellites in the cluster; their ids are the definition's (checkpoints before this field repeated them as `satIds`) */
  count: number;
  arrays: Record<string, Float64Array | Uint8Array>;
  maxEclipseS: Float64Array;
  lastSimTimeMs: number;
  decidedTick: number;
  commands: SatelliteCommand[];
}

const ARRAYS = ["clock", "dutyCycle", "safeMode", "lastJunctionK", "lastSoc", "shadowS", "marginK", "batterySoc", "suspect", "lastComputeK"] as const;

export class ClusterControl implements ControlColumns {
  readonly cluster: string;
  readonly satIds: readonly string[];
  readonly clock: Float64Array;
  readonly dutyCycle: Float64Array;
  readonly safeMode: Uint8Array;
  readonly lastJunctionK: Float64Array;
  readonly lastSoc: Float64Array;
  readonly shadowS: Float64Array;
  readonly marginK: Float64Array;
  readonly batterySoc: Float64Array;
  /** SuspectSensor bits per satellite (sensor-check.ts) */
  readonly suspect: Uint8Array;
  /** the last compute-node reading not suspect, K */
  readonly lastComputeK: Float64Array;
  readonly #maxEclipseS: Float64Array;
  #lastSimTimeMs = Number.NaN;
  #decidedTick = -1;
  #commands: SatelliteCommand[] = [];
  readonly #reading: SatelliteReading = { junctionK: 0, junctionLimitK: 0, batterySoc: 0, alive: true, sunlitFraction: 1, dtS: 0, maxEclipseS: 0 };

  constructor(cluster: string, satIds: readonly string[]) {
    const n = satIds.length;
    this.cluster = cluster;
    this.satIds = satIds;
    this.clock = new Float64Array(n).fill(1);
    this.dutyCycle = new Float64Array(n).fill(1);
    this.safeMode = new Uint8Array(n);
    this.lastJunctionK = new Float64Array(n).fill(Number.NaN);
    this.lastSoc = new Float64Array(n).fill(Number.NaN);
    this.shadowS = new Float64Array(n);
    this.marginK = new Float64Array(n).fill(Infinity);
    this.batterySoc = new Float64Array(n).fill(1);
    this.suspect = new Uint8Array(n);
    this.lastComputeK = new Float64Array(n).fill(Number.NaN);
    this.#maxEclipseS = new Float64Array(n).fill(Number.NaN);
  }

  /** The control's state, sharing its arrays (a checkpoint serializes it at once; fromSnapshot copies). */
  snapshot(): ClusterControlSnapshot {
    return {
      cluster: this.cluster,
      count: this.satIds.length,
      arrays: Object.fromEntries(ARRAYS.map((k) => [k, this[k]])),
      maxEclipseS: this.#maxEclipseS,
      lastSimTimeMs: this.#lastSimTimeMs,
      decidedTick: this.#decidedTick,
      // decide() replaces the list rather than changing it
      commands: this.#commands,
    };
  }

  /** The control a snapshot describes, over the satellite ids of the cluster's definition. */
  static fromSnapshot(snap: ClusterControlSnapshot, satIds: readonly string[]): ClusterControl {
    const count = snap.count ?? (snap as { satIds?: string[] }).satIds?.length;
    if (count !== satIds.length)
      throw new OrbitwinError(ErrorCodes.corruptCheckpoint, `thermal snapshot of ${snap.cluster}: ${count} satellites, its definition has ${satIds.length}`);
    const c = new ClusterControl(snap.cluster, satIds);
    for (const k of ARRAYS) c[k].set(snap.arrays[k] ?? c[k]);
    c.#maxEclipseS.set(snap.maxEclipseS);
    c.#lastSimTimeMs = snap.lastSimTimeMs;
    c.#decidedTick = snap.decidedTick;
    c.#commands = snap.commands;
    return c;
  }

  get decidedTick(): number {
    return this.#decidedTick;
  }

  /** The commands decided on `decidedTick` (empty when nothing changed). */
  get commands(): readonly SatelliteCommand[] {
    return this.#commands;
  }

  /**
   * Decides for one tick's batch, once per tick: a rerun of the same tick keeps the first decision.
   * Returns the alarms raised and the sensors that became suspect or plausible again; nothing when
   * the batch carries no bus columns. Without a junction model (unknown bus) only the battery
   * reading is checked.
   */
  decide(policy: ResolvedThermalPolicy, t: ClusterTelemetry, model?: JunctionModel): ClusterDecision {
    if (t.tick <= this.#decidedTick) return { alarms: [], sensors: [] };
    const alarms: RaisedAlarm[] = [];
    const sensors: SensorChange[] = [];
    const commands: SatelliteCommand[] = [];
    const dtS = Number.isNaN(this.#lastSimTimeMs) ? 0 : (t.simTimeMs - this.#lastSimTimeMs) / 1000;
    if (t.health && t.junctionK && t.junctionLimitK && t.batterySoc) {
      const health = binToUint8(t.health, t.count, "health");
      const status = binToUint8(t.status, t.count, "status");
      const junction = binToFloat32(t.junctionK, t.count, "junctionK");
      const limit = binToFloat32(t.junctionLimitK, t.count, "junctionLimitK");
      const soc = binToFloat32(t.batterySoc, t.count, "batterySoc");
      const sunlit = telemetryColumn(t, "sunlitFraction")!;
      const alt = telemetryColumn(t, "altKm")!;
      const nan = () => new Float32Array(t.count).fill(Number.NaN);
      const compute = t.tempComputeK ? binToFloat32(t.tempComputeK, t.count, "tempComputeK") : nan();
      const consumed = t.consumedW ? binToFloat32(t.consumedW, t.count, "consumedW") : nan();
      const active = t.acceleratorsActive ? binToUint16(t.acceleratorsActive, t.count, "acceleratorsActive") : new Uint16Array(t.count);
      const r = this.#reading;
      r.dtS = dtS;
      const maxEclipseS = this.#maxEclipseS;
      const { suspect: suspects, lastComputeK, clock, safeMode, dutyCycle, marginK, batterySoc } = this;
      // Read once: the loop below runs for every satellite of the fleet each tick.
      const dead = Health.dead;
      const ok = SatStatus.ok;
      const { junction: junctionSuspect, compute: computeSuspect, battery: batterySuspect } = SuspectSensor;
      const count = t.count;
      for (let i = 0; i < count; i++) {
        if (Number.isNaN(maxEclipseS[i]!)) {
          const altKm = alt[i]!;
          maxEclipseS[i] = Number.isFinite(altKm) && altKm > 100 ? eclipseFractionCylindrical(altKm, 0) * orbitalPeriodS(altKm) : 0;
        }
        // Dead, destroyed, or silent (comms blackout): nothing to read, nothing that would arrive.
        const alive = health[i] !== dead && status[i] === ok;
        let suspect = suspects[i]!;
        let junctionK = junction[i]!;
        if (alive) {
          const was = suspect;
          const computeK = compute[i]!;
          suspect = suspectSensors(model, junctionK, computeK, consumed[i]!, active[i]!, soc[i]!, was, lastComputeK[i]!);
          const rebuiltK = suspect & junctionSuspect || suspect !== was ? rebuiltJunctionK(model, junctionK, computeK, consumed[i]!, active[i]!) : Number.NaN;
          if (suspect !== was) {
            sensors.push({ sat: this.satIds[i]!, suspect, was, junctionK, expectedJunctionK: rebuiltK, tempComputeK: computeK, batterySoc: soc[i]! });
            suspects[i] = suspect;
          }
          if (!(suspect & computeSuspect) && Number.isFinite(computeK)) lastComputeK[i] = computeK;
          if (suspect & junctionSuspect) junctionK = rebuiltK;
        }
        r.alive = alive;
        r.junctionK = junctionK;
        r.junctionLimitK = limit[i]!;
        // A charge reading set aside: the controller keeps the last one it trusted.
        r.batterySoc = suspect & batterySuspect ? batterySoc[i]! : soc[i]!;
        r.sunlitFraction = sunlit[i]!;
        r.maxEclipseS = maxEclipseS[i]!;
        const clockWas = clock[i]!;
        const safeModeWas = safeMode[i]!;
        const dutyCycleWas = dutyCycle[i]!;
        const flags = decideSlot(policy, r, this, i);
        const changedClock = clock[i] !== clockWas;
        const changedSafe = safeMode[i] !== safeModeWas;
        const changedDuty = dutyCycle[i] !== dutyCycleWas;
        if (changedClock || changedSafe || changedDuty) {
          commands.push({
            sat: this.satIds[i]!,
            ...(changedClock ? { clock: clock[i]! } : {}),
            ...(changedSafe ? { safeMode: safeMode[i] === 1 } : {}),
            ...(changedDuty ? { dutyCycle: dutyCycle[i]! } : {}),
          });
        }
        marginK[i] = r.junctionLimitK - junctionK;
        batterySoc[i] = r.batterySoc;
        if (flags !== 0) for (const alarm of alarmsOf(flags)) alarms.push({ sat: this.satIds[i]!, alarm, marginK: marginK[i]!, batterySoc: r.batterySoc });
      }
    }
    this.#lastSimTimeMs = t.simTimeMs;
    this.#decidedTick = t.tick;
    this.#commands = commands;
    return { alarms, sensors };
  }
}
