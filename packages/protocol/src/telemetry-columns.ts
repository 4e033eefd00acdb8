/**
 * The per-satellite columns of a `cluster-telemetry` batch by name: which element type each is,
 * and its values decoded from the little-endian bin, one per slot. Every reader (participants, the
 * gateway, the CLI's history) decodes a column here, so the layout is said once.
 */
import { binToFloat32, binToFloat64, binToUint16, binToUint8 } from "./columns.js";
import type { ClusterTelemetry } from "./messages/telemetry.js";

/** Scalars every batch carries: float32 from layout 3, float64 before. */
export const ORBIT_COLUMNS = ["latDeg", "lonDeg", "altKm", "sunlitFraction"] as const;
/** One byte per satellite: `status` in every batch, `health` with a bus. */
export const CODE_COLUMNS = ["status", "health"] as const;
/** Float32 subsystem readings (with a bus): 7 significant digits. */
export const READING_COLUMNS = [
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
/** Uint16 counts (with a bus). */
export const COUNT_COLUMNS = ["acceleratorsActive", "acceleratorsFailed", "sparesLeft"] as const;
/** Interleaved x,y,z vectors every batch carries: float32 from layout 3, float64 before. */
export const VECTOR_COLUMNS = ["posKm", "velKmS"] as const;

export type ReadingColumn = (typeof READING_COLUMNS)[number];
export type ScalarColumn = (typeof ORBIT_COLUMNS)[number] | (typeof CODE_COLUMNS)[number] | ReadingColumn | (typeof COUNT_COLUMNS)[number];

/** Every one-value-per-satellite column a batch may carry, in the order docs/PROTOCOL.md lists them. */
export const SCALAR_COLUMNS: readonly ScalarColumn[] = [...ORBIT_COLUMNS, ...CODE_COLUMNS, ...READING_COLUMNS, ...COUNT_COLUMNS];

const scalarColumnNames: ReadonlySet<string> = new Set(SCALAR_COLUMNS);
export const isScalarColumn = (field: string): field is ScalarColumn => scalarColumnNames.has(field);

/** An orbit column as its batch's layout has it. */
export type OrbitValues = Float32Array | Float64Array;

type ColumnValues<C extends ScalarColumn> = C extends (typeof ORBIT_COLUMNS)[number]
  ? OrbitValues
  : C extends (typeof CODE_COLUMNS)[number]
    ? Uint8Array
    : C extends ReadingColumn
      ? Float32Array
      : Uint16Array;

type Kind = "orbit" | "u8" | "f32" | "u16";
const KIND: ReadonlyMap<ScalarColumn, Kind> = new Map<ScalarColumn, Kind>([
  ...ORBIT_COLUMNS.map((c) => [c, "orbit"] as const),
  ...CODE_COLUMNS.map((c) => [c, "u8"] as const),
  ...READING_COLUMNS.map((c) => [c, "f32"] as const),
  ...COUNT_COLUMNS.map((c) => [c, "u16"] as const),
]);

/**
 * The column `column` of `batch`, `count` values (views of the message's bytes where aligned);
 * undefined when the batch does not carry it (no bus). Throws naming the column when its length
 * does not fit `count`.
 */
export function telemetryColumn<C extends ScalarColumn>(batch: ClusterTelemetry, column: C): ColumnValues<C> | undefined {
  const bin = batch[column];
  if (bin === undefined) return undefined;
  const n = batch.count;
  switch (KIND.get(column)) {
    case "orbit":
      return orbitValues(batch, bin, n, column) as ColumnValues<C>;
    case "u8":
      return binToUint8(bin, n, column) as ColumnValues<C>;
    case "f32":
      return binToFloat32(bin, n, column) as ColumnValues<C>;
    default:
      return binToUint16(bin, n, column) as ColumnValues<C>;
  }
}

/** A vector column, 3 x `count` values (x,y,z per slot). */
export function telemetryVectors(batch: ClusterTelemetry, column: (typeof VECTOR_COLUMNS)[number]): OrbitValues {
  return orbitValues(batch, batch[column], 3 * batch.count, column);
}

function orbitValues(batch: ClusterTelemetry, bin: Uint8Array, n: number, column: string): OrbitValues {
  return batch.v >= 3 ? binToFloat32(bin, n, column) : binToFloat64(bin, n, column);
}

/**
 * Why a batch's columns do not fit its own `count` (the schema cannot say that), one line per
 * column; empty when every column fits.
 */
export function clusterTelemetryProblems(batch: ClusterTelemetry): string[] {
  const problems: string[] = [];
  const check = (read: () => unknown) => {
    try {
      read();
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  };
  for (const column of VECTOR_COLUMNS) check(() => telemetryVectors(batch, column));
  for (const column of SCALAR_COLUMNS) check(() => telemetryColumn(batch, column));
  if (batch.v === 1 && batch.satIds.length !== batch.count) problems.push(`satIds has ${batch.satIds.length} ids for count ${batch.count}`);
  return problems;
}
