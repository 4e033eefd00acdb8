/**
 * Per-satellite columns of a cluster batch by name, as the history commands print them. Pure; the
 * decoding itself is the protocol's (telemetryColumn).
 */
import { SCALAR_COLUMNS, isScalarColumn, telemetryColumn, type ClusterTelemetry } from "@orbitwin/protocol";
import { UnknownFieldError } from "../errors.js";

type Numbers = ArrayLike<number>;

/** Every per-satellite scalar column a batch may carry, in the order docs/PROTOCOL.md lists them. */
export const SATELLITE_FIELDS: readonly string[] = SCALAR_COLUMNS;

/** The column `field` of `batch`, n-long; undefined when this batch does not carry it (no bus). */
export function columnOf(batch: ClusterTelemetry, field: string): Numbers | undefined {
  if (!isScalarColumn(field)) throw new UnknownFieldError(`field "${field}" is not a satellite column: use one of ${SATELLITE_FIELDS.join(", ")}`);
  const column = telemetryColumn(batch, field);
  // Float32 readings carry 7 significant digits; printing the float64 they widen to would invent more.
  if (column instanceof Float32Array) return Array.from(column, (v) => Number(v.toPrecision(7)));
  return column;
}
