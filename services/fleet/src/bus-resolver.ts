/** Turns a scenario's bus choice (a preset name with overrides) into the physics bus spec. */
import { busPresets, type SatelliteBusSpec } from "@orbitwin/physics";
import { ErrorCodes, OrbitwinError, type BusChoice } from "@orbitwin/protocol";

export function resolveBus(choice: BusChoice): SatelliteBusSpec {
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
