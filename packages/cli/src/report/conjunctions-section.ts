/**
 * The report's Conjunctions section, for a run debris-watch took part in, out of its events:
 * conjunctions open and found over time, the collision probability (Pc) of those found, the
 * riskiest with their outcome, the avoidance maneuvers, collisions and fragments. Pure.
 */
import { EventKinds, type OrbitwinEvent } from "@orbitwin/protocol";
import { eventsOf, type Dated } from "./events-of.js";
import { formatValue, isoTime, table } from "./html.js";
import { CHART_COLORS as C, renderChartSection, type ChartSpec } from "./uplot-chart.js";

/** Rows in the table of the riskiest conjunctions. */
export const TOP_CONJUNCTIONS = 20;

/** Whether debris-watch took part in the run: it joined the clock, or raised conjunction events. */
export function debrisWatchRan(events: readonly OrbitwinEvent[]): boolean {
  return events.some(
    (e) =>
      (e.kind === EventKinds.participantJoined && e.data.role === "debris-watch") ||
      e.kind === EventKinds.conjunctionDetected ||
      e.kind === EventKinds.collisionOccurred,
  );
}

export interface ConjunctionRow {
  id: string;
  primary: string;
  secondary: string;
  /** time of closest approach, ms since 1970 UTC */
  tcaMs: number;
  missKm: number;
  relSpeedKmS: number;
  /** the newest Pc debris-watch gave it */
  pc: number;
  /** when it was first found, ms since 1970 UTC */
  detectedMs: number;
  /** when it stopped being a threat (passed, collided), or its TCA: ms since 1970 UTC */
  endMs: number;
  outcome: string;
}

/** Every conjunction found, with its newest figures and what became of it. */
export function conjunctionRows(events: readonly OrbitwinEvent[]): ConjunctionRow[] {
  const rows = new Map<string, ConjunctionRow>();
  for (const { simTimeMs, data: d } of eventsOf(events, EventKinds.conjunctionDetected)) {
    const seen = rows.get(d.conjunction);
    rows.set(d.conjunction, {
      id: d.conjunction,
      primary: d.primary,
      secondary: d.secondary,
      tcaMs: d.tcaMs,
      missKm: d.missKm,
      relSpeedKmS: d.relSpeedKmS,
      pc: d.pc,
      detectedMs: seen?.detectedMs ?? simTimeMs,
      endMs: d.tcaMs,
      outcome: "open",
    });
  }
  for (const { data: d } of eventsOf(events, EventKinds.maneuverPlanned)) {
    const row = rows.get(d.conjunction);
    if (!row) continue;
    row.outcome = d.planned ? `maneuver ${d.maneuver}: Pc ${formatValue(d.pc)} -> ${formatValue(d.pcAfter)}` : `no maneuver${d.reason ? ` (${d.reason})` : ""}`;
  }
  for (const { simTimeMs, data: d } of eventsOf(events, EventKinds.conjunctionPassed)) {
    const row = rows.get(d.conjunction);
    if (!row) continue;
    row.endMs = Math.min(row.endMs, simTimeMs);
    row.outcome = row.outcome === "open" ? "passed" : `${row.outcome}; passed`;
  }
  for (const { simTimeMs, data: d } of eventsOf(events, EventKinds.collisionOccurred)) {
    const row = "conjunction" in d ? rows.get(d.conjunction) : undefined;
    if (!row) continue;
    row.endMs = Math.min(row.endMs, simTimeMs);
    row.outcome = `collided${d.catastrophic ? " (catastrophic)" : ""}: ${d.fragments} fragments`;
  }
  return [...rows.values()];
}

/** Counts of conjunctions by decade of Pc, riskiest first; Pc below 1e-10 (and 0) share the last bin. */
export function pcDistribution(rows: readonly ConjunctionRow[]): { label: string; count: number }[] {
  const decades = Array.from({ length: 10 }, (_, i) => -1 - i);
  const bins = decades.map((e) => ({ label: e === -1 ? "Pc >= 1e-1" : `1e${e} <= Pc < 1e${e + 1}`, count: 0 }));
  bins.push({ label: "Pc < 1e-10", count: 0 });
  for (const r of rows) {
    const bin = r.pc > 0 ? Math.min(decades.length, Math.max(0, -1 - Math.floor(Math.log10(r.pc)))) : decades.length;
    bins[bin]!.count++;
  }
  return bins;
}

/** A step series of how many conjunctions were open (found, before their TCA and not yet ended) and found so far, at every change. */
export function conjunctionsOverTime(rows: readonly ConjunctionRow[], collisions: readonly Dated<"collision-occurred">[]): ChartSpec {
  const changes: { ms: number; open: number; found: number; collided: number }[] = [];
  for (const r of rows) changes.push({ ms: r.detectedMs, open: 1, found: 1, collided: 0 }, { ms: Math.max(r.detectedMs, r.endMs), open: -1, found: 0, collided: 0 });
  for (const c of collisions) changes.push({ ms: c.simTimeMs, open: 0, found: 0, collided: 1 });
  changes.sort((a, b) => a.ms - b.ms);
  const timesMs: number[] = [];
  const open: number[] = [];
  const found: number[] = [];
  const collided: number[] = [];
  let [o, f, k] = [0, 0, 0];
  for (const [i, c] of changes.entries()) {
    [o, f, k] = [o + c.open, f + c.found, k + c.collided];
    // One sample per time: the state after every change at it.
    if (changes[i + 1]?.ms === c.ms) continue;
    timesMs.push(c.ms);
    open.push(o);
    found.push(f);
    collided.push(k);
  }
  return {
    id: "conjunctions-over-time",
    title: "Conjunctions",
    yUnit: "conjunctions",
    timesMs,
    includeZero: true,
    series: [
      { name: "open (before TCA)", color: C[3], values: open, step: true },
      { name: "found so far", color: C[0], values: found, step: true },
      { name: "collisions so far", color: C[1], values: collided, step: true },
    ],
  };
}

