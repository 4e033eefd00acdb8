import { describe, expect, it } from "vitest";
import { EventKinds, eventMessage, raisedEvent, type OrbitwinEvent, type RaisedEvent } from "@orbitwin/protocol";
import type { SchedulerSample } from "../history/history-data.js";
import { goodputByPolicy, jobsCharts, jobsSection, schedulerRan } from "./jobs-section.js";

const t0 = Date.parse("2026-05-13T00:00:00Z");
const event = (tick: number, raised: RaisedEvent): OrbitwinEvent =>
  eventMessage({ run: "r1", tick, simTimeMs: t0 + tick * 60_000, source: "scheduler" }, raised);

function metricsAt(tick: number, policy: string, goodput: number): SchedulerSample {
  return {
    tick,
    simTimeMs: t0 + tick * 60_000,
    policy,
    queued: 3 - Math.min(tick, 3),
    running: Math.min(tick, 3),
    paused: tick === 2 ? 1 : 0,
    completed: tick >= 3 ? 1 : 0,
    acceleratorsUsed: 96 * Math.min(tick, 3),
    acceleratorsAvailable: 384,
    utilization: (96 * Math.min(tick, 3)) / 384,
    deliveredAcceleratorHours: goodput + 1,
    goodputAcceleratorHours: goodput,
    lostAcceleratorHours: 1,
    stalledAcceleratorHours: 0.5,
    goodputFraction: goodput / (goodput + 1.5),
    meanQueueWaitS: 120,
    energyPerCompletedJobWh: 4000,
    restarts: 1,
    migrations: 0,
    decideMs: 1,
  };
}

const metrics = [metricsAt(0, "first-fit", 0), metricsAt(1, "first-fit", 10), metricsAt(2, "energy-aware", 25), metricsAt(3, "energy-aware", 45)];
const ref = (job: string, kind: "training" | "batch") => ({ job, kind, doneAcceleratorHours: 0 });
const events = [
  event(0, raisedEvent(EventKinds.participantJoined, "info", "scheduler joined", { participant: "scheduler-1", role: "scheduler" })),
  event(0, raisedEvent(EventKinds.jobSubmitted, "info", "t1", { ...ref("t1", "training"), accelerators: 32, acceleratorHours: 48 })),
  event(0, raisedEvent(EventKinds.jobSubmitted, "info", "b1", { ...ref("b1", "batch"), accelerators: 8, acceleratorHours: 6 })),
  event(
    1,
    raisedEvent(EventKinds.jobInterrupted, "warning", "t1", { ...ref("t1", "training"), sat: "dc-p01-s01", reason: "gpu failed", lostAcceleratorHours: 1 }),
  ),
  event(2, raisedEvent(EventKinds.jobPaused, "info", "t1", { ...ref("t1", "training"), sat: "dc-p01-s01" })),
  event(3, raisedEvent(EventKinds.jobCompleted, "info", "b1", { ...ref("b1", "batch"), energyWh: 4000, lostAcceleratorHours: 0, queueWaitS: 120 })),
];

describe("the report's Jobs section", () => {
  it("is there when the scheduler joined the run, or left metrics or job events", () => {
    expect(schedulerRan({ metrics: [], events: events.slice(0, 1) })).toBe(true);
    expect(schedulerRan({ metrics, events: [] })).toBe(true);
    expect(schedulerRan({ metrics: [], events: [] })).toBe(false);
  });

  it("gives each policy the goodput earned while it placed the jobs", () => {
    expect(goodputByPolicy(metrics)).toEqual([
      { policy: "first-fit", ticks: 2, goodputAcceleratorHours: 10, deliveredAcceleratorHours: 11, meanUtilization: 0.125 },
      { policy: "energy-aware", ticks: 2, goodputAcceleratorHours: 35, deliveredAcceleratorHours: 35, meanUtilization: 0.625 },
    ]);
  });

  it("charts utilization in %, jobs by state and goodput, each axis holding its data", () => {
    const charts = jobsCharts(metrics);
    expect(charts.map((c) => `${c.id} (${c.yUnit})`)).toEqual(["jobs-utilization (%)", "jobs-queue (jobs)", "jobs-goodput (accelerator-hours)"]);
    expect(charts[0]!.series[0]!.values).toEqual([0, 25, 50, 75]);
    expect(charts[1]!.series.map((s) => s.name)).toEqual(["queued", "running", "paused (maneuver)"]);
  });

  it("counts what happened to the jobs, by kind", () => {
    const html = jobsSection({ metrics, events });
    expect(html).toContain("<tr><td>jobs submitted</td><td>2</td></tr>");
    expect(html).toContain("<tr><td>jobs completed</td><td>1</td></tr>");
    expect(html).toContain("<td>1 (1 accelerator-hours lost)</td>");
    expect(html).toContain("<tr><td>preempted: paused for a maneuver</td><td>1</td></tr>");
    expect(html).toContain("<tr><td>goodput</td><td>45 accelerator-hours (96.8 % of delivered + stalled)</td></tr>");
    expect(html).toContain("<tr><td>energy-aware</td><td>2</td><td>35</td><td>35</td><td>62.5</td></tr>");
    expect(html).toContain("<tr><td>batch</td><td>1</td><td>1</td><td>0</td><td>2</td><td>4</td></tr>");
    expect(html).toContain("<tr><td>training</td><td>1</td><td>0</td><td>1</td><td>-</td><td>-</td></tr>");
  });

  it("says so when the run kept no scheduler metrics", () => {
    expect(jobsSection({ metrics: [], events })).toContain("kept no scheduler metrics");
  });
});
