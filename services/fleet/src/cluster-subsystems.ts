/**
 * The subsystems of a cluster's satellites (power, thermal, compute, radiation, failures) on top
 * of their orbits, with the commands that steer them and a health state machine whose every
 * transition carries its reason. Commands decided on tick n apply from tick n + 1.
 */
import { createSatelliteState, stepSatellites, type SatelliteBusSpec, type SatelliteState } from "@orbitwin/physics";
import {
  Health,
  HealthNames,
  SatStatus,
  SensorFields,
  emptySubsystemTotals,
  float32ToBin,
  uint16ToBin,
  type HealthName,
  type SatelliteCommand,
  type SubsystemTotals,
} from "@orbitwin/protocol";
import type { StateDigest } from "@orbitwin/runtime";
import { ColumnScratch } from "./column-scratch.js";
import { StepAhead } from "./step-ahead.js";

/** What faults do to the telemetry of a cluster's satellites (ClusterFaults is one). */
export interface SignalFaults {
  /** 1 = the satellite sends nothing */
  readonly blackout: Uint8Array;
  readonly hasSensorFault: boolean;
  /** per field (SensorFields order) then slot: added to the reading */
  readonly sensorOffset: Float64Array;
}

export interface HealthChange {
  slot: number;
  from: HealthName;
  to: HealthName;
  reason: string;
}

export interface FailureReport {
  slot: number;
  failed: number;
  active: number;
  sparesLeft: number;
}

/** One tick's orbit of every slot, as the cluster actor has just computed it. */
export interface SubsystemStepInput {
  tick: number;
  /** time since the last step, s (0 on the first tick or a rerun: nothing evolves) */
  dtS: number;
  /** time since the scenario epoch, ms (array aging) */
  ageMs: number;
  seed: number;
  sunlit: Float64Array;
  latDeg: Float64Array;
  lonDeg: Float64Array;
  altKm: Float64Array;
  orbitStatus: Uint8Array;
}

export interface SubsystemStepResult {
  healthChanges: HealthChange[];
  failures: FailureReport[];
  totals: SubsystemTotals;
}

const YEAR_MS = 365.25 * 86_400_000;

const scratch = new ColumnScratch();

type SensorField = (typeof SensorFields)[number];

/** What the ground receives of a satellite: nothing in a blackout, a corrupted reading from a bad sensor. */
interface ReceivedSignal {
  readonly noSignal: Uint8Array | undefined;
  /** per field (SensorFields order) then slot */
  readonly sensorOffset: Float64Array | undefined;
}

/**
 * A float32 reading column as received, in this thread's scratch; `sensorBase` < 0 for a field no
 * sensor fault touches. A function of the module, not a closure made by each `columns` call: V8's
 * code for a closure's calls into another closure expects the one it first saw, and in some runs
 * deoptimized on every cluster's columns (396 deopts in a 35-tick trial, `--trace-deopt`).
 */
function receivedColumn(from: Float64Array, n: number, sensorBase: number, signal: ReceivedSignal): Uint8Array {
  const out = scratch.float32(n);
  for (let i = 0; i < n; i++) out[i] = from[i]!;
  const offset = signal.sensorOffset;
  if (offset && sensorBase >= 0) for (let i = 0; i < n; i++) out[i] = out[i]! + offset[sensorBase + i]!;
  const noSignal = signal.noSignal;
  if (noSignal) for (let i = 0; i < n; i++) if (noSignal[i]) out[i] = Number.NaN;
  return float32ToBin(out);
}

/**
 * The rules that set a satellite's health, in order of precedence: the first that holds wins.
 * The health is decided every tick; the reason (a string) only when the health changes.
 */
