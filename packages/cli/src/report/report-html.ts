/**
 * The run report: one self-contained HTML page (uPlot and the data inline, nothing fetched, works
 * offline) with power, thermal, compute and health over time, a Jobs section when the scheduler
 * took part, a Conjunctions section when debris-watch did, failures, an events summary, and the
 * scenario with its seed so the run can be reproduced. Pure: history in, markup out.
 */
import { EventKinds, validateScenario, type FleetTelemetry, type OrbitwinEvent } from "@orbitwin/protocol";
import type { SchedulerSample } from "../history/history-data.js";
import { conjunctionsSection, debrisWatchRan } from "./conjunctions-section.js";
import { dataOf } from "./events-of.js";
import { fleetSection } from "./fleet-section.js";
import { escapeHtml, isoTime as iso, table } from "./html.js";
import { jobsSection, schedulerRan } from "./jobs-section.js";
import { chartScripts, chartStyles } from "./uplot-chart.js";

export interface ReportInput {
  run: string;
  /** when the report was made, ms since 1970 UTC */
  generatedAtMs: number;
  /** where the history came from, for the reader */
  source: string;
  fleet: readonly FleetTelemetry[];
  events: readonly OrbitwinEvent[];
  /** the scheduler's metrics of every tick; empty when it did not run */
  schedulerMetrics: readonly SchedulerSample[];
}

const MAX_LISTED_EVENTS = 200;

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
  const { fleet, events, schedulerMetrics } = input;
  const jobs = { metrics: schedulerMetrics, events };
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
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}h3{font-size:1em;margin-top:1.4em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}
table.bars .bar{display:inline-block;height:10px;background:#4e79a7}
.n{color:#777}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}
</style>
${chartStyles()}
</head><body>
<h1>orbitwin run ${escapeHtml(input.run)}</h1>
${table(["", ""], facts)}
<h2>Over time</h2>
${fleetSection(fleet)}
${schedulerRan(jobs) ? `<h2>Jobs</h2>\n${jobsSection(jobs)}\n` : ""}${debrisWatchRan(events) ? `<h2>Conjunctions</h2>\n${conjunctionsSection(events, first && last ? { fromMs: first.simTimeMs, toMs: last.simTimeMs } : undefined)}\n` : ""}<h2>Failures</h2>
${failures(events)}
<h2>Events</h2>
${eventSummary(events)}
<h2>Scenario</h2>
${
  scenario
    ? `<p>To reproduce this run, save this as <code>scenario.yaml</code> (JSON is YAML) next to any element files it names, then run <code>orbitwin run scenario.yaml</code>: the same scenario and seed give the same final state digest.</p><pre>${escapeHtml(scenarioText)}</pre>`
    : `<p class="n">The run did not record its scenario.</p>`
}
${chartScripts()}
</body></html>
`;
}
