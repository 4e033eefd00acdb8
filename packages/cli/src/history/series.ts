/**
 * Time series of one field out of history records: a fleet aggregate field, one satellite's
 * column, or a cluster's column summarised over its satellites. Pure.
 */
import type { ClusterTelemetry, FleetTelemetry } from "@orbitwin/protocol";
import { UnknownFieldError } from "../errors.js";
import { columnOf } from "./columns-of.js";

export interface SeriesPoint {
  /** ms since 1970 UTC */
  simTimeMs: number;
  tick: number;
  value: number | null;
}

export interface ClusterSeriesPoint {
  simTimeMs: number;
  tick: number;
  /** over the satellites with a finite value; null when none has one */
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** Numeric leaves of a fleet message as dotted paths: `sunlit`, `subsystems.generatedW`, `subsystems.byHealth.4`. */
export function fleetFieldNames(sample: FleetTelemetry): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === "number") out.push(path);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}.${i}`));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(sample, "");
  return out.filter((p) => p !== "v");
}

function fleetValue(f: FleetTelemetry, path: string): number | null {
  let value: unknown = f;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "number" ? value : null;
}

/** Throws naming the fields there are when `field` is not a numeric fleet field. */
export function fleetSeries(records: readonly FleetTelemetry[], field: string): SeriesPoint[] {
  if (records.length > 0) {
    const known = new Set(records.flatMap((r) => fleetFieldNames(r)));
    if (!known.has(field)) throw new UnknownFieldError(`field "${field}" is not in the fleet history: use one of ${[...known].join(", ")}`);
  }
  return records.map((f) => ({ simTimeMs: f.simTimeMs, tick: f.tick, value: fleetValue(f, field) }));
}

/** The series of the satellite in `slot` of `cluster` (its cluster definition's order). */
export function satelliteSeries(batches: readonly ClusterTelemetry[], at: { cluster: string; slot: number }, field: string): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  const { cluster, slot } = at;
  for (const b of batches) {
    if (b.cluster !== cluster || slot >= b.count) continue;
    const column = columnOf(b, field);
    const v = column?.[slot];
    out.push({ simTimeMs: b.simTimeMs, tick: b.tick, value: v === undefined || !Number.isFinite(v) ? null : v });
  }
  return out;
}

export function clusterSeries(batches: readonly ClusterTelemetry[], cluster: string, field: string): ClusterSeriesPoint[] {
  const out: ClusterSeriesPoint[] = [];
  for (const b of batches) {
    if (b.cluster !== cluster) continue;
    const column = columnOf(b, field);
    let sum = 0;
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; column && i < column.length; i++) {
      const v = column[i]!;
      if (!Number.isFinite(v)) continue;
      sum += v;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out.push({ simTimeMs: b.simTimeMs, tick: b.tick, mean: n ? sum / n : null, min: n ? min : null, max: n ? max : null });
  }
  return out;
}
