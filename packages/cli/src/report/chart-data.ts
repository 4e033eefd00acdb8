/**
 * The numbers behind a chart, decided before any drawing: the y range it shows (always holding
 * every value, with headroom, on round ticks) and which samples of a long series it keeps (per
 * bucket the first, lowest and highest of each series, so a spike survives thinning). Pure.
 */

export type Column = readonly (number | null)[];

export interface YRangeOptions {
  /** stretch the range to 0 (counts, power); @default false */
  includeZero?: boolean;
  /** room above the highest value and below the lowest, as a fraction of their span; @default 0.08 */
  headroomFraction?: number;
}

/** A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about `count` parts. */
export function niceStep(span: number, count = 5): number {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
}

/**
 * The y range [min, max] of a chart of these columns: every finite value lies inside it with
 * headroom, its ends fall on round steps, and data that never goes below zero gets no negative
 * axis. A chart with no values gets [0, 1].
 */
export function yRangeOf(columns: readonly Column[], options: YRangeOptions = {}): [min: number, max: number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const column of columns)
    for (const v of column) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (lo > hi) return [0, 1];
  if (options.includeZero) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
  if (lo === 0 && hi === 0) return [0, 1];
  // A flat line gets 5 % of its value either side, so it sits mid-chart.
  const pad = hi > lo ? (hi - lo) * (options.headroomFraction ?? 0.08) : Math.abs(hi) * 0.05;
  const bottom = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
  const top = hi + pad;
  // Ends on a tenth of the span: round, and never more than about 10 % wasted.
  const step = niceStep(top - bottom, 10);
  // Rounding to 12 digits drops float noise (0.30000000000000004) and cannot cross a value: the pad is far wider.
  return [Number((Math.floor(bottom / step) * step).toPrecision(12)), Number((Math.ceil(top / step) * step).toPrecision(12))];
}

/**
 * The indices of the samples to draw when there are more than `maxPoints`: the samples cut into
 * buckets, each keeping its first sample and, per column, its lowest and highest and a gap
 * (null), in order: at most maxPoints samples and the last one.
 */
export function keptIndices(length: number, columns: readonly Column[], maxPoints = 2000): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const perBucket = 1 + 3 * columns.length;
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket));
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * length) / buckets);
    const end = Math.floor(((b + 1) * length) / buckets);
    const keep = new Set<number>([start]);
    for (const column of columns) {
      let low = -1;
      let high = -1;
      let gap = -1;
      for (let i = start; i < end; i++) {
        const v = column[i];
        if (v === null || v === undefined || !Number.isFinite(v)) {
          if (gap < 0) gap = i;
          continue;
        }
        if (low < 0 || v < column[low]!) low = i;
        if (high < 0 || v > column[high]!) high = i;
      }
      for (const i of [low, high, gap]) if (i >= 0) keep.add(i);
    }
    out.push(...[...keep].sort((a, b) => a - b));
  }
  const last = length - 1;
  if (out.at(-1) !== last) out.push(last);
  return out;
}
