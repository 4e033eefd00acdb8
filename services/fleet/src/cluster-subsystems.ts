/**
 * The subsystems of a cluster's satellites (power, thermal, compute, radiation, failures) on top
 * of their orbits, with the commands that steer them and a health state machine whose every
 * transition carries its reason. Commands decided on tick n apply from tick n + 1.
 */
import { createSatelliteState, stepSatellites, type SatelliteBusSpec, type SatelliteState } from "@orbitwin/physics";
import { Health, HealthNames, SatStatus, SensorFields, emptySubsystemTotals, float32ToBin, uint16ToBin, type SatelliteCommand, type SubsystemTotals } from "@orbitwin/protocol";
import type { StateDigest } from "@orbitwin/runtime";
import type { ClusterFaults } from "./cluster-faults.js";

export interface HealthChange {
  slot: number;
  from: string;
  to: string;
  reason: string;
}

export interface FailureReport {
  slot: number;
  failed: number;
  active: number;
  sparesLeft: number;
}

export interface SubsystemStepResult {
  healthChanges: HealthChange[];
  failures: FailureReport[];
  totals: SubsystemTotals;
}

const YEAR_MS = 365.25 * 86_400_000;

export interface SubsystemSnapshot {
  state: SatelliteState;
  safeMode: Uint8Array;
  health: Uint8Array;
  junctionK: Float64Array;
  maneuverLeftS: Float64Array;
}

export class ClusterSubsystems {
  readonly spec: SatelliteBusSpec;
  readonly state: SatelliteState;
  readonly #safeMode: Uint8Array;
  readonly #health: Uint8Array;
  readonly #junctionK: Float64Array;
  readonly #firstEntity: number;
  /** scratch, reused every tick so the step allocates nothing per satellite */
  readonly #failedBefore: Uint16Array;
  readonly #clockCommanded: Float64Array;
  /** compute paused for a maneuver for this much longer, s */
  readonly #maneuverLeftS: Float64Array;
  /** chips failed by faults since the last step, reported with its failures */
  #faultFailures: FailureReport[] = [];

  constructor(spec: SatelliteBusSpec, count: number, firstEntity: number) {
    this.spec = spec;
    this.state = createSatelliteState(spec, count);
    this.#safeMode = new Uint8Array(count);
    this.#health = new Uint8Array(count);
    this.#junctionK = new Float64Array(count).fill(this.state.tempComputeK[0] ?? 290);
    this.#firstEntity = firstEntity;
    this.#failedBefore = new Uint16Array(count);
    this.#clockCommanded = new Float64Array(count);
    this.#maneuverLeftS = new Float64Array(count);
  }

  /**
   * `count` chips of a satellite fail at once (a fault): spares take over while they last. The
   * failure is reported with the next step's failures. Returns what happened, for the event.
   */
  failAccelerators(slot: number, count: number): string {
    const s = this.state;
    const failing = Math.min(count, s.acceleratorsActive[slot]!);
    const replaced = Math.min(s.sparesLeft[slot]!, failing);
    s.sparesLeft[slot] = s.sparesLeft[slot]! - replaced;
    s.acceleratorsActive[slot] = s.acceleratorsActive[slot]! - failing + replaced;
    s.acceleratorsFailed[slot] = s.acceleratorsFailed[slot]! + failing;
    if (failing > 0) this.#faultFailures.push({ slot, failed: failing, active: s.acceleratorsActive[slot], sparesLeft: s.sparesLeft[slot] });
    return `${failing} accelerators failed, ${replaced} replaced by spares; ${s.acceleratorsActive[slot]} working`;
  }

  /** Permanent damage: a fraction of the radiator's rejection, the array's output or the battery's capacity is lost. */
  degrade(kind: "radiator-damage" | "solar-array-degradation" | "battery-cell-failure", slot: number, fraction: number): string {
    const s = this.state;
    const keep = 1 - fraction;
    if (kind === "radiator-damage") {
      s.radiatorFactor[slot] = s.radiatorFactor[slot]! * keep;
      return `radiator rejection down to ${(s.radiatorFactor[slot] * 100).toFixed(0)} %`;
    }
    if (kind === "solar-array-degradation") {
      s.arrayFactor[slot] = s.arrayFactor[slot]! * keep;
      return `solar array output down to ${(s.arrayFactor[slot] * 100).toFixed(0)} %`;
    }
    s.batteryHealth[slot] = s.batteryHealth[slot]! * keep;
    s.batteryWh[slot] = Math.min(s.batteryWh[slot]!, this.spec.battery.capacityWh * s.batteryHealth[slot]);
    return `battery capacity down to ${(s.batteryHealth[slot] * 100).toFixed(0)} %`;
  }

