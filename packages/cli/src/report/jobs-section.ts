/**
 * The report's Jobs section, for a run the scheduler took part in: utilization, the queue and
 * goodput over time (its metrics of every tick, stream ot-<run>-jobs), goodput by placement
 * policy, and what happened to the jobs (its events). Pure.
 */
import { EventKinds, type OrbitwinEvent } from "@orbitwin/protocol";
import type { SchedulerSample } from "../history/history-data.js";
import { dataOf } from "./events-of.js";
import { formatValue, table } from "./html.js";
import { CHART_COLORS as C, renderChartSection, type ChartSpec } from "./uplot-chart.js";

export interface JobsInput {
  /** the scheduler's metrics, one per tick, in time order */
  metrics: readonly SchedulerSample[];
  events: readonly OrbitwinEvent[];
}

/** Whether the scheduler took part in the run: it joined the clock, or left metrics or job events behind. */
export function schedulerRan({ metrics, events }: JobsInput): boolean {
  return metrics.length > 0 || events.some((e) => (e.kind === EventKinds.participantJoined && e.data.role === "scheduler") || e.kind.startsWith("job-"));
}

export interface PolicyShare {
  policy: string;
  ticks: number;
  /** goodput earned while this policy placed the jobs, accelerator-hours */
  goodputAcceleratorHours: number;
  /** work delivered meanwhile, accelerator-hours */
  deliveredAcceleratorHours: number;
  /** mean of the ticks' utilization, 0..1 */
  meanUtilization: number;
}

/** Goodput by placement policy: each tick's gain in goodput and delivered work goes to the policy of that tick. */
export function goodputByPolicy(metrics: readonly SchedulerSample[]): PolicyShare[] {
  const shares = new Map<string, PolicyShare>();
  let goodput = 0;
  let delivered = 0;
  for (const m of metrics) {
    const share = shares.get(m.policy) ?? { policy: m.policy, ticks: 0, goodputAcceleratorHours: 0, deliveredAcceleratorHours: 0, meanUtilization: 0 };
    share.goodputAcceleratorHours += m.goodputAcceleratorHours - goodput;
    share.deliveredAcceleratorHours += m.deliveredAcceleratorHours - delivered;
    share.meanUtilization += (m.utilization - share.meanUtilization) / ++share.ticks;
    shares.set(m.policy, share);
    goodput = m.goodputAcceleratorHours;
    delivered = m.deliveredAcceleratorHours;
  }
  return [...shares.values()];
}

export function jobsCharts(metrics: readonly SchedulerSample[]): ChartSpec[] {
  const timesMs = metrics.map((m) => m.simTimeMs);
  return [
    {
      id: "jobs-utilization",
      title: "Accelerator utilization: given work / able to compute",
      yUnit: "%",
      timesMs,
      includeZero: true,
      series: [{ name: "utilization", color: C[0], values: metrics.map((m) => m.utilization * 100) }],
    },
    {
      id: "jobs-queue",
      title: "Jobs by state",
      yUnit: "jobs",
      timesMs,
      includeZero: true,
      integer: true,
      series: [
        { name: "queued", color: C[1], values: metrics.map((m) => m.queued), step: true },
        { name: "running", color: C[2], values: metrics.map((m) => m.running), step: true },
        { name: "paused (maneuver)", color: C[3], values: metrics.map((m) => m.paused), step: true },
      ],
    },
    {
      id: "jobs-goodput",
      title: "Work delivered to jobs, so far",
      yUnit: "accelerator-hours",
      timesMs,
      includeZero: true,
      series: [
        { name: "delivered", color: C[0], values: metrics.map((m) => m.deliveredAcceleratorHours) },
        { name: "goodput (kept)", color: C[2], values: metrics.map((m) => m.goodputAcceleratorHours) },
        { name: "lost to restarts", color: C[1], values: metrics.map((m) => m.lostAcceleratorHours) },
        { name: "stalled (held, no progress)", color: C[3], values: metrics.map((m) => m.stalledAcceleratorHours) },
      ],
    },
  ];
}

