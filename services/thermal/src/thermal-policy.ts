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

export function decide(policy: ResolvedThermalPolicy, reading: SatelliteReading, current: SatelliteControl): Decision {
  const next = { ...current };
  const flags = decideInPlace(policy, reading, next);
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
 * The control law, updating `c` in place and returning the alarms it raises as AlarmFlags bits:
 * allocation-free, for the service's loop over every satellite every tick.
 */
export function decideInPlace(policy: ResolvedThermalPolicy, reading: SatelliteReading, c: SatelliteControl): number {
  const marginK = reading.junctionLimitK - reading.junctionK;
  const riseK = Number.isNaN(c.lastJunctionK) ? 0 : Math.max(0, reading.junctionK - c.lastJunctionK);
  const predictedMarginK = marginK - riseK;
  const wasOverLimit = c.lastJunctionK > reading.junctionLimitK;
  const lastSoc = c.lastSoc;
  const shadowed = inShadow(reading.sunlitFraction);
  c.shadowS = shadowed ? c.shadowS + reading.dtS : 0;
  c.lastJunctionK = reading.junctionK;
  c.lastSoc = reading.batterySoc;
  if (!reading.alive) return 0;
  let flags = 0;
  if (!c.safeMode && reading.batterySoc < policy.safeModeSoc) {
    c.safeMode = true;
    flags |= AlarmFlags.batteryLow;
  } else if (!c.safeMode && marginK < 0 && c.clock <= policy.minClock) {
    c.safeMode = true;
    flags |= AlarmFlags.thermalSafeMode;
  } else if (c.safeMode && reading.batterySoc >= policy.resumeSoc && marginK > policy.junctionMarginK + policy.hysteresisK) {
    c.safeMode = false;
    c.clock = policy.minClock;
  }
  if (!c.safeMode) {
    if (predictedMarginK < policy.junctionMarginK) {
      c.clock = Math.max(policy.minClock, roundClock(c.clock - policy.throttleStep));
    } else if (predictedMarginK > policy.junctionMarginK + policy.hysteresisK && c.clock < 1) {
      c.clock = Math.min(1, roundClock(c.clock + policy.throttleStep / 2));
    }
  }
  if (!shadowed) {
    c.dutyCycle = 1;
  } else if (!c.safeMode && reading.dtS > 0 && !Number.isNaN(lastSoc)) {
    const drainPerS = (lastSoc - reading.batterySoc) / reading.dtS;
    const remainingS = Math.max(0, reading.maxEclipseS - c.shadowS);
    const lastsS = drainPerS > 0 ? (reading.batterySoc - policy.safeModeSoc) / drainPerS : Infinity;
    if (lastsS < remainingS) {
      const cut = Math.max(policy.minDutyCycle, roundClock((c.dutyCycle * lastsS) / remainingS));
      if (cut < c.dutyCycle) {
        if (c.dutyCycle === 1) flags |= AlarmFlags.eclipsePower;
        c.dutyCycle = cut;
      }
    }
  }
  if (marginK < 0 && !wasOverLimit) flags |= AlarmFlags.junctionOverLimit;
  return flags;
}

/** Clock steps kept on a 1e-6 grid so repeated additions do not drift. */
function roundClock(c: number): number {
  return Math.round(c * 1e6) / 1e6;
}
