/**
 * The study report's charts as inline SVG (no script, nothing fetched): a metric against a varied
 * parameter, replicates as a min-max band around the mean, and two metrics against each other
 * with their trade-off front. Pure: numbers in, markup out.
 */

export interface BandPoint {
  /** the parameter's value: numbers on a linear axis, text as evenly spaced categories */
  x: number | string;
  min: number;
  mean: number;
  max: number;
}

export interface BandSeries {
  name: string;
  points: readonly BandPoint[];
}

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
  /** on the trade-off front: drawn filled and joined */
  front: boolean;
}

const W = 520;
const H = 260;
const PAD = { left: 64, right: 16, top: 30, bottom: 42 };
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A short number for an axis or a table: 3 significant digits, exponent when large or tiny. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(3)).toLocaleString("en-US");
}

function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

interface Axis {
  at: (v: number) => number;
  ticks: number[];
  label: (v: number) => string;
}

function linearAxis(values: number[], from: number, to: number): Axis {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) [min, max] = [min - Math.abs(min || 1) * 0.1, max + Math.abs(max || 1) * 0.1];
  const pad = (max - min) * 0.05;
  [min, max] = [min - pad, max + pad];
  return { at: (v) => from + ((v - min) / (max - min)) * (to - from), ticks: ticks(min, max), label: shortNumber };
}

function frame(title: string, xLabel: string, yLabel: string, x: Axis, y: Axis, body: string, legend = ""): string {
  const gridY = y.ticks
    .map(
      (t) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y.at(t)}" y2="${y.at(t)}" stroke="#eee"/><text x="${PAD.left - 6}" y="${y.at(t) + 4}" text-anchor="end">${escapeHtml(y.label(t))}</text>`,
    )
    .join("");
  const gridX = x.ticks.map((t) => `<text x="${x.at(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${escapeHtml(x.label(t))}</text>`).join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeHtml(title)}">` +
    `<text x="${PAD.left}" y="16" font-size="13" font-weight="bold">${escapeHtml(title)}</text>${gridY}${gridX}` +
    `<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="none" stroke="#999"/>` +
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle">${escapeHtml(xLabel)}</text>` +
    `<text transform="translate(12 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(yLabel)}</text>${body}${legend}</svg>`
  );
}

/** One metric against one parameter: per series, the mean joined and the replicates' min-max as a band. */
export function bandChart(o: { title: string; xLabel: string; yLabel: string; series: readonly BandSeries[] }): string {
  const all = o.series.flatMap((s) => s.points);
  if (all.length === 0) return "";
  const categories = [...new Set(all.map((p) => p.x))];
  const numeric = categories.every((c) => typeof c === "number");
  const x: Axis = numeric
    ? linearAxis(categories, PAD.left, W - PAD.right)
    : (() => {
        const step = (W - PAD.left - PAD.right) / categories.length;
        return { at: (i: number) => PAD.left + step * (i + 0.5), ticks: categories.map((_, i) => i), label: (i: number) => String(categories[i]) };
      })();
  const xOf = (p: BandPoint) => x.at(numeric ? (p.x as number) : categories.indexOf(p.x));
  const y = linearAxis(
    all.flatMap((p) => [p.min, p.max]),
    H - PAD.bottom,
    PAD.top,
  );
  const body = o.series
    .map((s, i) => {
      const color = PALETTE[i % PALETTE.length]!;
      const pts = [...s.points].sort((a, b) => xOf(a) - xOf(b));
      const band = [...pts.map((p) => `${xOf(p)},${y.at(p.max)}`), ...[...pts].reverse().map((p) => `${xOf(p)},${y.at(p.min)}`)].join(" ");
      const line = pts.map((p) => `${xOf(p)},${y.at(p.mean)}`).join(" ");
      const dots = pts.map((p) => `<circle cx="${xOf(p)}" cy="${y.at(p.mean)}" r="3" fill="${color}"/>`).join("");
      return `<polygon points="${band}" fill="${color}" fill-opacity="0.15" stroke="none"/><polyline points="${line}" fill="none" stroke="${color}" stroke-width="1.5"/>${dots}`;
    })
    .join("");
  const legend =
    o.series.length > 1
      ? o.series
          .map(
            (s, i) =>
              `<text x="${W - PAD.right - 4}" y="${PAD.top + 14 + i * 13}" text-anchor="end" fill="${PALETTE[i % PALETTE.length]}">${escapeHtml(s.name)}</text>`,
          )
          .join("")
      : "";
  return frame(o.title, o.xLabel, o.yLabel, x, y, body, legend);
}

/** Two metrics against each other, one point per configuration; the front's points joined. */
export function tradeOffChart(o: { title: string; xLabel: string; yLabel: string; points: readonly ScatterPoint[] }): string {
  if (o.points.length === 0) return "";
  const x = linearAxis(
    o.points.map((p) => p.x),
    PAD.left,
    W - PAD.right,
  );
  const y = linearAxis(
    o.points.map((p) => p.y),
    H - PAD.bottom,
    PAD.top,
  );
  const front = o.points.filter((p) => p.front).sort((a, b) => a.x - b.x);
  const body =
    `<polyline points="${front.map((p) => `${x.at(p.x)},${y.at(p.y)}`).join(" ")}" fill="none" stroke="#d62728" stroke-width="1.5"/>` +
    o.points
      .map(
        (p) =>
          `<circle cx="${x.at(p.x)}" cy="${y.at(p.y)}" r="4" fill="${p.front ? "#d62728" : "white"}" stroke="#d62728"><title>${escapeHtml(p.label)}</title></circle>`,
      )
      .join("");
  return frame(o.title, o.xLabel, o.yLabel, x, y, body);
}
