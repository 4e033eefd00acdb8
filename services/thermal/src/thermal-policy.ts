/**
 * The thermal control law, pure: from one tick's telemetry of a satellite and what was last
 * commanded, the next command. Throttle when the predicted junction margin falls below the target,
 * raise the clock again only past a hysteresis band, hold safe mode while the battery is low or
 * the junction stays over its limit at the lowest clock. Prediction: the junction's rise over the
 * last tick, carried one tick ahead (a hot spell is seen before it arrives); and in shadow, the
 * time left to eclipse exit (the longest eclipse of the orbit minus the time already in shadow)
 * against the time the battery lasts at its present drain: when it would not last, the duty cycle
 * is cut in proportion, and it is restored at eclipse exit.
 */
import { ErrorCodes, OrbitwinError, type ThermalPolicy } from "@orbitwin/protocol";
import { inShadow } from "@orbitwin/physics";

export interface ResolvedThermalPolicy {
  junctionMarginK: number;
  hysteresisK: number;
  throttleStep: number;
  minClock: number;
  safeModeSoc: number;
  resumeSoc: number;
  minDutyCycle: number;
}

export function resolveThermalPolicy(policy: ThermalPolicy = {}): Readonly<ResolvedThermalPolicy> {
  const resolved = {
    junctionMarginK: policy.junctionMarginK ?? 8,
    hysteresisK: policy.hysteresisK ?? 6,
    throttleStep: policy.throttleStep ?? 0.1,
    minClock: policy.minClock ?? 0.2,
    safeModeSoc: policy.safeModeSoc ?? 0.25,
    resumeSoc: policy.resumeSoc ?? 0.5,
    minDutyCycle: policy.minDutyCycle ?? 0.1,
  };
  if (resolved.resumeSoc <= resolved.safeModeSoc)
    throw new OrbitwinError(
      ErrorCodes.invalidScenario,
      `thermal.resumeSoc (${resolved.resumeSoc}) must be above thermal.safeModeSoc (${resolved.safeModeSoc})`,
    );
  return Object.freeze(resolved);
}

export interface SatelliteReading {
  junctionK: number;
  junctionLimitK: number;
  batterySoc: number;
  /** false for dead satellites: nothing to command */
  alive: boolean;
  sunlitFraction: number;
  /** length of the tick, s */
  dtS: number;
  /** the orbit's longest eclipse, s */
  maxEclipseS: number;
}

export interface SatelliteControl {
  clock: number;
  safeMode: boolean;
  dutyCycle: number;
  /** junction temperature at the previous decision, K (NaN before the first) */
  lastJunctionK: number;
  /** battery state of charge at the previous decision (NaN before the first) */
  lastSoc: number;
  /** time spent in the present shadow, s */
  shadowS: number;
}

export function initialControl(): SatelliteControl {
  return { clock: 1, safeMode: false, dutyCycle: 1, lastJunctionK: Number.NaN, lastSoc: Number.NaN, shadowS: 0 };
}

export type Alarm = "junction-over-limit" | "battery-low" | "thermal-safe-mode" | "eclipse-power";

export interface Decision {
  next: SatelliteControl;
  /** alarms that start with this decision */
  alarms: Alarm[];
  marginK: number;
}

/** What the law keeps of each satellite, as columns by slot (a cluster's, in ClusterControl). */
export interface ControlColumns {
  readonly clock: Float64Array;
  /** 1 in safe mode */
  readonly safeMode: Uint8Array;
  readonly dutyCycle: Float64Array;
  readonly lastJunctionK: Float64Array;
  readonly lastSoc: Float64Array;
  readonly shadowS: Float64Array;
}

/** The law for one satellite, as plain objects. */
export function decide(policy: ResolvedThermalPolicy, reading: SatelliteReading, current: SatelliteControl): Decision {
  const c: ControlColumns = {
    clock: Float64Array.of(current.clock),
    safeMode: Uint8Array.of(current.safeMode ? 1 : 0),
    dutyCycle: Float64Array.of(current.dutyCycle),
    lastJunctionK: Float64Array.of(current.lastJunctionK),
    lastSoc: Float64Array.of(current.lastSoc),
    shadowS: Float64Array.of(current.shadowS),
  };
  const flags = decideSlot(policy, reading, c, 0);
  const next = {
    clock: c.clock[0]!,
    safeMode: c.safeMode[0] === 1,
    dutyCycle: c.dutyCycle[0]!,
    lastJunctionK: c.lastJunctionK[0]!,
    lastSoc: c.lastSoc[0]!,
    shadowS: c.shadowS[0]!,
  };
  return { next, alarms: alarmsOf(flags), marginK: reading.junctionLimitK - reading.junctionK };
}

