/** Time-series charts on uPlot: x is simulation time (s since 1970), one y series per line. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface LineSpec {
  label: string;
  color: string;
}

/** A line of a chart over rows of type R: its value in each row (null: none, a gap). */
export interface LineOf<R> extends LineSpec {
  value(row: R): number | null;
}

export interface ChartOf<R> {
  title: string;
  lines: readonly LineOf<R>[];
}

export interface TimeChart {
  /** `x` in ms of simulation time; one array per line, the same length as `x`. */
  setData(xMs: readonly number[], ys: readonly (readonly (number | null)[])[]): void;
}

/** 6200000 -> "6.2M": axis labels that fit beside a narrow chart. */
function si(value: number): string {
  const abs = Math.abs(value);
  for (const [scale, suffix] of [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ] as const)
    if (abs >= scale) return `${+(value / scale).toPrecision(3)}${suffix}`;
  return `${+value.toPrecision(3)}`;
}

export function timeChart(parent: HTMLElement, title: string, lines: readonly LineSpec[], height = 110): TimeChart {
  const holder = document.createElement("div");
  holder.dataset.chart = title;
  parent.append(holder);
  const width = Math.max(200, parent.clientWidth || 360);
  const plot = new uPlot(
    {
      title,
      width,
      height,
      scales: { x: { time: true } },
      // Simulation time is UTC, like every time the twin prints.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      axes: [
        { stroke: "#8fa0c8", grid: { stroke: "#1d2544" }, ticks: { stroke: "#1d2544" } },
        { stroke: "#8fa0c8", grid: { stroke: "#1d2544" }, ticks: { stroke: "#1d2544" }, size: 56, values: (_u, splits) => splits.map(si) },
      ],
      series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5, points: { show: false } }))],
      legend: { live: false },
    },
    [[], ...lines.map(() => [])],
    holder,
  );
  return {
    setData(xMs, ys) {
      plot.setData([xMs.map((t) => t / 1000), ...ys.map((y) => [...y])] as uPlot.AlignedData);
      holder.dataset.points = String(xMs.length);
    },
  };
}

/** Several charts over the same rows, each line reading its value from every row: returns their update. */
export function timeCharts<R>(parent: HTMLElement, specs: readonly ChartOf<R>[]): (xMs: readonly number[], rows: readonly R[]) => void {
  const charts = specs.map((spec) => ({ chart: timeChart(parent, spec.title, spec.lines), lines: spec.lines }));
  return (xMs, rows) => {
    for (const { chart, lines } of charts)
      chart.setData(
        xMs,
        lines.map((line) => rows.map((row) => line.value(row))),
      );
  };
}
