/**
 * Per-satellite columns of a cluster batch by name, as the history commands print them. Pure; the
 * decoding itself is the protocol's (telemetryColumn).
 */
import { SCALAR_COLUMNS, isScalarColumn, telemetryColumn, telemetryVectors, type ClusterTelemetry } from "@orbitwin/protocol";
import { UnknownFieldError } from "../errors.js";

type Numbers = ArrayLike<number>;

/** Every per-satellite scalar column a batch may carry, in the order docs/PROTOCOL.md lists them. */
export const SATELLITE_FIELDS: readonly string[] = SCALAR_COLUMNS;

/** The column `field` of `batch`, n-long; undefined when this batch does not carry it (no bus). */
export function columnOf(batch: ClusterTelemetry, field: string): Numbers | undefined {
  if (!isScalarColumn(field)) throw new UnknownFieldError(`field "${field}" is not a satellite column: use one of ${SATELLITE_FIELDS.join(", ")}`);
  const column = telemetryColumn(batch, field);
  return column && printable(column);
}

/** The vector column `column` of `batch`, 3n-long (x, y, z per slot). */
export function vectorsOf(batch: ClusterTelemetry, column: "posKm" | "velKmS"): Numbers {
  return printable(telemetryVectors(batch, column));
}

// Float32 carries 7 significant digits; printing the float64 it widens to would invent more.
function printable(column: Numbers): Numbers {
  return column instanceof Float32Array ? Array.from(column, (v) => Number(v.toPrecision(7))) : column;
}
