/**
 * A study's results in words, for docs/STUDIES.md: how each metric moves along each varied
 * parameter (mean over the seeds, per combination of the other parameters), the least values
 * that meet the study's limits, and which configurations are on each trade-off front.
 */
import type { StudyVariantResult } from "@orbitwin/protocol";
import { shortNumber } from "./study-chart.js";
import type { Study } from "./study-file.js";
import { bandSeries, configurations, leastValueMeetingLimits, tradeOffPairs, tradeOffPoints } from "./study-summary.js";
import { variedPaths } from "./study-table.js";

function trend(means: number[]): string {
  const rises = means.every((m, i) => i === 0 || m >= means[i - 1]!);
  const falls = means.every((m, i) => i === 0 || m <= means[i - 1]!);
  if (rises && falls) return "stays at";
  return rises ? "rises" : falls ? "falls" : "moves (not monotonically)";
}

export function describeFindings(study: Study, results: readonly StudyVariantResult[]): string {
  const configs = configurations(study, results);
  const lines: string[] = [];
  for (const path of variedPaths(study)) {
    for (const metric of study.metrics) {
      for (const series of bandSeries(study, configs, metric, path)) {
        const pts = [...series.points].sort((a, b) => (typeof a.x === "number" && typeof b.x === "number" ? a.x - b.x : 0));
        if (pts.length < 2) continue;
        const means = pts.map((p) => p.mean);
        const spread = pts.some((p) => p.max > p.min) ? ` (seeds spread up to ${shortNumber(Math.max(...pts.map((p) => p.max - p.min)))})` : "";
        const where = series.name === metric ? "" : ` (${series.name})`;
        const movement = trend(means);
        const values =
          movement === "stays at"
            ? shortNumber(means[0]!)
            : `from ${shortNumber(means[0]!)} at ${String(pts[0]!.x)} to ${shortNumber(means[means.length - 1]!)} at ${String(pts[pts.length - 1]!.x)}`;
        lines.push(`- \`${metric}\` ${movement} ${values} along \`${path}\`${where}${spread}.`);
      }
    }
    for (const least of leastValueMeetingLimits(study, configs, path)) {
      const limits = [...study.limits]
        .map(([m, l]) => `\`${m}\`${l.below !== undefined ? ` < ${l.below}` : ""}${l.above !== undefined ? ` > ${l.above}` : ""}`)
        .join(" and ");
      lines.push(
        `- Least \`${path}\` keeping ${limits} in every seed${least.others ? ` (${least.others})` : ""}: **${least.value === undefined ? "none of the values tried" : shortNumber(least.value)}**.`,
      );
    }
  }
  for (const [a, b] of tradeOffPairs(study, configs)) {
    const front = tradeOffPoints(configs, a, b).filter((p) => p.front);
    lines.push(
      `- Trade-off \`${a}\` against \`${b}\`: ${front.length} of ${configs.length} configurations on the front (${front.map((p) => p.label).join("; ")}).`,
    );
  }
  return lines.join("\n");
}
