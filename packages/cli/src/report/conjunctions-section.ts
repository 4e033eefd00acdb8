/**
 * The report's Conjunctions section, for a run debris-watch took part in, out of its events:
 * conjunctions reported and open over time, the collision probability (Pc) of those the events
 * tell of, the riskiest with their outcome, the avoidance maneuvers, collisions and fragments.
 * debris-watch reports a conjunction (conjunction-detected) only at or above its reporting Pc, but
 * tells of every one that passes or collides, so those are in the tables too. Pure.
 */
import { EventKinds, type EventData, type OrbitwinEvent } from "@orbitwin/protocol";
import { eventsOf, type Dated } from "./events-of.js";
import { escapeHtml, formatValue, isoTime, table } from "./html.js";
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
  /** collision probability when debris-watch first told of it */
  pc: number;
  /**
   * when debris-watch reported it (conjunction-detected), ms since 1970 UTC; undefined when its Pc
   * was below the reporting threshold, so only its passing was told
   */
  reportedMs: number | undefined;
  /** when it stopped being a threat (passed, collided), or its TCA: ms since 1970 UTC */
  endMs: number;
  outcome: string;
}

/** Every conjunction the run's events tell of, with the figures it was first told with and what became of it. */
export function conjunctionRows(events: readonly OrbitwinEvent[]): ConjunctionRow[] {
  const rows = new Map<string, ConjunctionRow>();
  const rowOf = (d: EventData<"conjunction-detected">, reportedMs: number | undefined): ConjunctionRow => {
    let row = rows.get(d.conjunction);
    if (!row) {
      const { conjunction: id, primary, secondary, tcaMs, missKm, relSpeedKmS, pc } = d;
      row = { id, primary, secondary, tcaMs, missKm, relSpeedKmS, pc, reportedMs, endMs: tcaMs, outcome: "open" };
      rows.set(id, row);
    }
    return row;
  };
  for (const { simTimeMs, data } of eventsOf(events, EventKinds.conjunctionDetected)) rowOf(data, simTimeMs);
  for (const { data: d } of eventsOf(events, EventKinds.maneuverPlanned)) {
    const row = rows.get(d.conjunction);
    if (!row) continue;
    row.outcome = d.planned ? `maneuver ${d.maneuver}: Pc ${formatValue(d.pc)} -> ${formatValue(d.pcAfter)}` : `no maneuver${d.reason ? ` (${d.reason})` : ""}`;
  }
  for (const { simTimeMs, data } of eventsOf(events, EventKinds.conjunctionPassed)) {
    const row = rowOf(data, undefined);
    row.endMs = Math.min(row.endMs, simTimeMs);
    row.outcome = row.outcome === "open" ? "passed" : `${row.outcome}; passed`;
  }
  for (const { simTimeMs, data: d } of eventsOf(events, EventKinds.collisionOccurred)) {
    if (!("conjunction" in d)) continue;
    const row = rowOf(d, undefined);
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

/** The run's first and last simulation time, ms since 1970 UTC: the x span of the section's charts. */
export interface RunSpan {
  fromMs: number;
  toMs: number;
}

/**
 * Running totals of counts that change at moments (each change adds its deltas), sampled once
 * per moment after all its changes, from the start of the run to its end.
 */
export function runningTotals(
  changes: readonly { ms: number; deltas: readonly number[] }[],
  width: number,
  span?: RunSpan,
): { timesMs: number[]; columns: number[][] } {
  const sorted = [...changes].sort((a, b) => a.ms - b.ms);
  const timesMs: number[] = [];
  const columns: number[][] = Array.from({ length: width }, () => []);
  const totals = new Array<number>(width).fill(0);
  const sample = (ms: number) => {
    timesMs.push(ms);
    totals.forEach((t, i) => columns[i]!.push(t));
  };
  if (span && (sorted.length === 0 || span.fromMs < sorted[0]!.ms)) sample(span.fromMs);
  for (const [i, c] of sorted.entries()) {
    c.deltas.forEach((d, j) => (totals[j]! += d));
    if (sorted[i + 1]?.ms !== c.ms) sample(c.ms);
  }
  if (span && span.toMs > (timesMs.at(-1) ?? -Infinity)) sample(span.toMs);
  return { timesMs, columns };
}

/** How many reported conjunctions were open (before their TCA and not yet ended), reported so far, and collisions so far. */
export function conjunctionsOverTime(rows: readonly ConjunctionRow[], collisions: readonly Dated<"collision-occurred">[], span?: RunSpan): ChartSpec {
  const changes = [
    ...rows.flatMap(({ reportedMs, endMs }) =>
      reportedMs === undefined
        ? []
        : [
            { ms: reportedMs, deltas: [1, 1, 0] },
            { ms: Math.max(reportedMs, endMs), deltas: [-1, 0, 0] },
          ],
    ),
    ...collisions.map((c) => ({ ms: c.simTimeMs, deltas: [0, 0, 1] })),
  ];
  const { timesMs, columns } = runningTotals(changes, 3, span);
  return {
    id: "conjunctions-over-time",
    title: "Conjunctions reported",
    yUnit: "conjunctions",
    timesMs,
    includeZero: true,
    integer: true,
    series: [
      { name: "open (before TCA)", color: C[3], values: columns[0]!, step: true },
      { name: "reported so far", color: C[0], values: columns[1]!, step: true },
      { name: "collisions so far", color: C[1], values: columns[2]!, step: true },
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

export function conjunctionsSection(events: readonly OrbitwinEvent[], span?: RunSpan): string {
  const rows = conjunctionRows(events);
  const collisions = eventsOf(events, EventKinds.collisionOccurred);
  const fragments = eventsOf(events, EventKinds.fragmentsCreated);
  const planned = eventsOf(events, EventKinds.maneuverPlanned);
  const facts: (string | number)[][] = [
    ["conjunctions reported (Pc at or above debris-watch's reporting threshold)", rows.filter((r) => r.reportedMs !== undefined).length],
    ["conjunctions whose closest approach came in the run (any Pc)", rows.filter((r) => r.outcome !== "open").length],
    ["highest Pc", rows.length === 0 ? "-" : formatValue(rows.reduce((most, r) => Math.max(most, r.pc), 0))],
    ["maneuvers planned", planned.filter((p) => p.data.planned).length],
    [
      "maneuvers flown / failed",
      `${events.filter((e) => e.kind === EventKinds.maneuverExecuted).length} / ${events.filter((e) => e.kind === EventKinds.maneuverFailed).length}`,
    ],
    ["conjunctions left standing (no maneuver)", planned.filter((p) => !p.data.planned).length],
    ["collisions", `${collisions.length} (${collisions.filter((c) => c.data.catastrophic).length} catastrophic)`],
    [
      "fragments",
      `${fragments.reduce((a, f) => a + f.data.fragments, 0)} joined the catalog, ${fragments.reduce((a, f) => a + f.data.lost, 0)} re-entered or escaped`,
    ],
  ];
  const parts = [table(["", ""], facts)];
  if (rows.some((r) => r.reportedMs !== undefined) || collisions.length > 0) parts.push(renderChartSection(conjunctionsOverTime(rows, collisions, span)));
  if (fragments.length > 0) {
    const { timesMs, columns } = runningTotals(
      fragments.map((f) => ({ ms: f.simTimeMs, deltas: [f.data.fragments, f.data.lost] })),
      2,
      span,
    );
    parts.push(
      renderChartSection({
        id: "conjunctions-fragments",
        title: "Fragments of collisions, so far",
        yUnit: "fragments",
        timesMs,
        includeZero: true,
        integer: true,
        series: [
          { name: "joined the catalog", color: C[5], values: columns[0]!, step: true },
          { name: "re-entered or escaped", color: C[6], values: columns[1]!, step: true },
        ],
      }),
    );
  }
  if (rows.length > 0) {
    const all = pcDistribution(rows);
    // From the riskiest bin that holds any to the safest that does: no rows of zeros around them.
    const bins = all.slice(
      all.findIndex((b) => b.count > 0),
      all.findLastIndex((b) => b.count > 0) + 1,
    );
    const most = Math.max(...bins.map((b) => b.count));
    parts.push(
      `<h3>Collision probability of the conjunctions told of</h3>`,
      `<table class="bars"><thead><tr><th>Pc</th><th>conjunctions</th><th></th></tr></thead><tbody>${bins
        .map(
          (b) =>
            `<tr><td>${escapeHtml(b.label)}</td><td>${b.count}</td><td><span class="bar" style="width:${((200 * b.count) / most).toFixed(0)}px"></span></td></tr>`,
        )
        .join("")}</tbody></table>`,
      `<h3>The ${Math.min(TOP_CONJUNCTIONS, rows.length)} riskiest</h3>`,
      table(
        ["conjunction", "pair", "TCA (UTC)", "miss distance (km)", "relative speed (km/s)", "Pc when told", "outcome"],
        [...rows]
          .sort((a, b) => b.pc - a.pc || a.tcaMs - b.tcaMs)
          .slice(0, TOP_CONJUNCTIONS)
          .map((r) => [
            r.id,
            `${r.primary} / ${r.secondary}`,
            isoTime(r.tcaMs),
            formatValue(r.missKm),
            formatValue(r.relSpeedKmS),
            formatValue(r.pc),
            r.outcome,
          ]),
      ),
    );
  }
  parts.push(`<h3>Avoidance maneuvers</h3>`, maneuvers(events));
  return parts.join("\n");
}
