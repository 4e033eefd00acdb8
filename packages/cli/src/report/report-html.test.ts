import { describe, expect, it } from "vitest";
import {
  EventKinds,
  eventMessage,
  parseScenario,
  raisedEvent,
  scenarioToFile,
  type FleetTelemetry,
  type OrbitwinEvent,
  type RaisedEvent,
} from "@orbitwin/protocol";
import { renderReport } from "./report-html.js";
import { niceTicks, svgLineChart } from "./svg-chart.js";

const t0 = Date.parse("2026-05-13T00:00:00Z");
const scenario = scenarioToFile(
  parseScenario("name: demo\nepoch: 2026-05-13T00:00:00Z\ndt: 10s\nduration: 1h\nseed: 42\nconstellations: [{ kind: formation, name: sc, count: 9 }]\n"),
);

function fleetAt(tick: number): FleetTelemetry {
  return {
    v: 1,
    run: "r1",
    tick,
    simTimeMs: t0 + tick * 10_000,
    dtMs: 10_000,
    satellites: 9,
    clusters: 1,
    hosts: 1,
    sunlit: 9 - (tick % 3),
    failed: 0,
    speed: null,
    achievedSpeed: 100,
    tickLagMs: 1,
    stepMsMax: 1,
    subsystems: {
      generatedW: 9000 + tick,
      consumedW: 8000,
      acceleratorsActive: 36 - Math.min(tick, 2),
      acceleratorsFailed: Math.min(tick, 2),
      sparesLeft: 0,
      acceleratorHours: tick * 0.1,
      tempComputeMinK: 300,
      tempComputeMeanK: 310,
      tempComputeMaxK: 320 + tick,
      byHealth: [9, 0, 0, 0, 0, 0],
    },
  };
}

const event = (tick: number, raised: RaisedEvent): OrbitwinEvent => eventMessage({ run: "r1", tick, simTimeMs: t0 + tick * 10_000, source: "test" }, raised);

describe("the run report", () => {
  const events = [
    event(0, raisedEvent(EventKinds.runStarted, "info", "started", { satellites: 9, clusters: 1, endTick: 359, scenario })),
    event(1, raisedEvent(EventKinds.acceleratorFailed, "warning", "sc-001: 1 failed", { sat: "sc-001", cluster: "sc", failed: 1, active: 3, sparesLeft: 0 })),
    event(2, raisedEvent(EventKinds.acceleratorFailed, "warning", "sc-002: 1 failed", { sat: "sc-002", cluster: "sc", failed: 1, active: 3, sparesLeft: 0 })),
    event(
      3,
      raisedEvent(EventKinds.healthChanged, "error", "sc-003 degraded -> dead: <dose>", {
        sat: "sc-003",
        cluster: "sc",
        from: "degraded",
        to: "dead",
        reason: "<dose>",
      }),
    ),
    event(5, raisedEvent(EventKinds.runFinished, "info", "finished", { ticks: 6, satellites: 9, simTimeMs: t0 + 50_000, digest: "0123456789abcdef" })),
  ];
  const html = renderReport({ run: "r1", generatedAtMs: Date.parse("2026-06-01T00:00:00Z"), source: "test", fleet: [0, 1, 2, 3, 4, 5].map(fleetAt), events });

  it("is one self-contained page: no script, no link, nothing fetched", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|\bsrc=|\bhref=|@import|url\(/i);
  });

  it("plots power, thermal, compute and health", () => {
    for (const title of ["Power (kW)", "Compute node temperature (K)", "Compute delivered (accelerator-hours)", "Accelerators (count)", "Health (satellites)"])
      expect(html).toContain(title);
    expect(html.match(/<path d="M/g)?.length).toBeGreaterThanOrEqual(12);
  });

  it("summarises failures and events, escaping their text", () => {
    expect(html).toContain("2 accelerators failed (2 failure events)");
    expect(html).toContain("1 satellites died");
    expect(html).toContain("degraded -&#62; dead: &#60;dose&#62;");
    expect(html).toContain("<tr><td>accelerator-failed</td><td>0</td><td>2</td><td>0</td><td>0</td></tr>");
  });

  it("records the scenario, seed and final digest so the run can be reproduced", () => {
    expect(html).toContain("<td>seed</td><td>42</td>");
    expect(html).toContain("0123456789abcdef");
    expect(html).toContain("&#34;seed&#34;: 42");
  });

  it("says so when the run had no bus, and when it recorded no scenario", () => {
    const bare = renderReport({ run: "r2", generatedAtMs: t0, source: "test", fleet: [{ ...fleetAt(0), subsystems: undefined }], events: [] });
    expect(bare).toContain("fly no bus");
    expect(bare).toContain("did not record its scenario");
  });
});

describe("svg line chart", () => {
  it("picks round ticks", () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(296, 331)).toEqual([300, 310, 320, 330]);
  });

  it("breaks the line at missing values and thins long series without losing a spike", () => {
    const gap = svgLineChart({
      title: "x",
      yUnit: "u",
      series: [
        {
          name: "s",
          color: "red",
          points: [
            [0, 1],
            [1, null],
            [2, 3],
            [3, 4],
          ],
        },
      ],
    });
    expect(gap.match(/M/g)?.length).toBe(2);
    const points = Array.from({ length: 100_000 }, (_, i) => [i * 1000, i === 54_321 ? 1000 : 1] as const);
    const svg = svgLineChart({ title: "spike", yUnit: "u", series: [{ name: "s", color: "red", points }] });
    const ys = [...svg.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys.length).toBeLessThan(3000);
    expect(Math.min(...ys)).toBeLessThan(40);
  });
});
