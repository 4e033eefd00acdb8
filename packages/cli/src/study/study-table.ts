/**
 * A study's results as a table: one row per variant (its varied values, seed, every metric, the
 * run's digest), written as CSV and as JSON with the study's settings and each metric's meaning.
 */
import type { StudyVariantResult } from "@orbitwin/protocol";
import { METRICS, isMetricName } from "./metrics.js";
import type { Study } from "./study-file.js";

/** The varied paths, in the study's order. */
export function variedPaths(study: Study): string[] {
  if (study.grid) return [...study.grid.keys()];
  return [...new Set((study.list ?? []).flatMap((values) => [...values.keys()]))];
}

function csvCell(value: number | string | boolean | null | undefined): string {
  if (value === undefined || value === null) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultsCsv(study: Study, results: readonly StudyVariantResult[]): string {
  const paths = variedPaths(study);
  const header = ["variant", ...paths, "seed", ...study.metrics, "digest", "wallMs", "derivedFrom", "error"];
  const rows = results.map((r) => [
    r.variantId,
    ...paths.map((p) => r.values[p]),
    r.seed,
    ...study.metrics.map((m) => r.metrics[m]),
    r.digest,
    Math.round(r.wallMs),
    r.derivedFrom,
    r.error,
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

export function resultsJson(study: Study, results: readonly StudyVariantResult[]): object {
  return {
    study: study.id,
    description: study.description,
    base: study.baseScenarioPath,
    spanMs: study.spanMs,
    seeds: study.seeds,
    set: Object.fromEntries(study.set),
    varied: variedPaths(study),
    metrics: Object.fromEntries(study.metrics.map((m) => [m, isMetricName(m) ? METRICS[m].description : ""])),
    economics: study.economics,
    variants: results.map((r) => ({
      id: r.variantId,
      values: r.values,
      seed: r.seed,
      metrics: r.metrics,
      digest: r.digest,
      wallMs: Math.round(r.wallMs),
      ...(r.derivedFrom ? { derivedFrom: r.derivedFrom } : {}),
      ...(r.error ? { error: r.error } : {}),
    })),
  };
}