/** Per job kind: submitted, completed, interrupted, and the completed jobs' mean wait and energy. */
function byKind(events: readonly OrbitwinEvent[]): (string | number)[][] {
  const submitted = dataOf(events, EventKinds.jobSubmitted);
  const completed = dataOf(events, EventKinds.jobCompleted);
  const interrupted = dataOf(events, EventKinds.jobInterrupted);
  const kinds = [...new Set([...submitted, ...completed].map((d) => d.kind))].sort();
  return kinds.map((kind) => {
    const done = completed.filter((d) => d.kind === kind);
    const count = (list: readonly { kind: string }[]) => list.filter((d) => d.kind === kind).length;
    const mean = (f: (d: (typeof done)[number]) => number) => (done.length === 0 ? "-" : formatValue(done.reduce((a, d) => a + f(d), 0) / done.length));
    return [kind, count(submitted), done.length, count(interrupted), mean((d) => d.queueWaitS / 60), mean((d) => d.energyWh / 1000)];
  });
}

export function jobsSection(input: JobsInput): string {
  const { metrics, events } = input;
  const last = metrics.at(-1);
  const count = (kind: string) => events.filter((e) => e.kind === kind).length;
  const lostOnInterrupt = dataOf(events, EventKinds.jobInterrupted).reduce((a, d) => a + d.lostAcceleratorHours, 0);
  const facts: (string | number)[][] = [
    ["jobs submitted", count(EventKinds.jobSubmitted)],
    ["jobs completed", last ? last.completed : count(EventKinds.jobCompleted)],
    [
      "interrupted: a satellite under them failed, restarted from a checkpoint",
      `${count(EventKinds.jobInterrupted)} (${formatValue(lostOnInterrupt)} accelerator-hours lost)`,
    ],
    ["preempted: paused for a maneuver", count(EventKinds.jobPaused)],
    ["migrated ahead of an eclipse", count(EventKinds.jobMigrated)],
    ["checkpoints taken", count(EventKinds.jobCheckpointed)],
  ];
  if (last) {
    facts.push(
      ["queued / running / paused at the end", `${last.queued} / ${last.running} / ${last.paused}`],
      ["goodput", `${formatValue(last.goodputAcceleratorHours)} accelerator-hours (${formatValue(last.goodputFraction * 100)} % of delivered + stalled)`],
      ["mean queue wait of placed jobs", `${formatValue(last.meanQueueWaitS / 60)} min`],
      ["energy per completed job", `${formatValue(last.energyPerCompletedJobWh / 1000)} kWh`],
    );
  }
  const policies = goodputByPolicy(metrics);
  const parts = [
    table(["", ""], facts),
    metrics.length === 0
      ? `<p class="n">The run kept no scheduler metrics (stream ot-&lt;run&gt;-jobs), so there is no utilization, queue or goodput over time.</p>`
      : jobsCharts(metrics).map(renderChartSection).join("\n"),
  ];
  if (policies.length > 0) {
    parts.push(
      `<h3>Goodput by placement policy</h3>`,
      table(
        ["policy", "ticks", "goodput (accelerator-hours)", "delivered (accelerator-hours)", "mean utilization (%)"],
        policies.map((p) => [
          p.policy,
          p.ticks,
          formatValue(p.goodputAcceleratorHours),
          formatValue(p.deliveredAcceleratorHours),
          formatValue(p.meanUtilization * 100),
        ]),
      ),
    );
    if (policies.length === 1)
      parts.push(`<p class="n">One policy placed every job of this run; run the scenario again with <code>--policy</code> to compare.</p>`);
  }
  const kinds = byKind(events);
  if (kinds.length > 0) {
    parts.push(
      `<h3>By kind of job</h3>`,
      table(["kind", "submitted", "completed", "interrupted", "mean queue wait of completed (min)", "mean energy of completed (kWh)"], kinds),
    );
  }
  return parts.join("\n");
}
