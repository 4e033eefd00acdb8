/**
 * Time-series charts for self-contained HTML pages (the run report, a study report), drawn in
 * the browser by uPlot, which the page carries inline: nothing is fetched, the file works
 * offline. Each chart is a <figure> holding its title, a plot area, its data as JSON in a
 * <script type="application/json"> block, and a table of each series' first, lowest, highest
 * and last value, which is what a reader with scripts off sees.
 *
 * Use: put `chartStyles()` in the page's <head>, one `renderChartSection(spec)` per chart in the
 * body, and `chartScripts()` once at the end of the body.
 *
 * The y range is decided here (chart-data.ts: every value inside, with headroom), not by uPlot,
 * so a test can check it without a browser. uPlot's legend is a row of its own under the plot:
 * names never overlap each other or the lines.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { keptIndices, yRangeOf, type Column } from "./chart-data.js";
import { escapeHtml, formatValue, scriptJson, table } from "./html.js";

export interface ChartSeries {
  /** legend label */
  name: string;
  /** CSS color of the line */
  color: string;
  /** one value per time of the chart; null leaves a gap */
  values: Column;
  /** draw as steps (a count that changes at events) instead of straight segments; @default false */
  step?: boolean;
}

export interface ChartSpec {
  /** element id, unique on the page: lower-case letters, digits and dashes */
  id: string;
  title: string;
  /** unit of the y axis, shown as its label and in the title, e.g. "kW" */
  yUnit: string;
  /** x: simulation time of each sample, ms since 1970 UTC, ascending */
  timesMs: readonly number[];
  series: readonly ChartSeries[];
  /** stretch the y axis to 0; @default false */
  includeZero?: boolean;
  /** the values are counts: y ticks only on whole numbers; @default false */
  integer?: boolean;
  /** @default 240 */
  heightPx?: number;
  /** longer series are thinned to about this many samples, spikes kept; @default 2000 */
  maxPoints?: number;
}

/** What the page's script reads from a chart's JSON block. */
export interface ChartData {
  id: string;
  yUnit: string;
  heightPx: number;
  /** y ticks only on whole numbers */
  integer: boolean;
  /** [min, max] of the y axis */
  yRange: [number, number];
  /** simulation time, s since 1970 UTC (uPlot's time unit) */
  x: number[];
  series: { name: string; color: string; step: boolean; values: (number | null)[] }[];
}

/** Colors told apart by most readers, including the red-green color blind (Tableau 10). */
export const CHART_COLORS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#9c755f", "#76b7b2", "#edc948", "#ff9da7", "#bab0ac"] as const;

const ID_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** Six significant digits: finer than a chart can show, and a third of the JSON. */
const compact = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toPrecision(6)));

/** The JSON a chart's script draws from: the y range, and the samples kept. Pure. */
export function chartData(spec: ChartSpec): ChartData {
  if (!ID_PATTERN.test(spec.id)) throw new RangeError(`chart id ${JSON.stringify(spec.id)} must be lower-case letters, digits and dashes`);
  for (const s of spec.series) {
    if (s.values.length !== spec.timesMs.length)
      throw new RangeError(`chart ${spec.id}: series ${s.name} has ${s.values.length} values for ${spec.timesMs.length} times`);
  }
  const columns = spec.series.map((s) => s.values);
  const kept = keptIndices(spec.timesMs.length, columns, spec.maxPoints);
  return {
    id: spec.id,
    yUnit: spec.yUnit,
    heightPx: spec.heightPx ?? 240,
    integer: spec.integer ?? false,
    yRange: yRangeOf(columns, { includeZero: spec.includeZero ?? false }),
    x: kept.map((i) => spec.timesMs[i]! / 1000),
    series: spec.series.map((s) => ({ name: s.name, color: s.color, step: s.step ?? false, values: kept.map((i) => compact(s.values[i])) })),
  };
}