const HealthRule = {
  destroyed: 0,
  orbitFailed: 1,
  noAccelerator: 2,
  safeMode: 3,
  maneuvering: 4,
  powerShed: 5,
  degraded: 6,
  clockThrottled: 7,
  dutyThrottled: 8,
  nominal: 9,
} as const;
const HEALTH_BY_RULE: readonly number[] = [
  Health.dead,
  Health.dead,
  Health.dead,
  Health.safeMode,
  Health.maneuvering,
  Health.safeMode,
  Health.degraded,
  Health.throttled,
  Health.throttled,
  Health.nominal,
];

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
  /** the next step computed ahead (`prepare`), made at the first */
  #ahead: StepAhead | undefined;

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
    this.#ahead?.changed(slot);
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
    this.#ahead?.changed(slot);
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
    this.#ahead?.changed(slot);
    if (command.clock !== undefined) this.state.clockCommand[slot] = command.clock;
    if (command.safeMode !== undefined) this.#safeMode[slot] = command.safeMode ? 1 : 0;
    if (command.dutyCycle !== undefined) this.state.dutyCycle[slot] = command.dutyCycle;
    if (command.load !== undefined) this.state.load[slot] = command.load;
    if (command.maneuver) this.#maneuverLeftS[slot] = Math.max(this.#maneuverLeftS[slot]!, command.maneuver.interruptS);
  }

  /** A solar particle event's dose-rate multiplier on a satellite (1 when it ends). */
  setDoseFactor(slot: number, factor: number): void {
    this.#ahead?.changed(slot);
    this.state.doseFactor[slot] = factor;
  }

  /**
   * Computes the step `args` describes ahead of its tick, from the state as it is now (a host does
   * this while it waits): `step` with the same tick, length and age then takes it, stepping again
   * only the satellites whose state or orbit status changed meanwhile. `args`' orbit columns must
   * be the ones that step will get (the cluster actor drops the step ahead otherwise).
   */
  prepare(args: SubsystemStepInput): void {
    if (!(args.dtS > 0)) return;
    this.#ahead ??= new StepAhead(this.state);
    this.#ahead.compute(this.state, args, args.orbitStatus, (state, status) => this.#stepPhysics(args, state, status));
  }

  /** Forgets a step computed ahead: the orbit columns it used are not the ones of the tick. */
  discardAhead(): void {
    this.#ahead?.discard();
  }

  step(args: SubsystemStepInput): SubsystemStepResult {
    const failures: FailureReport[] = this.#faultFailures;
    this.#faultFailures = [];
    const stepped = args.dtS > 0;
    if (stepped) {
      this.#failedBefore.set(this.state.acceleratorsFailed);
      const run = (state: SatelliteState, status: Uint8Array) => this.#stepPhysics(args, state, status);
      if (!this.#ahead?.take(this.state, args, args.orbitStatus, run)) run(this.state, args.orbitStatus);
    }
    return this.#assess(args, stepped, failures);
  }

  /** The physics of step `args` on `s`, for the slots whose `orbitStatus` is ok. */
  #stepPhysics(args: SubsystemStepInput, s: SatelliteState, orbitStatus: Uint8Array): void {
    const safeMode = this.#safeMode;
    const maneuverLeftS = this.#maneuverLeftS;
    // Safe mode and maneuvers keep compute off: a zero clock draws idle power only. The
    // commanded clocks are kept aside (only when some satellite needs it) and come back after.
    let overridden = false;
    for (let i = 0; i < s.count; i++) {
      if (!(safeMode[i] || maneuverLeftS[i]! > 0)) continue;
      if (!overridden) this.#clockCommanded.set(s.clockCommand);
      overridden = true;
      s.clockCommand[i] = 0;
    }
    stepSatellites(
      this.spec,
      s,
      { sunlitFraction: args.sunlit, latDeg: args.latDeg, lonDeg: args.lonDeg, altKm: args.altKm, status: orbitStatus },
      args.dtS,
      args.ageMs / YEAR_MS,
      { seed: args.seed, tick: args.tick, firstEntity: this.#firstEntity },
    );
    if (overridden) s.clockCommand.set(this.#clockCommanded);
  }

  /**
   * After a step (`stepped`): maneuver time left and the chips that failed in it. Always:
   * junction temperatures, health (with a change for each satellite whose health moved) and totals.
   */
  #assess(args: SubsystemStepInput, stepped: boolean, failures: FailureReport[]): SubsystemStepResult {
    const s = this.state;
    const orbitStatus = args.orbitStatus;
    const failedBefore = this.#failedBefore;
    const maneuverLeftS = this.#maneuverLeftS;
    const health = this.#health;
    const junctionK = this.#junctionK;
    const busLoadW = this.spec.busLoadW;
    const junctionResistanceKPerW = this.spec.accelerator.junctionResistanceKPerW;
    const healthChanges: HealthChange[] = [];
    const totals = emptySubsystemTotals();
    const byHealth = totals.byHealth;
    // Sums in locals, in slot order as always: the same bits as adding into `totals` directly.
    let generatedW = 0;
    let consumedW = 0;
    let acceleratorsActive = 0;
    let acceleratorsFailed = 0;
    let sparesLeft = 0;
    let acceleratorHours = 0;
    let tempComputeMinK = totals.tempComputeMinK;
    let tempComputeMaxK = totals.tempComputeMaxK;
    let tempComputeSumK = 0;
    let withBus = 0;
    for (let i = 0; i < s.count; i++) {
      const active = s.acceleratorsActive[i]!;
      if (stepped) {
        if (maneuverLeftS[i]! > 0) maneuverLeftS[i] = Math.max(0, maneuverLeftS[i]! - args.dtS);
        const failed = s.acceleratorsFailed[i]! - failedBefore[i]!;
        if (failed > 0) failures.push({ slot: i, failed, active, sparesLeft: s.sparesLeft[i]! });
      }
      const perChipW = active > 0 ? (s.consumedW[i]! - busLoadW) / active : 0;
      const tempK = s.tempComputeK[i]!;
      junctionK[i] = tempK + junctionResistanceKPerW * Math.max(0, perChipW);
      const status = orbitStatus[i]!;
      const rule = this.#ruleOf(i, status);
      const next = HEALTH_BY_RULE[rule]!;
      const prev = health[i]!;
      if (next !== prev) {
        healthChanges.push({ slot: i, from: HealthNames[prev]!, to: HealthNames[next]!, reason: this.#reason(rule, i) });
        health[i] = next;
      }
      byHealth[next] = byHealth[next]! + 1;
      if (status !== 0) continue;
      generatedW += s.generatedW[i]!;
      consumedW += s.consumedW[i]!;
      acceleratorsActive += active;
      acceleratorsFailed += s.acceleratorsFailed[i]!;
      sparesLeft += s.sparesLeft[i]!;
      acceleratorHours += s.acceleratorSeconds[i]! / 3600;
      tempComputeMinK = Math.min(tempComputeMinK, tempK);
      tempComputeMaxK = Math.max(tempComputeMaxK, tempK);
      tempComputeSumK += tempK;
      withBus++;
    }
    Object.assign(totals, {
      generatedW,
      consumedW,
      acceleratorsActive,
      acceleratorsFailed,
      sparesLeft,
      acceleratorHours,
      tempComputeMinK,
      tempComputeMaxK,
      tempComputeSumK,
      withBus,
    });
    return { healthChanges, failures, totals };
  }

  /** The first rule of the health precedence that holds for a satellite (see HealthRule). */
  #ruleOf(i: number, orbitStatus: number): number {
    const s = this.state;
    if (orbitStatus === SatStatus.destroyed) return HealthRule.destroyed;
    if (orbitStatus !== 0) return HealthRule.orbitFailed;
    const active = s.acceleratorsActive[i]!;
    if (active === 0 && this.spec.acceleratorsActive > 0) return HealthRule.noAccelerator;
    if (this.#safeMode[i]) return HealthRule.safeMode;
    if (this.#maneuverLeftS[i]! > 0) return HealthRule.maneuvering;
    if (s.powerShed[i]) return HealthRule.powerShed;
    if (active < this.spec.acceleratorsActive) return HealthRule.degraded;
    if (s.clockCommand[i]! < 1) return HealthRule.clockThrottled;
    if (s.dutyCycle[i]! < 1) return HealthRule.dutyThrottled;
    return HealthRule.nominal;
  }

  /** Why a satellite is where its rule put it: the reason its health change carries. */
  #reason(rule: number, i: number): string {
    const s = this.state;
    switch (rule) {
      case HealthRule.destroyed:
        return "satellite destroyed";
      case HealthRule.orbitFailed:
        return "orbit propagation failed (decayed or invalid elements)";
      case HealthRule.noAccelerator:
        return `no working accelerator left (${s.acceleratorsFailed[i]} failed, no spares)`;
      case HealthRule.safeMode:
        return "safe mode commanded";
      case HealthRule.maneuvering:
        return `maneuvering: compute paused ${this.#maneuverLeftS[i]!.toFixed(0)} s more`;
      case HealthRule.powerShed:
        return "battery at its depth-of-discharge floor: compute shed, bus kept up";
      case HealthRule.degraded:
        return `${this.spec.acceleratorsActive - s.acceleratorsActive[i]!} accelerators lost, no spares left`;
      case HealthRule.clockThrottled:
        return `clock at ${(s.clockCommand[i]! * 100).toFixed(0)} % commanded`;
      case HealthRule.dutyThrottled:
        return `duty cycle at ${(s.dutyCycle[i]! * 100).toFixed(0)} % commanded`;
      default:
        return "all subsystems nominal";
    }
  }

  healthName(slot: number): string {
    return HealthNames[this.#health[slot]!] ?? "nominal";
  }

  junctionK(slot: number): number {
    return this.#junctionK[slot]!;
  }

  digestInto(d: StateDigest): void {
    const s = this.state;
    d.update(s.batteryWh)
      .update(s.batteryHealth)
      .update(s.tempComputeK)
      .update(s.tempRadiatorK)
      .update(s.tempBusK)
      .update(s.doseRad)
      .update(s.acceleratorsActive)
      .update(s.sparesLeft)
      .update(s.acceleratorsFailed)
      .update(s.clockCommand)
      .update(s.dutyCycle)
      .update(s.load)
      .update(s.radiatorFactor)
      .update(s.arrayFactor)
      .update(s.doseFactor)
      .update(this.#maneuverLeftS)
      .update(this.#safeMode)
      .update(this.#health);
  }

  /** Everything that evolves, for a checkpoint: restored bit for bit by `restore`. */
  snapshot(): SubsystemSnapshot {
    const state = Object.fromEntries(
      Object.entries(this.state).map(([k, v]) => [k, ArrayBuffer.isView(v) ? (v as Float64Array).slice() : v]),
    ) as unknown as SatelliteState;
    return {
      state,
      safeMode: this.#safeMode.slice(),
      health: this.#health.slice(),
      junctionK: this.#junctionK.slice(),
      maneuverLeftS: this.#maneuverLeftS.slice(),
    };
  }

  restore(snap: SubsystemSnapshot): void {
    this.#ahead?.discard();
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

  /**
   * Telemetry columns (bin) for cluster-telemetry: float32 readings, uint16 counts. The float
   * columns lie in this thread's scratch memory: encode them before any cluster asks again.
   */
  columns(faults?: SignalFaults): Record<string, Uint8Array> {
    const s = this.state;
    const n = s.count;
    scratch.begin();
    const signal: ReceivedSignal = {
      noSignal: faults?.blackout.includes(1) ? faults.blackout : undefined,
      sensorOffset: faults?.hasSensorFault ? faults.sensorOffset : undefined,
    };
    const f32 = (from: Float64Array, field?: SensorField) => receivedColumn(from, n, field === undefined ? -1 : SensorFields.indexOf(field) * n, signal);
    const soc = scratch.float64(n);
    const capacityWh = this.spec.battery.capacityWh;
    for (let i = 0; i < n; i++) soc[i] = s.batteryWh[i]! / (capacityWh * s.batteryHealth[i]! || 1);
    const clockInForce = scratch.float64(n);
    for (let i = 0; i < n; i++) clockInForce[i] = this.#safeMode[i] || this.#maneuverLeftS[i]! > 0 ? 0 : s.clockCommand[i]!;
    return {
      health: this.#health.slice(),
      batterySoc: f32(soc, "batterySoc"),
      generatedW: f32(s.generatedW),
      consumedW: f32(s.consumedW),
      tempComputeK: f32(s.tempComputeK, "tempComputeK"),
      tempRadiatorK: f32(s.tempRadiatorK, "tempRadiatorK"),
      tempBusK: f32(s.tempBusK),
      junctionK: f32(this.#junctionK, "junctionK"),
      junctionLimitK: f32(scratch.float64(n).fill(this.spec.accelerator.junctionLimitK)),
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
