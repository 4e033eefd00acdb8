/**
 * What a study's results say, before any drawing: replicates gathered per configuration, each
 * metric against each varied parameter (min, mean, max over the seeds), the metric pairs that pull
 * apart and their trade-off front, and the least value of a parameter that meets the study's limits.
 */
import type { StudyVariantResult } from "@orbitwin/protocol";
import { METRICS, isMetricName } from "./metrics.js";
import type { FieldValue, Study } from "./study-file.js";
import { variedPaths } from "./study-table.js";
import type { BandSeries, ScatterPoint } from "./study-chart.js";

/** One point of the grid or list, with its replicates (one result per seed). */
export interface Configuration {
  values: Record<string, FieldValue>;
  label: string;
  results: StudyVariantResult[];
}

export function configurations(study: Study, results: readonly StudyVariantResult[]): Configuration[] {
  const paths = variedPaths(study);
  const byKey = new Map<string, Configuration>();
  for (const r of results) {
    if (r.error !== undefined) continue;
    const key = JSON.stringify(paths.map((p) => r.values[p] ?? null));
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { values: r.values, label: paths.map((p) => `${p}=${String(r.values[p] ?? "-")}`).join(", "), results: [] }));
    c.results.push(r);
  }
  return [...byKey.values()];
}

function stats(values: readonly (number | null | undefined)[]): { min: number; mean: number; max: number } | undefined {
  const xs = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (xs.length === 0) return undefined;
  return { min: Math.min(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs) };
}

export function meanOf(c: Configuration, metric: string): number | undefined {
  return stats(c.results.map((r) => r.metrics[metric]))?.mean;
}

/** `metric` against `path`: one series per combination of the other varied parameters. */
export function bandSeries(study: Study, configs: readonly Configuration[], metric: string, path: string): BandSeries[] {
  const others = variedPaths(study).filter((p) => p !== path);
  const series = new Map<string, BandSeries & { points: BandSeries["points"][number][] }>();
  for (const c of configs) {
    const value = c.values[path];
    const s = stats(c.results.map((r) => r.metrics[metric]));
    if (value === undefined || !s) continue;
    const name = others.map((p) => `${p}=${String(c.values[p] ?? "-")}`).join(", ") || metric;
    let entry = series.get(name);
    if (!entry) series.set(name, (entry = { name, points: [] }));
    entry.points.push({ x: typeof value === "boolean" ? String(value) : value, ...s });
  }
  return [...series.values()];
}

const lowerIsBetter = (metric: string) => (isMetricName(metric) ? METRICS[metric].lowerIsBetter : true);
/** The metric turned so that more is better, for comparing directions. */
const goodness = (metric: string, v: number) => (lowerIsBetter(metric) ? -v : v);

/** Pearson correlation of two metrics' goodness over the configurations; undefined when either is flat. */
function goodnessCorrelation(configs: readonly Configuration[], a: string, b: string): number | undefined {
  const pairs = configs
    .map((c) => [meanOf(c, a), meanOf(c, b)] as const)
    .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined);
  // Fewer points than this say nothing about a direction.
  if (pairs.length < 4) return undefined;
  const xs = pairs.map(([x]) => goodness(a, x));
  const ys = pairs.map(([, y]) => goodness(b, y));
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : undefined;
}

/** The study's own trade-offs, then the metric pair that pulls apart most (one better as the other worse), if any does. */
export function tradeOffPairs(study: Study, configs: readonly Configuration[]): [string, string][] {
  const pairs: [string, string][] = [...study.tradeOffs];
  const has = (a: string, b: string) => pairs.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
  const candidates: { pair: [string, string]; r: number }[] = [];
  study.metrics.forEach((a, i) =>
    study.metrics.slice(i + 1).forEach((b) => {
      const r = goodnessCorrelation(configs, a, b);
      if (r !== undefined && r < -0.3 && !has(a, b)) candidates.push({ pair: [a, b], r });
    }),
  );
  candidates.sort((p, q) => p.r - q.r);
  return [...pairs, ...candidates.slice(0, 1).map((c) => c.pair)];
}

/** Each configuration as a point of (a, b), marked when no other is at least as good in both and better in one. */
export function tradeOffPoints(configs: readonly Configuration[], a: string, b: string): ScatterPoint[] {
  const points = configs
    .map((c) => ({ x: meanOf(c, a), y: meanOf(c, b), label: c.label }))
    .filter((p): p is { x: number; y: number; label: string } => p.x !== undefined && p.y !== undefined);
  const dominates = (p: (typeof points)[number], q: (typeof points)[number]) => {
    const [px, py, qx, qy] = [goodness(a, p.x), goodness(b, p.y), goodness(a, q.x), goodness(b, q.y)];
    return px >= qx && py >= qy && (px > qx || py > qy);
  };
  return points.map((p) => ({ ...p, front: !points.some((q) => q !== p && dominates(q, p)) }));
}

/**
 * For a numeric varied parameter: per combination of the others, the least value at which every
 * replicate meets every limit (`limits`: metric -> {below | above}), or undefined when none does.
 */
export function leastValueMeetingLimits(study: Study, configs: readonly Configuration[], path: string): { others: string; value: number | undefined }[] {
  const limits = [...study.limits];
  if (limits.length === 0 || new Set(configs.map((c) => c.values[path])).size < 2) return [];
  const others = variedPaths(study).filter((p) => p !== path);
  const groups = new Map<string, Configuration[]>();
  for (const c of configs) {
    if (typeof c.values[path] !== "number") return [];
    const key = others.map((p) => `${p}=${String(c.values[p] ?? "-")}`).join(", ");
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const meets = (c: Configuration) =>
    c.results.every((r) =>
      limits.every(([metric, limit]) => {
        const v = r.metrics[metric];
        return typeof v === "number" && (limit.below === undefined || v < limit.below) && (limit.above === undefined || v > limit.above);
      }),
    );
  return [...groups].map(([key, group]) => {
    const ok = group.filter(meets).map((c) => c.values[path] as number);
    return { others: key, value: ok.length > 0 ? Math.min(...ok) : undefined };
  });
}
