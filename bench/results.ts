/**
 * Benchmark results format: bench/results/latest.json is an array of records. A figure is
 * reported against a baseline measured in the same run, because these machines are shared and
 * noisy: the ratio is what to compare between runs, never a bare time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchRecord {
  /** dotted name, e.g. fleet.step.ratio */
  name: string;
  value: number;
  unit: string;
  /** the same-run baseline the value is compared against, or null */
  baseline: number | null;
  /** value / baseline, or null without a baseline */
  ratio: number | null;
  /** what was measured, for people */
  note?: string;
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "results");

export function writeResults(records: readonly BenchRecord[], startedAt: Date): string {
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(records, null, 2) + "\n";
  writeFileSync(join(resultsDir, "latest.json"), json);
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const path = join(resultsDir, `${stamp}.json`);
  writeFileSync(path, json);
  return path;
}

export function renderTable(records: readonly BenchRecord[]): string {
  const rows = records.map((r) => [r.name, fmt(r.value), r.unit, r.baseline === null ? "-" : fmt(r.baseline), r.ratio === null ? "-" : r.ratio.toFixed(3)]);
  const header = ["name", "value", "unit", "baseline", "ratio"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString("en-US");
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(4);
}
