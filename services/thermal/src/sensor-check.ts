/**
 * Analytic redundancy for a satellite's thermal sensors. The junction temperature is not an
 * independent quantity: it is the compute node's temperature plus the junction resistance times
 * each working accelerator's power (what the bus draws beyond its own load), the relation the
 * satellite itself follows. A junction reading that the compute reading and the power draw rule
 * out by more than the tolerance is a sensor fault, not heat. Which of the two sensors is wrong is
 * told at the onset: a node with thermal mass does not step between two readings, so when the
 * compute reading stepped by about the disagreement it is the compute sensor, and otherwise the
 * junction sensor. A battery charge outside [0, 1] is impossible, so that reading is set aside too.
 */

/** What the check needs of a bus: both from the cluster's bus preset. */
export interface JunctionModel {
  junctionResistanceKPerW: number;
  busLoadW: number;
}

/** Telemetry is float32: the rebuilt junction agrees with the reading to a few hundredths of a kelvin. */
export const JUNCTION_TOLERANCE_K = 2;
const SOC_TOLERANCE = 0.01;

/** Bits of a satellite's suspect sensors. */
export const SuspectSensor = { junction: 1, compute: 2, battery: 4 } as const;

export type SensorReading = "junctionK" | "tempComputeK" | "batterySoc";

export const suspectNames = (bits: number): SensorReading[] =>
  (
    [
      bits & SuspectSensor.junction ? "junctionK" : "",
      bits & SuspectSensor.compute ? "tempComputeK" : "",
      bits & SuspectSensor.battery ? "batterySoc" : "",
    ] as const
  ).filter((name) => name !== "");

/** The junction temperature the compute reading and the power draw imply, K. */
export function expectedJunctionK(model: JunctionModel, tempComputeK: number, consumedW: number, acceleratorsActive: number): number {
  const perChipW = acceleratorsActive > 0 ? (consumedW - model.busLoadW) / acceleratorsActive : 0;
  return tempComputeK + model.junctionResistanceKPerW * Math.max(0, perChipW);
}

/**
 * The junction temperature the other readings imply, K; NaN without a model or when one of the
 * readings it needs is missing (a satellite silent or unreadable is not judged).
 */
export function rebuiltJunctionK(
  model: JunctionModel | undefined,
  junctionK: number,
  tempComputeK: number,
  consumedW: number,
  acceleratorsActive: number,
): number {
  if (!model || !Number.isFinite(tempComputeK) || !Number.isFinite(consumedW) || !Number.isFinite(junctionK)) return Number.NaN;
  return expectedJunctionK(model, tempComputeK, consumedW, acceleratorsActive);
}

/**
 * The SuspectSensor bits of one satellite's readings. `previous` is its bits at the last decision
 * (an isolation made at the onset holds while the readings disagree), `lastComputeK` its last
 * compute reading trusted. Numbers in, a number out: the service checks every satellite every
 * tick, and V8 inlines this into its loop. When the junction sensor is suspect, control goes on
 * `rebuiltJunctionK` instead of the reading.
 */
export function suspectSensors(
  model: JunctionModel | undefined,
  junctionK: number,
  tempComputeK: number,
  consumedW: number,
  acceleratorsActive: number,
  batterySoc: number,
  previous: number,
  lastComputeK: number,
): number {
  let suspect = batterySoc >= -SOC_TOLERANCE && batterySoc <= 1 + SOC_TOLERANCE ? 0 : SuspectSensor.battery;
  const disagreementK = junctionK - rebuiltJunctionK(model, junctionK, tempComputeK, consumedW, acceleratorsActive);
  // NaN (nothing rebuilt) is never over the tolerance.
  if (Math.abs(disagreementK) > JUNCTION_TOLERANCE_K) {
    const held = previous & (SuspectSensor.junction | SuspectSensor.compute);
    const computeStepped = Number.isFinite(lastComputeK) && Math.abs(tempComputeK - lastComputeK) > Math.abs(disagreementK) / 2;
    suspect |= held !== 0 ? held : computeStepped ? SuspectSensor.compute : SuspectSensor.junction;
  }
  return suspect;
}
