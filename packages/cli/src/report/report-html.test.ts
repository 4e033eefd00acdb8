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
import type { ChartData } from "./uplot-chart.js";
import { renderReport } from "./report-html.js";

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
  const html = renderReport({
    run: "r1",
    generatedAtMs: Date.parse("2026-06-01T00:00:00Z"),
    source: "test",
    fleet: [0, 1, 2, 3, 4, 5].map(fleetAt),
    events,
    schedulerMetrics: [],
  });
  const charts = new Map(
    [...html.matchAll(/<script type="application\/json" class="chart-data">(.*?)<\/script>/g)].map((m) => {
      const data = JSON.parse(m[1]!) as ChartData;
      return [data.id, data] as const;
    }),
  );

  it("is one self-contained page: its scripts and styles inline, no link, nothing fetched", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<link|<script[^>]*\bsrc=|<img|<iframe|@import|url\(/i);
    expect(html).toContain("uPlot");
  });

  it("plots sunlight, power, thermal, compute, accelerators and health, each y axis holding its data", () => {
    for (const title of [
      "Power (kW)",
      "Compute node temperature (K)",
      "Compute delivered (accelerator-hours)",
      "Accelerators by state (accelerators)",
      "Health (satellites)",
    ])
      expect(html).toContain(title);
    expect([...charts.keys()]).toEqual(["fleet-sunlight", "fleet-power", "fleet-temperature", "fleet-compute", "fleet-accelerators", "fleet-health"]);
    for (const chart of charts.values())
      for (const s of chart.series) for (const v of s.values) if (v !== null) expect(v, `${chart.id} ${s.name}`).toBeLessThanOrEqual(chart.yRange[1]);
    expect(charts.get("fleet-accelerators")!.series.map((s) => s.name)).toEqual(["active", "failed", "spares left"]);
    expect(charts.get("fleet-temperature")!.yRange[0]).toBeGreaterThan(250);
  });

  it("has no Jobs or Conjunctions section when neither the scheduler nor debris-watch ran", () => {
    expect(html).not.toContain("<h2>Jobs</h2>");
    expect(html).not.toContain("<h2>Conjunctions</h2>");
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

  it("stays a small page for a long run: every chart thinned to about 2,000 samples", () => {
    const long = renderReport({
      run: "long",
      generatedAtMs: t0,
      source: "test",
      fleet: Array.from({ length: 150_000 }, (_, i) => fleetAt(i)),
      events: [],
      schedulerMetrics: [],
    });
    const sizes = [...long.matchAll(/<script type="application\/json" class="chart-data">(.*?)<\/script>/g)].map(
      (m) => (JSON.parse(m[1]!) as ChartData).x.length,
    );
    expect(sizes).toHaveLength(6);
    for (const n of sizes) expect(n).toBeLessThanOrEqual(2001);
    expect(long.length).toBeLessThan(3_000_000);
  });

  it("says so when the run had no bus, and when it recorded no scenario", () => {
    const bare = renderReport({
      run: "r2",
      generatedAtMs: t0,
      source: "test",
      fleet: [{ ...fleetAt(0), subsystems: undefined }],
      events: [],
      schedulerMetrics: [],
    });
    expect(bare).toContain("fly no bus");
    expect(bare).toContain("did not record its scenario");
  });
});