  /** Applies one command that has come due (the cluster actor keeps the queue and the order). */
  apply(slot: number, command: SatelliteCommand): void {
    if (command.clock !== undefined) this.state.clockCommand[slot] = command.clock;
    if (command.safeMode !== undefined) this.#safeMode[slot] = command.safeMode ? 1 : 0;
    if (command.dutyCycle !== undefined) this.state.dutyCycle[slot] = command.dutyCycle;
    if (command.load !== undefined) this.state.load[slot] = command.load;
    if (command.maneuver) this.#maneuverLeftS[slot] = Math.max(this.#maneuverLeftS[slot]!, command.maneuver.interruptS);
  }

  step(args: { tick: number; dtS: number; ageMs: number; seed: number; sunlit: Float64Array; latDeg: Float64Array; lonDeg: Float64Array; altKm: Float64Array; orbitStatus: Uint8Array }): SubsystemStepResult {
    const s = this.state;
    const spec = this.spec;
    const failures: FailureReport[] = this.#faultFailures;
    this.#faultFailures = [];
    if (args.dtS > 0) {
      const before = this.#failedBefore;
      before.set(s.acceleratorsFailed);
      // Safe mode and maneuvers keep compute off: a zero clock draws idle power only.
      const commanded = this.#clockCommanded;
      commanded.set(s.clockCommand);
      for (let i = 0; i < s.count; i++) if (this.#safeMode[i] || this.#maneuverLeftS[i]! > 0) s.clockCommand[i] = 0;
      stepSatellites(spec, s, { sunlitFraction: args.sunlit, latDeg: args.latDeg, lonDeg: args.lonDeg, altKm: args.altKm, status: args.orbitStatus }, args.dtS, args.ageMs / YEAR_MS, { seed: args.seed, tick: args.tick, firstEntity: this.#firstEntity });
      s.clockCommand.set(commanded);
      for (let i = 0; i < s.count; i++) {
        if (this.#maneuverLeftS[i]! > 0) this.#maneuverLeftS[i] = Math.max(0, this.#maneuverLeftS[i]! - args.dtS);
        const failed = s.acceleratorsFailed[i]! - before[i]!;
        if (failed > 0) failures.push({ slot: i, failed, active: s.acceleratorsActive[i]!, sparesLeft: s.sparesLeft[i]! });
      }
    }
    const healthChanges: HealthChange[] = [];
    const totals = emptySubsystemTotals();
    for (let i = 0; i < s.count; i++) {
      const active = s.acceleratorsActive[i]!;
      const perChipW = active > 0 ? (s.consumedW[i]! - spec.busLoadW) / active : 0;
      this.#junctionK[i] = s.tempComputeK[i]! + spec.accelerator.junctionResistanceKPerW * Math.max(0, perChipW);
      const [next, reason] = this.#healthOf(i, args.orbitStatus[i]!);
      const prev = this.#health[i]!;
      if (next !== prev) {
        healthChanges.push({ slot: i, from: HealthNames[prev]!, to: HealthNames[next]!, reason });
        this.#health[i] = next;
      }
      totals.byHealth[next] = (totals.byHealth[next] ?? 0) + 1;
      if (args.orbitStatus[i] !== 0) continue;
      totals.generatedW += s.generatedW[i]!;
      totals.consumedW += s.consumedW[i]!;
      totals.acceleratorsActive += active;
      totals.acceleratorsFailed += s.acceleratorsFailed[i]!;
      totals.sparesLeft += s.sparesLeft[i]!;
      totals.acceleratorHours += s.acceleratorSeconds[i]! / 3600;
      const t = s.tempComputeK[i]!;
      totals.tempComputeMinK = Math.min(totals.tempComputeMinK, t);
      totals.tempComputeMaxK = Math.max(totals.tempComputeMaxK, t);
      totals.tempComputeSumK += t;
      totals.withBus++;
    }
    return { healthChanges, failures, totals };
  }

  #healthOf(i: number, orbitStatus: number): [number, string] {
    const s = this.state;
    if (orbitStatus === SatStatus.destroyed) return [Health.dead, "satellite destroyed"];
    if (orbitStatus !== 0) return [Health.dead, "orbit propagation failed (decayed or invalid elements)"];
    if (s.acceleratorsActive[i] === 0 && this.spec.acceleratorsActive > 0) return [Health.dead, `no working accelerator left (${s.acceleratorsFailed[i]} failed, no spares)`];
    if (this.#safeMode[i]) return [Health.safeMode, "safe mode commanded"];
    if (this.#maneuverLeftS[i]! > 0) return [Health.maneuvering, `maneuvering: compute paused ${this.#maneuverLeftS[i]!.toFixed(0)} s more`];
    if (s.powerShed[i]) return [Health.safeMode, "battery at its depth-of-discharge floor: compute shed, bus kept up"];
    if (s.acceleratorsActive[i]! < this.spec.acceleratorsActive) return [Health.degraded, `${this.spec.acceleratorsActive - s.acceleratorsActive[i]!} accelerators lost, no spares left`];
    if (s.clockCommand[i]! < 1) return [Health.throttled, `clock at ${(s.clockCommand[i]! * 100).toFixed(0)} % commanded`];
    if (s.dutyCycle[i]! < 1) return [Health.throttled, `duty cycle at ${(s.dutyCycle[i]! * 100).toFixed(0)} % commanded`];
    return [Health.nominal, "all subsystems nominal"];
  }

  healthName(slot: number): string {
    return HealthNames[this.#health[slot]!] ?? "nominal";
  }

  junctionK(slot: number): number {
    return this.#junctionK[slot]!;
  }

  digestInto(d: StateDigest): void {
    const s = this.state;
    d.update(s.batteryWh).update(s.batteryHealth).update(s.tempComputeK).update(s.tempRadiatorK).update(s.tempBusK).update(s.doseRad)
      .update(s.acceleratorsActive).update(s.sparesLeft).update(s.acceleratorsFailed).update(s.clockCommand).update(s.dutyCycle).update(s.load).update(s.radiatorFactor).update(s.arrayFactor).update(s.doseFactor).update(this.#maneuverLeftS).update(this.#safeMode).update(this.#health);
  }

  /** Everything that evolves, for a checkpoint: restored bit for bit by `restore`. */
  snapshot(): SubsystemSnapshot {
    const state = Object.fromEntries(Object.entries(this.state).map(([k, v]) => [k, ArrayBuffer.isView(v) ? (v as Float64Array).slice() : v])) as unknown as SatelliteState;
    return { state, safeMode: this.#safeMode.slice(), health: this.#health.slice(), junctionK: this.#junctionK.slice(), maneuverLeftS: this.#maneuverLeftS.slice() };
  }

  restore(snap: SubsystemSnapshot): void {
    const s = this.state as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(snap.state)) {
      const target = s[key];
      if (ArrayBuffer.isView(target) && ArrayBuffer.isView(value)) (target as Float64Array).set(value as Float64Array);
    }
    this.#safeMode.set(snap.safeMode);
    this.#health.set(snap.health);
    this.#junctionK.set(snap.junctionK);
    this.#maneuverLeftS.set(snap.maneuverLeftS);
  }

  /** Telemetry columns (bin) for cluster-telemetry: float32 readings, uint16 counts. */
  columns(faults?: ClusterFaults): Record<string, Uint8Array> {
    const s = this.state;
    const n = s.count;
    const noSignal = faults?.blackout;
    const sensor = faults?.hasSensorFault ? faults.sensorOffset : undefined;
    // What the ground receives: nothing from a satellite in blackout, a corrupted reading from a bad sensor.
    const f32 = (from: ArrayLike<number>, field?: (typeof SensorFields)[number]) => {
      const out = Float32Array.from(from);
      const base = field && sensor ? SensorFields.indexOf(field) * n : -1;
      for (let i = 0; i < n; i++) {
        if (base >= 0) out[i] = out[i]! + sensor![base + i]!;
        if (noSignal?.[i]) out[i] = Number.NaN;
      }
      return float32ToBin(out);
    };
    const soc = new Float64Array(n);
    for (let i = 0; i < n; i++) soc[i] = s.batteryWh[i]! / (this.spec.battery.capacityWh * s.batteryHealth[i]! || 1);
    const clockInForce = Float64Array.from(s.clockCommand, (c, i) => (this.#safeMode[i] || this.#maneuverLeftS[i]! > 0 ? 0 : c));
    return {
      health: this.#health.slice(),
      batterySoc: f32(soc, "batterySoc"),
      generatedW: f32(s.generatedW),
      consumedW: f32(s.consumedW),
      tempComputeK: f32(s.tempComputeK, "tempComputeK"),
      tempRadiatorK: f32(s.tempRadiatorK, "tempRadiatorK"),
      tempBusK: f32(s.tempBusK),
      junctionK: f32(this.#junctionK, "junctionK"),
      junctionLimitK: f32(new Float64Array(n).fill(this.spec.accelerator.junctionLimitK)),
      clock: f32(clockInForce),
      dutyCycle: f32(s.dutyCycle),
      load: f32(s.load),
      acceleratorsActive: uint16ToBin(s.acceleratorsActive),
      acceleratorsFailed: uint16ToBin(s.acceleratorsFailed),
      sparesLeft: uint16ToBin(s.sparesLeft),
      doseRad: f32(s.doseRad),
    };
  }
}