export const AlarmFlags = { junctionOverLimit: 1, batteryLow: 2, thermalSafeMode: 4, eclipsePower: 8 } as const;

export function alarmsOf(flags: number): Alarm[] {
  const out: Alarm[] = [];
  if (flags & AlarmFlags.batteryLow) out.push("battery-low");
  if (flags & AlarmFlags.thermalSafeMode) out.push("thermal-safe-mode");
  if (flags & AlarmFlags.eclipsePower) out.push("eclipse-power");
  if (flags & AlarmFlags.junctionOverLimit) out.push("junction-over-limit");
  return out;
}

/**
 * The control law for slot `i` of `c`, updating it in place and returning the alarms it raises as
 * AlarmFlags bits: allocation-free, for the service's loop over every satellite every tick. The
 * slot is read into locals once and written back once; through an object per satellite, as it
 * was, the thermal service's decisions cost half again as much CPU.
 */
export function decideSlot(policy: ResolvedThermalPolicy, reading: SatelliteReading, c: ControlColumns, i: number): number {
  const { junctionK, junctionLimitK, batterySoc, dtS } = reading;
  const lastJunctionK = c.lastJunctionK[i]!;
  const lastSoc = c.lastSoc[i]!;
  const marginK = junctionLimitK - junctionK;
  const riseK = Number.isNaN(lastJunctionK) ? 0 : Math.max(0, junctionK - lastJunctionK);
  const predictedMarginK = marginK - riseK;
  const wasOverLimit = lastJunctionK > junctionLimitK;
  const shadowed = inShadow(reading.sunlitFraction);
  const shadowS = shadowed ? c.shadowS[i]! + dtS : 0;
  c.shadowS[i] = shadowS;
  c.lastJunctionK[i] = junctionK;
  c.lastSoc[i] = batterySoc;
  if (!reading.alive) return 0;
  let flags = 0;
  let safeMode = c.safeMode[i] === 1;
  let clock = c.clock[i]!;
  let dutyCycle = c.dutyCycle[i]!;
  if (!safeMode && batterySoc < policy.safeModeSoc) {
    safeMode = true;
    flags |= AlarmFlags.batteryLow;
  } else if (!safeMode && marginK < 0 && clock <= policy.minClock) {
    safeMode = true;
    flags |= AlarmFlags.thermalSafeMode;
  } else if (safeMode && batterySoc >= policy.resumeSoc && marginK > policy.junctionMarginK + policy.hysteresisK) {
    safeMode = false;
    clock = policy.minClock;
  }
  if (!safeMode) {
    if (predictedMarginK < policy.junctionMarginK) {
      clock = Math.max(policy.minClock, roundClock(clock - policy.throttleStep));
    } else if (predictedMarginK > policy.junctionMarginK + policy.hysteresisK && clock < 1) {
      clock = Math.min(1, roundClock(clock + policy.throttleStep / 2));
    }
  }
  if (!shadowed) {
    dutyCycle = 1;
  } else if (!safeMode && dtS > 0 && !Number.isNaN(lastSoc)) {
    const drainPerS = (lastSoc - batterySoc) / dtS;
    const remainingS = Math.max(0, reading.maxEclipseS - shadowS);
    const lastsS = drainPerS > 0 ? (batterySoc - policy.safeModeSoc) / drainPerS : Infinity;
    if (lastsS < remainingS) {
      const cut = Math.max(policy.minDutyCycle, roundClock((dutyCycle * lastsS) / remainingS));
      if (cut < dutyCycle) {
        if (dutyCycle === 1) flags |= AlarmFlags.eclipsePower;
        dutyCycle = cut;
      }
    }
  }
  if (marginK < 0 && !wasOverLimit) flags |= AlarmFlags.junctionOverLimit;
  c.safeMode[i] = safeMode ? 1 : 0;
  c.clock[i] = clock;
  c.dutyCycle[i] = dutyCycle;
  return flags;
}
/** Clock steps kept on a 1e-6 grid so repeated additions do not drift. */
function roundClock(c: number): number {
  return Math.round(c * 1e6) / 1e6;
}