function maneuvers(events: readonly OrbitwinEvent[]): string {
  const executed = new Set(eventsOf(events, EventKinds.maneuverExecuted).map((e) => e.data.maneuver));
  const failed = new Set(eventsOf(events, EventKinds.maneuverFailed).flatMap((e) => (e.data.maneuver ? [e.data.maneuver] : [])));
  const rows = eventsOf(events, EventKinds.maneuverPlanned).flatMap(({ data: d }) =>
    d.planned
      ? [
          [
            d.maneuver,
            d.sat,
            d.conjunction,
            isoTime(d.burnSimTimeMs),
            formatValue(Math.hypot(...d.deltaVRtnMS)),
            `${formatValue(d.pc)} -> ${formatValue(d.pcAfter)}`,
            executed.has(d.maneuver) ? "flown" : failed.has(d.maneuver) ? "failed" : "not flown in the run",
          ],
        ]
      : [],
  );
  if (rows.length === 0) return `<p class="n">No avoidance maneuver was planned.</p>`;
  return table(["maneuver", "satellite", "conjunction", "burn at (UTC)", "delta-v (m/s)", "Pc before -> after", "outcome"], rows);
}

export function conjunctionsSection(events: readonly OrbitwinEvent[]): string {
  const rows = conjunctionRows(events);
  const collisions = eventsOf(events, EventKinds.collisionOccurred);
  const fragments = eventsOf(events, EventKinds.fragmentsCreated);
  const planned = eventsOf(events, EventKinds.maneuverPlanned);
  const facts: (string | number)[][] = [
    ["conjunctions found", rows.length],
    ["highest Pc", rows.length === 0 ? "-" : formatValue(Math.max(...rows.map((r) => r.pc)))],
    ["maneuvers planned", planned.filter((p) => p.data.planned).length],
    ["maneuvers flown / failed", `${events.filter((e) => e.kind === EventKinds.maneuverExecuted).length} / ${events.filter((e) => e.kind === EventKinds.maneuverFailed).length}`],
    ["conjunctions left standing (no maneuver)", planned.filter((p) => !p.data.planned).length],
    ["collisions", `${collisions.length} (${collisions.filter((c) => c.data.catastrophic).length} catastrophic)`],
    ["fragments", `${fragments.reduce((a, f) => a + f.data.fragments, 0)} joined the catalog, ${fragments.reduce((a, f) => a + f.data.lost, 0)} re-entered or escaped`],
  ];
  const parts = [table(["", ""], facts)];
  if (rows.length > 0 || collisions.length > 0) parts.push(renderChartSection(conjunctionsOverTime(rows, collisions)));
  if (fragments.length > 0) {
    let total = 0;
    parts.push(
      renderChartSection({
        id: "conjunctions-fragments",
        title: "Fragments created, so far",
        yUnit: "fragments",
        timesMs: fragments.map((f) => f.simTimeMs),
        includeZero: true,
        series: [{ name: "tracked fragments created", color: C[5], values: fragments.map((f) => (total += f.data.fragments)), step: true }],
      }),
    );
  }
  if (rows.length > 0) {
    const bins = pcDistribution(rows);
    const most = Math.max(...bins.map((b) => b.count));
    parts.push(
      `<h3>Collision probability of the conjunctions found</h3>`,
      `<table class="bars"><thead><tr><th>Pc</th><th>conjunctions</th><th></th></tr></thead><tbody>${bins
        .map((b) => `<tr><td>${b.label}</td><td>${b.count}</td><td><span class="bar" style="width:${((200 * b.count) / most).toFixed(0)}px"></span></td></tr>`)
        .join("")}</tbody></table>`,
      `<h3>The ${Math.min(TOP_CONJUNCTIONS, rows.length)} riskiest</h3>`,
      table(
        ["conjunction", "pair", "TCA (UTC)", "miss distance (km)", "relative speed (km/s)", "Pc", "outcome"],
        [...rows]
          .sort((a, b) => b.pc - a.pc || a.tcaMs - b.tcaMs)
          .slice(0, TOP_CONJUNCTIONS)
          .map((r) => [r.id, `${r.primary} / ${r.secondary}`, isoTime(r.tcaMs), formatValue(r.missKm), formatValue(r.relSpeedKmS), formatValue(r.pc), r.outcome]),
      ),
    );
  }
  parts.push(`<h3>Avoidance maneuvers</h3>`, maneuvers(events));
  return parts.join("\n");
}
