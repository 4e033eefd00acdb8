import { describe, expect, it } from "vitest";
import { EventKinds, eventMessage, raisedEvent, type OrbitwinEvent, type RaisedEvent } from "@orbitwin/protocol";
import { conjunctionRows, conjunctionsOverTime, conjunctionsSection, debrisWatchRan, pcDistribution, runningTotals } from "./conjunctions-section.js";
import { eventsOf } from "./events-of.js";

const t0 = Date.parse("2021-10-02T06:00:00Z");
const min = 60_000;
const event = (minute: number, raised: RaisedEvent): OrbitwinEvent =>
  eventMessage({ run: "r1", tick: minute * 2, simTimeMs: t0 + minute * min, source: "debris-watch" }, raised);
const ref = (conjunction: string, secondary: string, tcaMinute: number, pc: number, missKm: number) => ({
  conjunction,
  primary: "shell-p05-s07",
  secondary,
  tcaMs: t0 + tcaMinute * min,
  missKm,
  relSpeedKmS: 14.5,
  pc,
});

const events = [
  event(0, raisedEvent(EventKinds.participantJoined, "info", "joined", { participant: "debris-watch-1", role: "debris-watch" })),
  event(1, raisedEvent(EventKinds.conjunctionDetected, "warning", "c1", ref("c1", "planted-1", 50, 0.02, 0.005))),
  event(2, raisedEvent(EventKinds.conjunctionDetected, "info", "c2", ref("c2", "iridium-33-deb-1", 30, 3e-6, 2.1))),
  event(3, raisedEvent(EventKinds.conjunctionDetected, "warning", "c3", ref("c3", "synthetic-7", 40, 4e-4, 0.2))),
  event(
    20,
    raisedEvent(EventKinds.maneuverPlanned, "warning", "m1", {
      ...ref("c1", "planted-1", 50, 0.02, 0.005),
      planned: true,
      maneuver: "m1",
      sat: "shell-p05-s07",
      cluster: "shell-p05",
      deltaVRtnMS: [0, 0.3, 0.4],
      burnTick: 40,
      burnSimTimeMs: t0 + 20 * min,
      pcAfter: 1e-9,
      interruptS: 600,
    }),
  ),
  event(20, raisedEvent(EventKinds.maneuverExecuted, "info", "m1", { sat: "shell-p05-s07", cluster: "shell-p05", detail: "burn", maneuver: "m1" })),
  event(30, raisedEvent(EventKinds.conjunctionPassed, "info", "c2", { ...ref("c2", "iridium-33-deb-1", 30, 3e-6, 2.1), draw: 0.5 })),
  event(
    40,
    raisedEvent(EventKinds.collisionOccurred, "critical", "c3", { ...ref("c3", "synthetic-7", 40, 4e-4, 0.2), draw: 1e-4, catastrophic: true, fragments: 120 }),
  ),
  event(40, raisedEvent(EventKinds.fragmentsCreated, "warning", "frag", { source: "c3", fragments: 120, lost: 7, ids: ["frag-c3-1"] })),
  event(50, raisedEvent(EventKinds.conjunctionPassed, "info", "c1", { ...ref("c1", "planted-1", 50, 1e-9, 3.2), draw: 0.9 })),
  // Below the reporting threshold: only its passing is told.
  event(55, raisedEvent(EventKinds.conjunctionPassed, "info", "c4", { ...ref("c4", "synthetic-9", 55, 1e-12, 4.9), draw: 0.3 })),
];

describe("the report's Conjunctions section", () => {
  it("is there when debris-watch joined the run or raised conjunctions", () => {
    expect(debrisWatchRan(events.slice(0, 1))).toBe(true);
    expect(debrisWatchRan(events.slice(1, 2))).toBe(true);
    expect(debrisWatchRan([])).toBe(false);
  });

  it("follows each conjunction to its outcome", () => {
    const rows = conjunctionRows(events);
    expect(rows.map((r) => [r.id, r.outcome])).toEqual([
      ["c1", "maneuver m1: Pc 0.02 -> 1.00e-9; passed"],
      ["c2", "passed"],
      ["c3", "collided (catastrophic): 120 fragments"],
      ["c4", "passed"],
    ]);
    expect(rows.map((r) => r.pc)).toEqual([0.02, 3e-6, 4e-4, 1e-12]);
    expect(rows.map((r) => r.reportedMs === undefined)).toEqual([false, false, false, true]);
  });

  it("bins Pc by decade, the tiny ones together", () => {
    const bins = pcDistribution(conjunctionRows(events));
    expect(bins.filter((b) => b.count > 0)).toEqual([
      { label: "1e-2 <= Pc < 1e-1", count: 1 },
      { label: "1e-4 <= Pc < 1e-3", count: 1 },
      { label: "1e-6 <= Pc < 1e-5", count: 1 },
      { label: "Pc < 1e-10", count: 1 },
    ]);
  });

  it("counts reported conjunctions open and so far, and collisions, at every change", () => {
    const chart = conjunctionsOverTime(conjunctionRows(events), eventsOf(events, EventKinds.collisionOccurred));
    expect(chart.timesMs.map((ms) => (ms - t0) / min)).toEqual([1, 2, 3, 30, 40, 50]);
    expect(chart.series.map((s) => s.values)).toEqual([
      [1, 2, 3, 2, 1, 0],
      [1, 2, 3, 3, 3, 3],
      [0, 0, 0, 0, 1, 1],
    ]);
  });

  it("keeps running totals once per moment, from the start of the run to its end", () => {
    const changes = [
      { ms: 30, deltas: [1, 0] },
      { ms: 10, deltas: [1, 5] },
      { ms: 30, deltas: [-1, 1] },
    ];
    expect(runningTotals(changes, 2, { fromMs: 0, toMs: 100 })).toEqual({
      timesMs: [0, 10, 30, 100],
      columns: [
        [0, 1, 1, 1],
        [0, 5, 6, 6],
      ],
    });
    expect(runningTotals([], 1, { fromMs: 0, toMs: 100 })).toEqual({ timesMs: [0, 100], columns: [[0, 0]] });
  });

  it("lists the riskiest with pair, TCA, miss distance and Pc, the maneuvers, collisions and fragments", () => {
    const html = conjunctionsSection(events);
    expect(html).toContain("<tr><td>conjunctions reported (Pc at or above debris-watch&#39;s reporting threshold)</td><td>3</td></tr>");
    expect(html).toContain("<tr><td>conjunctions whose closest approach came in the run (any Pc)</td><td>4</td></tr>");
    expect(html).toContain("<tr><td>maneuvers flown / failed</td><td>1 / 0</td></tr>");
    expect(html).toContain("<tr><td>collisions</td><td>1 (1 catastrophic)</td></tr>");
    expect(html).toContain("<tr><td>fragments</td><td>120 joined the catalog, 7 re-entered or escaped</td></tr>");
    expect(html).toContain(
      "<tr><td>c1</td><td>shell-p05-s07 / planted-1</td><td>2021-10-02T06:50:00Z</td><td>0.005</td><td>14.5</td><td>0.02</td><td>maneuver m1: Pc 0.02 -&#62; 1.00e-9; passed</td></tr>",
    );
    expect(html.indexOf("<td>c1</td>")).toBeLessThan(html.indexOf("<td>c3</td>"));
    expect(html).toContain(
      "<tr><td>m1</td><td>shell-p05-s07</td><td>c1</td><td>2021-10-02T06:20:00Z</td><td>0.5</td><td>0.02 -&#62; 1.00e-9</td><td>flown</td></tr>",
    );
    expect(html).toContain('id="conjunctions-fragments"');
  });
});
