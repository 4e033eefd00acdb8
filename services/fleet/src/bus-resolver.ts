/** Turns a scenario's bus choice (a preset name with overrides) into the physics bus spec. */
import { busPresets, type SatelliteBusSpec } from "@orbitwin/physics";
import { ErrorCodes, OrbitwinError, type BusChoice } from "@orbitwin/protocol";

/** Distinct buses a process keeps resolved; a study worker runs many variants, each maybe its own. */
const RESOLVED_KEPT = 64;
const resolved = new Map<string, SatelliteBusSpec>();

/**
 * The spec of `choice`, one object for every cluster that flies the same bus (read-only: the
 * physics never writes to a spec). With a spec object of its own per cluster, a host thread in
 * some runs deoptimized the subsystem step at its first read of the spec on every call for the
 * rest of the run (1,620-2,179 deopts in a 35-tick trial, `--trace-deopt`).
 */
export function resolveBus(choice: BusChoice): SatelliteBusSpec {
  const key = JSON.stringify(choice);
  let spec = resolved.get(key);
  if (spec) return spec;
  spec = specOf(choice);
  if (resolved.size >= RESOLVED_KEPT) resolved.clear();
  resolved.set(key, spec);
  return spec;
}

function specOf(choice: BusChoice): SatelliteBusSpec {
  const preset = busPresets[choice.preset];
  if (!preset) {
    throw new OrbitwinError(ErrorCodes.invalidScenario, `bus preset "${choice.preset}" is unknown: use one of ${Object.keys(busPresets).join(", ")}`);
  }
  return {
    ...preset,
    battery: { ...preset.battery, ...(choice.batteryCapacityWh === undefined ? {} : { capacityWh: choice.batteryCapacityWh }) },
    thermal: {
      ...preset.thermal,
      ...(choice.radiatorAreaM2 === undefined ? {} : { radiatorAreaM2: choice.radiatorAreaM2 }),
      ...(choice.radiatorEmissivity === undefined ? {} : { radiatorEmissivity: choice.radiatorEmissivity }),
    },
    ...(choice.shieldingMmAl === undefined ? {} : { shieldingMmAl: choice.shieldingMmAl }),
    hardFailure: {
      ...preset.hardFailure,
      ...(choice.tidScaleRad === undefined ? {} : { tidScaleRad: choice.tidScaleRad }),
      ...(choice.fit === undefined ? {} : { fit: choice.fit }),
    },
    ...(choice.accelerators === undefined ? {} : { acceleratorsActive: choice.accelerators }),
    ...(choice.spares === undefined ? {} : { acceleratorSpares: choice.spares }),
    ...(choice.utilization === undefined ? {} : { utilization: choice.utilization }),
  };
}