function figures(spec: ChartSpec): string {
  const rows = spec.series.map((s) => {
    const finite = s.values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (finite.length === 0) return [s.name, "-", "-", "-", "-"];
    return [
      s.name,
      formatValue(finite[0]!),
      formatValue(finite.reduce((a, v) => Math.min(a, v))),
      formatValue(finite.reduce((a, v) => Math.max(a, v))),
      formatValue(finite.at(-1)!),
    ];
  });
  return table([`series (${spec.yUnit})`, "first", "lowest", "highest", "last"], rows);
}

/** A chart as a <figure>: title, plot area, data block, and its figures as a table. */
export function renderChartSection(spec: ChartSpec): string {
  const title = `<figcaption>${escapeHtml(spec.title)} (${escapeHtml(spec.yUnit)})</figcaption>`;
  if (spec.timesMs.length === 0) return `<figure class="chart">${title}<p class="n">no data in this run</p></figure>`;
  const data = chartData(spec);
  return (
    `<figure class="chart">${title}` +
    `<div class="plot" id="${data.id}"><p class="n">Scripts are off: this chart's figures are under "figures".</p></div>` +
    `<script type="application/json" class="chart-data">${scriptJson(data)}</script>` +
    `<details class="figures"><summary>figures</summary>${figures(spec)}</details></figure>`
  );
}

const require = createRequire(import.meta.url);
let uplotAssets: { js: string; css: string } | undefined;

/** uPlot's minified script and style, read once from the installed package. */
function uplot(): { js: string; css: string } {
  uplotAssets ??= {
    js: readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8"),
    css: readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
  };
  return uplotAssets;
}

/** The <style> for charts: uPlot's and the figure's. Once per page, in <head>. */
export function chartStyles(): string {
  return `<style>${uplot().css}
figure.chart{margin:1.2em 0}figure.chart figcaption{font-weight:600;margin-bottom:.3em}
figure.chart .plot .n{margin:.3em 0}details.figures summary{cursor:pointer;color:#555;font-size:12px}
.u-legend{font-size:12px}.u-legend th,.u-legend td{border:0}</style>`;
}

/**
 * Draws every chart of the page. Times are UTC on a 24-hour clock (the simulation's), the axes carry units,
 * and the fixed y range comes from the data block. Charts are kept on `window.orbitwinCharts` by
 * id, for a reader's console and for tests.
 */
const BOOT = `(function () {
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); };
  var charts = (window.orbitwinCharts = {});
  var WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2500, 5e3, 1e4, 2e4, 25e3, 5e4, 1e5, 2e5, 25e4, 5e5, 1e6, 1e7, 1e8, 1e9];
  document.querySelectorAll("script.chart-data").forEach(function (block) {
    var c = JSON.parse(block.textContent);
    var target = document.getElementById(c.id);
    target.textContent = "";
    var spanS = c.x[c.x.length - 1] - c.x[0];
    var tick = uPlot.fmtDate(spanS > 86400 ? "{MM}-{DD} {HH}:{mm}" : spanS > 600 ? "{HH}:{mm}" : "{HH}:{mm}:{ss}");
    var series = [{ label: "simulation time (UTC)", value: "{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}" }];
    c.series.forEach(function (s) {
      series.push({ label: s.name, stroke: s.color, width: 1.5, paths: s.step ? uPlot.paths.stepped({ align: 1 }) : undefined });
    });
    charts[c.id] = new uPlot(
      {
        width: Math.max(320, target.clientWidth),
        height: c.heightPx,
        tzDate: utc,
        scales: { y: { range: c.yRange } },
        axes: [
          { label: "simulation time (UTC)", values: function (u, splits) { return splits.map(function (t) { return tick(utc(t)); }); } },
          { label: c.yUnit, size: 64, incrs: c.integer ? WHOLE_STEPS : undefined }
        ],
        series: series,
      },
      [c.x].concat(c.series.map(function (s) { return s.values; })),
      target
    );
  });
})();`;

/** uPlot and the script that draws the charts. Once per page, at the end of <body>. */
export function chartScripts(): string {
  return `<script>${uplot().js}</script>\n<script>${BOOT}</script>`;
}
