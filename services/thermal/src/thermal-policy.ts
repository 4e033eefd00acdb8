/**
 * The thermal control law, pure: from one tick's telemetry of a satellite and what was last
 * commanded, the next command. Throttle when the predicted junction margin falls below the target,
 * raise the clock again only past a hysteresis band, hold safe mode while the battery is low or
 * the junction stays over its limit at the lowest clock. Prediction: the junction's rise over the
 * last tick, carried one tick ahead (a hot spell is seen before it arrives).
 */
import type { ThermalPolicy } from "@orbitwin/protocol";

export interface ResolvedThermalPolicy {
  junctionMarginK: number;
  hysteresisK: number;
  throttleStep: number;
  minClock: number;
  safeModeSoc: number;
  resumeSoc: number;
}

export function resolveThermalPolicy(policy: ThermalPolicy = {}): Readonly<ResolvedThermalPolicy> {
  const resolved = {
    junctionMarginK: policy.junctionMarginK ?? 8,
    hysteresisK: policy.hysteresisK ?? 6,
    throttleStep: policy.throttleStep ?? 0.1,
    minClock: policy.minClock ?? 0.2,
    safeModeSoc: policy.safeModeSoc ?? 0.25,
    resumeSoc: policy.resumeSoc ?? 0.5,
  };
  if (resolved.resumeSoc <= resolved.safeModeSoc) throw new RangeError(`thermal.resumeSoc (${resolved.resumeSoc}) must be above thermal.safeModeSoc (${resolved.safeModeSoc})`);
  return Object.freeze(resolved);
}

export interface SatelliteReading {
  junctionK: number;
  junctionLimitK: number;
  batterySoc: number;
  /** false for dead satellites: nothing to command */
  alive: boolean;
}

export interface SatelliteControl {
  clock: number;
  safeMode: boolean;
  /** junction temperature at the previous decision, K (NaN before the first) */
  lastJunctionK: number;
}

export type Alarm = "junction-over-limit" | "battery-low" | "thermal-safe-mode";

export interface Decision {
  next: SatelliteControl;
  /** alarms that start with this decision */
  alarms: Alarm[];
  marginK: number;
}

export function decide(policy: ResolvedThermalPolicy, reading: SatelliteReading, current: SatelliteControl): Decision {
  const marginK = reading.junctionLimitK - reading.junctionK;
  const riseK = Number.isNaN(current.lastJunctionK) ? 0 : Math.max(0, reading.junctionK - current.lastJunctionK);
  const predictedMarginK = marginK - riseK;
  let { clock, safeMode } = current;
  const alarms: Alarm[] = [];
  if (!reading.alive) return { next: { clock, safeMode, lastJunctionK: reading.junctionK }, alarms, marginK };
  if (!safeMode && reading.batterySoc < policy.safeModeSoc) {
    safeMode = true;
    alarms.push("battery-low");
  } else if (!safeMode && marginK < 0 && clock <= policy.minClock) {
    safeMode = true;
    alarms.push("thermal-safe-mode");
  } else if (safeMode && reading.batterySoc >= policy.resumeSoc && marginK > policy.junctionMarginK + policy.hysteresisK) {
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
  if (marginK < 0 && !(current.lastJunctionK > reading.junctionLimitK)) alarms.push("junction-over-limit");
  return { next: { clock, safeMode, lastJunctionK: reading.junctionK }, alarms, marginK };
}

/** Clock steps kept on a 1e-6 grid so repeated additions do not drift. */
function roundClock(c: number): number {
  return Math.round(c * 1e6) / 1e6;
}
