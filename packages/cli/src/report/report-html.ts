/**
 * The run report: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched)
 * with power, thermal, compute and health over time, failures, an events summary, and the
 * scenario with its seed so the run can be reproduced. Pure: history in, markup out.
 */
import {
  EventKinds,
  HealthNames,
  eventData,
  validateScenario,
  type EventData,
  type EventKind,
  type FleetTelemetry,
  type OrbitwinEvent,
} from "@orbitwin/protocol";
import { escapeHtml, svgLineChart, type ChartSeries } from "./svg-chart.js";

export interface ReportInput {
  run: string;
  /** when the report was made, ms since 1970 UTC */
  generatedAtMs: number;
  /** where the history came from, for the reader */
  source: string;
  fleet: readonly FleetTelemetry[];
  events: readonly OrbitwinEvent[];
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"];
const MAX_LISTED_EVENTS = 200;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

type Subsystems = NonNullable<FleetTelemetry["subsystems"]>;

function series(
  fleet: readonly FleetTelemetry[],
  name: string,
  color: string,
  value: (f: FleetTelemetry, s: Subsystems | undefined) => number | null | undefined,
): ChartSeries {
  return { name, color, points: fleet.map((f) => [f.simTimeMs, value(f, f.subsystems) ?? null] as const) };
}

/** The data of the events of one kind that fit its schema: history outlives the code that wrote it, so the rest is left out. */
function dataOf<K extends EventKind>(events: readonly OrbitwinEvent[], kind: K): EventData<K>[] {
  const out: EventData<K>[] = [];
  for (const e of events) {
    if (e.kind !== kind) continue;
    try {
      out.push(eventData(e, kind));
    } catch {
      continue;
    }
  }
  return out;
}

/** The scenario the run recorded in its run-started event, as a file; undefined when absent or unreadable. */
export function recordedScenario(events: readonly OrbitwinEvent[]): Record<string, unknown> | undefined {
  const raw = dataOf(events, EventKinds.runStarted)[0]?.scenario;
  if (raw === undefined) return undefined;
  try {
    validateScenario(raw, "the run-started event");
    return raw;
  } catch {
    return undefined;
  }
}

function table(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number, tag: string) => `<${tag}>${escapeHtml(String(v))}</${tag}>`;
  return `<table><thead><tr>${header.map((h) => cell(h, "th")).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((v) => cell(v, "td")).join("")}</tr>`).join("")}</tbody></table>`;
}

function charts(fleet: readonly FleetTelemetry[]): string {
  const withBus = fleet.some((f) => f.subsystems);
  const out = [
    svgLineChart({
      title: "Sunlight and failed propagation",
      yUnit: "satellites",
      series: [
        series(fleet, "sunlit (sum of sunlit fractions)", COLORS[3]!, (f) => f.sunlit),
        series(fleet, "propagation failed", COLORS[1]!, (f) => f.failed),
      ],
    }),
  ];
  if (!withBus) return out.join("\n") + `<p class="n">The satellites of this run fly no bus, so there is no power, thermal, compute or health history.</p>`;
  out.push(
    svgLineChart({
      title: "Power",
      yUnit: "kW",
      series: [
        series(fleet, "generated", COLORS[2]!, (_f, s) => s && s.generatedW / 1000),
        series(fleet, "consumed", COLORS[1]!, (_f, s) => s && s.consumedW / 1000),
      ],
    }),
    svgLineChart({
      title: "Compute node temperature",
      yUnit: "K",
      series: [
        series(fleet, "min", COLORS[0]!, (_f, s) => s?.tempComputeMinK),
        series(fleet, "mean", COLORS[2]!, (_f, s) => s?.tempComputeMeanK),
        series(fleet, "max", COLORS[1]!, (_f, s) => s?.tempComputeMaxK),
      ],
    }),
    svgLineChart({
      title: "Compute delivered",
      yUnit: "accelerator-hours",
      series: [series(fleet, "accelerator-hours so far", COLORS[4]!, (_f, s) => s?.acceleratorHours)],
    }),
    svgLineChart({
      title: "Accelerators",
      yUnit: "count",
      series: [
        series(fleet, "active", COLORS[2]!, (_f, s) => s?.acceleratorsActive),
        series(fleet, "failed", COLORS[1]!, (_f, s) => s?.acceleratorsFailed),
        series(fleet, "spares left", COLORS[0]!, (_f, s) => s?.sparesLeft),
      ],
    }),
    svgLineChart({
      title: "Health",
      yUnit: "satellites",
      series: HealthNames.map((name, i) => series(fleet, name, COLORS[i % COLORS.length]!, (_f, s) => s?.byHealth[i] ?? null)),
    }),
  );
  return out.join("\n");
}

function failures(events: readonly OrbitwinEvent[]): string {
  const failed = dataOf(events, EventKinds.acceleratorFailed);
  const accelerators = failed.reduce((n, d) => n + d.failed, 0);
  const dead = dataOf(events, EventKinds.healthChanged).filter((d) => d.to === "dead");
  const lost = events.filter((e) => e.kind === EventKinds.hostLost || e.kind === EventKinds.participantLost);
  const serious = events.filter((e) => e.severity === "error" || e.severity === "critical");
  return (
    `<ul><li>${accelerators} accelerators failed (${failed.length} failure events)</li><li>${dead.length} satellites died</li><li>${lost.length} infrastructure losses (fleet hosts or services that stopped answering)</li></ul>` +
    (serious.length === 0
      ? `<p class="n">No error or critical events.</p>`
      : table(
          ["simulation time", "severity", "kind", "message"],
          serious.slice(0, MAX_LISTED_EVENTS).map((e) => [iso(e.simTimeMs), e.severity, e.kind, e.message]),
        ) + (serious.length > MAX_LISTED_EVENTS ? `<p class="n">and ${serious.length - MAX_LISTED_EVENTS} more</p>` : ""))
  );
}

function eventSummary(events: readonly OrbitwinEvent[]): string {
  const byKind = new Map<string, Record<string, number>>();
  for (const e of events) {
    const counts = byKind.get(e.kind) ?? { info: 0, warning: 0, error: 0, critical: 0 };
    counts[e.severity] = (counts[e.severity] ?? 0) + 1;
    byKind.set(e.kind, counts);
  }
  const rows = [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, c]) => [kind, c.info!, c.warning!, c.error!, c.critical!]);
  return rows.length === 0 ? `<p class="n">No events recorded.</p>` : table(["kind", "info", "warning", "error", "critical"], rows);
}

export function renderReport(input: ReportInput): string {
  const { fleet, events } = input;
  const first = fleet[0];
  const last = fleet.at(-1);
  const finished = dataOf(events, EventKinds.runFinished)[0];
  const scenario = recordedScenario(events);
  const facts: [string, string][] = [
    ["run", input.run],
    ["scenario", scenario ? String(scenario.name) : "not recorded"],
    ["seed", scenario ? String(scenario.seed) : "not recorded"],
    ["simulated", first && last ? `${iso(first.simTimeMs)} to ${iso(last.simTimeMs)} (ticks ${first.tick} to ${last.tick})` : "no fleet history"],
    ["satellites", last ? String(last.satellites) : "-"],
    ["accelerator-hours", last?.subsystems ? last.subsystems.acceleratorHours.toFixed(1) : "-"],
    ["final state digest", finished ? finished.digest : "the run had not finished"],
    ["history from", input.source],
    ["report made", iso(input.generatedAtMs)],
  ];
  const scenarioText = scenario ? JSON.stringify(scenario, null, 2) : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>orbitwin run ${escapeHtml(input.run)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:800px;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}
svg{display:block;margin:1em 0}svg .t{font:600 13px sans-serif}svg .a,svg .l{font:11px sans-serif;fill:#555}svg .l{font-weight:600}
svg .g{stroke:#eee}.n{color:#777}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}
</style></head><body>
<h1>orbitwin run ${escapeHtml(input.run)}</h1>
${table(["", ""], facts)}
<h2>Over time</h2>
${charts(fleet)}
<h2>Failures</h2>
${failures(events)}
<h2>Events</h2>
${eventSummary(events)}
<h2>Scenario</h2>
${
  scenario
    ? `<p>To reproduce this run, save this as <code>scenario.yaml</code> (JSON is YAML) next to any element files it names, then run <code>orbitwin run scenario.yaml</code>: the same scenario and seed give the same final state digest.</p><pre>${escapeHtml(scenarioText)}</pre>`
    : `<p class="n">The run did not record its scenario.</p>`
}
</body></html>
`;
}
