/**
 * The study report: one self-contained HTML page (no script, nothing fetched), like `orbitwin
 * report`: the study's settings and assumed figures, each metric against each varied parameter
 * with the replicates as bands, the trade-off fronts, the least values meeting the limits, and
 * the table of every variant with its digest (so any one can be rerun and checked).
 */
import type { StudyVariantResult } from "@orbitwin/protocol";
import { formatDuration } from "../format.js";
import { DEFAULT_ECONOMICS } from "./economics-assumptions.js";
import { METRICS, isMetricName } from "./metrics.js";
import { bandChart, escapeHtml, shortNumber, tradeOffChart } from "./study-chart.js";
import type { Study } from "./study-file.js";
import { bandSeries, configurations, leastValueMeetingLimits, tradeOffPairs, tradeOffPoints } from "./study-summary.js";
import { variedPaths } from "./study-table.js";

const describe = (metric: string) => (isMetricName(metric) ? METRICS[metric].description : metric);

function cell(v: number | string | boolean | null | undefined): string {
  if (typeof v === "number") return shortNumber(v);
  return escapeHtml(v === undefined || v === null ? "" : String(v));
}

export function renderStudyReport(study: Study, results: readonly StudyVariantResult[]): string {
  const configs = configurations(study, results);
  const paths = variedPaths(study);
  const failed = results.filter((r) => r.error !== undefined);
  const sections: string[] = [];
  for (const path of paths) {
    const charts = study.metrics
      .map((m) => bandChart({ title: describe(m), xLabel: path, yLabel: m, series: bandSeries(study, configs, m, path) }))
      .filter((svg) => svg !== "");
    sections.push(
      `<h2>Against ${escapeHtml(path)}</h2><p>Lines join the mean over the seeds; the band spans their minimum and maximum.</p><div class="charts">${charts.join("")}</div>`,
    );
    const least = leastValueMeetingLimits(study, configs, path);
    if (least.length > 0) {
      const limits = [...study.limits]
        .map(([m, l]) => `${m}${l.below !== undefined ? ` &lt; ${l.below}` : ""}${l.above !== undefined ? ` &gt; ${l.above}` : ""}`)
        .join(" and ");
      sections.push(
        `<p>Least ${escapeHtml(path)} at which every seed keeps ${limits}:</p><ul>${least
          .map((l) => `<li>${escapeHtml(l.others || "all")}: <b>${l.value === undefined ? "none of the values tried" : cell(l.value)}</b></li>`)
          .join("")}</ul>`,
      );
    }
  }
  const pairs = tradeOffPairs(study, configs);
  if (pairs.length > 0)
    sections.push(
      `<h2>Trade-offs</h2><p>Each point is one configuration (mean over the seeds); filled points are on the front: no other configuration is as good in both metrics and better in one.</p><div class="charts">${pairs
        .map(([a, b]) => tradeOffChart({ title: `${a} against ${b}`, xLabel: a, yLabel: b, points: tradeOffPoints(configs, a, b) }))
        .join("")}</div>`,
    );
  const economicsRows = Object.entries(study.economics)
    .map(
      ([k, v]) =>
        `<tr><td>${escapeHtml(k)}</td><td>${cell(v)}</td><td>${v === DEFAULT_ECONOMICS[k as keyof typeof DEFAULT_ECONOMICS] ? "default" : "set by the study"}</td></tr>`,
    )
    .join("");
  const derived = results.filter((r) => r.derivedFrom !== undefined).length;
  const header = ["variant", ...paths, "seed", ...study.metrics, "digest", "run of"];
  const rows = results.map(
    (r) =>
      `<tr>${[r.variantId, ...paths.map((p) => r.values[p]), r.seed, ...study.metrics.map((m) => r.metrics[m]), r.error ? `failed: ${r.error}` : r.digest, r.derivedFrom ?? "itself"].map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>orbitwin study ${escapeHtml(study.id)}</title>
<style>body{font-family:sans-serif;margin:1.5em;max-width:1200px}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}.charts{display:flex;flex-wrap:wrap;gap:8px}code{background:#f4f4f4}</style>
</head><body>
<h1>Study ${escapeHtml(study.id)}</h1>
<p>${escapeHtml(study.description)}</p>
<p>Base scenario <code>${escapeHtml(study.baseScenarioPath)}</code>, ${results.length} variants (${configs.length} configurations × seeds ${study.seeds.join(", ")}), each a run of the twin over ${formatDuration(study.spanMs)} simulated${
    derived > 0 ? `, but ${derived} differ from another only in assumed figures: their metrics are computed from that variant's run ("run of" below)` : ""
  }.${
    study.set.size > 0
      ? ` Every variant sets ${[...study.set].map(([p, v]) => `<code>${escapeHtml(p)}: ${escapeHtml(JSON.stringify(v))}</code>`).join(", ")}.`
      : ""
  }${failed.length > 0 ? ` <b>${failed.length} variants failed</b> (see the table).` : ""}</p>
<h2>Metrics</h2><ul>${study.metrics.map((m) => `<li><b>${escapeHtml(m)}</b>: ${escapeHtml(describe(m))}</li>`).join("")}</ul>
${sections.join("\n")}
<h2>Assumed figures</h2><p>Not physics the twin steps: round public figures applied after each run (costs, the debris projection), each with its source in packages/cli/src/study/economics-assumptions.ts.</p>
<table><tr><th>figure</th><th>value</th><th></th></tr>${economicsRows}</table>
<h2>Every variant</h2><p>Equal digests mean bit-identical final states; <code>orbitwin study --resume</code> keeps these results.</p>
<table><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>${rows.join("")}</table>
</body></html>
`;
}
