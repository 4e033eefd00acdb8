import { describe, expect, it } from "vitest";
import { chartData, chartScripts, renderChartSection, type ChartSpec } from "./uplot-chart.js";

const t0 = Date.parse("2026-05-13T00:00:00Z");
const spec: ChartSpec = {
  id: "accelerators",
  title: "Accelerators </script>",
  yUnit: "accelerators",
  timesMs: [t0, t0 + 60_000, t0 + 120_000],
  includeZero: true,
  series: [
    { name: "active", color: "#4e79a7", values: [384, 384, 380] },
    { name: "failed <b>", color: "#e15759", values: [0, null, 4], step: true },
  ],
};

/** The JSON blocks of a page, parsed. */
const blocks = (html: string) =>
  [...html.matchAll(/<script type="application\/json" class="chart-data">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as unknown);

describe("uPlot chart section", () => {
  it("carries its data as JSON the page's script reads: times in s, the y range holding every value", () => {
    const data = chartData(spec);
    expect(data.x).toEqual([t0 / 1000, t0 / 1000 + 60, t0 / 1000 + 120]);
    expect(data.yRange[0]).toBe(0);
    expect(data.yRange[1]).toBeGreaterThan(384);
    expect(data.series.map((s) => s.step)).toEqual([false, true]);
    expect(data.series[1]!.values).toEqual([0, null, 4]);
    expect(blocks(renderChartSection(spec))).toEqual([data]);
  });

  it("keeps the page whole: no text of a chart can close its script block, and titles are escaped", () => {
    const html = renderChartSection({ ...spec, series: [{ ...spec.series[0]!, name: "</script><script>alert(1)</script>" }] });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain("Accelerators &#60;/script&#62; (accelerators)");
  });

  it("shows each series' figures as a table for a reader with scripts off", () => {
    const html = renderChartSection(spec);
    expect(html).toContain("<tr><td>active</td><td>384</td><td>380</td><td>384</td><td>380</td></tr>");
    expect(html).toContain("<tr><td>failed &#60;b&#62;</td><td>0</td><td>0</td><td>4</td><td>4</td></tr>");
  });

  it("says when there is nothing to draw, and refuses an id that is not a token or series of another length", () => {
    expect(renderChartSection({ ...spec, timesMs: [], series: [] })).toContain("no data in this run");
    expect(() => chartData({ ...spec, id: "Bad id" })).toThrow(/lower-case/);
    expect(() => chartData({ ...spec, timesMs: [t0] })).toThrow(/series active has 3 values for 1 times/);
  });

  it("inlines uPlot itself: nothing to fetch", () => {
    const scripts = chartScripts();
    expect(scripts).toContain("uPlot");
    expect(scripts).not.toMatch(/<script[^>]*\bsrc=/);
  });
});
