/**
 * Line charts as inline SVG, drawn here so a report needs no script or CDN. x is simulation
 * time; a null value breaks the line. Long series are thinned to per-pixel-column min and max,
 * so spikes survive. Pure: numbers in, markup out.
 */

export interface ChartSeries {
  name: string;
  /** CSS color */
  color: string;
  /** [simTimeMs, value] in time order */
  points: readonly (readonly [number, number | null])[];
}

export interface ChartOptions {
  title: string;
  /** unit of the y axis, shown beside the title */
  yUnit: string;
  series: readonly ChartSeries[];
  /** @default 760 */
  widthPx?: number;
  /** @default 220 */
  heightPx?: number;
}

const PAD = { left: 64, right: 12, top: 28, bottom: 34 };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(1);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : Number(v.toFixed(3)).toString();
}

function formatTime(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(5, 10) : spanMs > 3_600_000 * 6 ? `${iso.slice(8, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 19);
}

type Point = readonly [number, number | null];

/** Per pixel column, keeps the first point, the lowest, the highest and a gap, in time order. */
function thin(points: readonly Point[], x: (t: number) => number): readonly Point[] {
  if (points.length <= 2000) return points;
  const out: Point[] = [];
  for (let i = 0; i < points.length;) {
    const column = Math.round(x(points[i]![0]));
    const keep = new Set<Point>([points[i]!]);
    let lo: Point | undefined;
    let hi: Point | undefined;
    for (; i < points.length && Math.round(x(points[i]![0])) === column; i++) {
      const p = points[i]!;
      if (p[1] === null) keep.add(p);
      else {
        if (!lo || p[1] < lo[1]!) lo = p;
        if (!hi || p[1] > hi[1]!) hi = p;
      }
    }
    if (lo) keep.add(lo);
    if (hi) keep.add(hi);
    out.push(...[...keep].sort((a, b) => a[0] - b[0]));
  }
  return out;
}

export function svgLineChart(o: ChartOptions): string {
  const w = o.widthPx ?? 760;
  const h = o.heightPx ?? 220;
  const all = o.series.flatMap((s) => s.points);
  const values = all.map((p) => p[1]).filter((v): v is number => v !== null && Number.isFinite(v));
  const title = `<text x="${PAD.left}" y="18" class="t">${escapeHtml(o.title)} (${escapeHtml(o.yUnit)})</text>`;
  if (values.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${title}<text x="${w / 2}" y="${h / 2}" text-anchor="middle" class="n">no data in this run</text></svg>`;
  }
  const t0 = Math.min(...all.map((p) => p[0]));
  const t1 = Math.max(...all.map((p) => p[0]));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) [lo, hi] = [lo - (Math.abs(lo) || 1) * 0.05, hi + (Math.abs(hi) || 1) * 0.05];
  const plotW = w - PAD.left - PAD.right;
  const plotH = h - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (t1 === t0 ? plotW / 2 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => PAD.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">`, title];
  for (const v of niceTicks(lo, hi)) {
    parts.push(
      `<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="g"/><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="a">${formatValue(v)}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    parts.push(`<text x="${x(t).toFixed(1)}" y="${h - PAD.bottom + 16}" text-anchor="middle" class="a">${formatTime(t, t1 - t0)}</text>`);
  }
  parts.push(`<text x="${w - PAD.right}" y="${h - 4}" text-anchor="end" class="a">simulation time, UTC</text>`);
  o.series.forEach((s, i) => {
    let d = "";
    let pen = "M";
    for (const [t, v] of thin(s.points, x)) {
      if (v === null || !Number.isFinite(v)) {
        pen = "M";
        continue;
      }
      d += `${pen}${x(t).toFixed(1)} ${y(v).toFixed(1)}`;
      pen = "L";
    }
    parts.push(`<path d="${d}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="1.5"><title>${escapeHtml(s.name)}</title></path>`);
    parts.push(`<text x="${PAD.left + 8 + i * 150}" y="${PAD.top + 12}" fill="${escapeHtml(s.color)}" class="l">${escapeHtml(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}
