/**
 * Per-satellite columns of a cluster batch by name, decoded from their little-endian bins. Pure.
 */
import { binToFloat32, binToFloat64, binToUint8, type ClusterTelemetry } from "@orbitwin/protocol";
import { UnknownFieldError } from "../errors.js";

type Numbers = ArrayLike<number>;

const FLOAT64 = ["latDeg", "lonDeg", "altKm", "sunlitFraction"] as const;
const UINT8 = ["status", "health"] as const;
const FLOAT32 = [
  "batterySoc",
  "generatedW",
  "consumedW",
  "tempComputeK",
  "tempRadiatorK",
  "tempBusK",
  "junctionK",
  "junctionLimitK",
  "clock",
  "dutyCycle",
  "load",
  "doseRad",
] as const;
const UINT16 = ["acceleratorsActive", "acceleratorsFailed", "sparesLeft"] as const;

/** Every per-satellite scalar column a batch may carry, in the order docs/PROTOCOL.md lists them. */
export const SATELLITE_FIELDS: readonly string[] = [...FLOAT64, ...UINT8, ...FLOAT32, ...UINT16];

function binToUint16(bin: Uint8Array, n: number, field: string): Uint16Array {
  if (bin.byteLength !== n * 2) throw new RangeError(`${field} has ${bin.byteLength} bytes, expected ${n * 2} (${n} uint16)`);
  return new Uint16Array(new Uint8Array(bin).buffer);
}

/** The column `field` of `batch`, n-long; undefined when this batch does not carry it (no bus). */
export function columnOf(batch: ClusterTelemetry, field: string): Numbers | undefined {
  const raw = (batch as unknown as Record<string, unknown>)[field];
  if (!SATELLITE_FIELDS.includes(field)) {
    throw new UnknownFieldError(`field "${field}" is not a satellite column: use one of ${SATELLITE_FIELDS.join(", ")}`);
  }
  if (!(raw instanceof Uint8Array)) return undefined;
  const n = batch.count;
  if ((FLOAT64 as readonly string[]).includes(field)) return binToFloat64(raw, n, field);
  if ((UINT8 as readonly string[]).includes(field)) return binToUint8(raw, n, field);
  // Float32 readings carry 7 significant digits; printing the float64 they widen to would invent more.
  if ((FLOAT32 as readonly string[]).includes(field)) return Array.from(binToFloat32(raw, n, field), (v) => Number(v.toPrecision(7)));
  return binToUint16(raw, n, field);
}
