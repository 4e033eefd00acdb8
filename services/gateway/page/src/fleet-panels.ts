/**
 * The fleet and jobs panels: the history the gateway kept (so a page opened late starts with the
 * recent past) and each new tick, charted with uPlot.
 */
import { HEALTH_COLORS } from "./colors.js";
import { timeCharts, type ChartOf } from "./charts.js";

/** What the panels read of a fleet message (protocol's FleetTelemetry). */
export interface FleetMessage {
  tick: number;
  simTimeMs: number;
  satellites: number;
  hosts: number;
  sunlit: number;
  achievedSpeed: number;
  tickLagMs: number;
  subsystems?: {
    generatedW: number;
    consumedW: number;
    acceleratorsActive: number;
    acceleratorsFailed: number;
    sparesLeft: number;
    tempComputeMinK: number;
    tempComputeMeanK: number;
    tempComputeMaxK: number;
    byHealth: number[];
  };
}

/** What the jobs panel reads of a scheduler metrics message (protocol's SchedulerStatus). */
export interface JobsMessage {
  tick: number;
  simTimeMs?: number;
  policy: string;
  queued: number;
  running: number;
  paused: number;
  completed: number;
  utilization: number;
  goodputFraction: number;
  deliveredAcceleratorHours: number;
  goodputAcceleratorHours: number;
}

const KEEP = 600;

type Subsystems = NonNullable<FleetMessage["subsystems"]>;

/** A line reading a field of a message's subsystems: a gap where the satellites have no bus. */
const ofSubsystems = (label: string, color: string, pick: (s: Subsystems) => number) => ({
  label,
  color,
  value: (m: FleetMessage) => (m.subsystems ? pick(m.subsystems) : null),
});

function fleetCharts(healthNames: readonly string[]): ChartOf<FleetMessage>[] {
  return [
    { title: "power, W", lines: [ofSubsystems("generated", "#f2d43d", (s) => s.generatedW), ofSubsystems("used", "#e04646", (s) => s.consumedW)] },
    {
      title: "accelerators",
      lines: [
        ofSubsystems("working", "#3ecf6e", (s) => s.acceleratorsActive),
        ofSubsystems("failed", "#e04646", (s) => s.acceleratorsFailed),
        ofSubsystems("spare", "#3dd6f2", (s) => s.sparesLeft),
      ],
    },
    {
      title: "compute temperature, K",
      lines: [
        ofSubsystems("min", "#3d7bf2", (s) => s.tempComputeMinK),
        ofSubsystems("mean", "#f29a3d", (s) => s.tempComputeMeanK),
        ofSubsystems("max", "#e04646", (s) => s.tempComputeMaxK),
      ],
    },
    {
      title: "satellites per health state",
      lines: healthNames.map((name, k) => ofSubsystems(name, HEALTH_COLORS[k] ?? "#fff", (s) => s.byHealth[k] ?? 0)),
    },
  ];
}

/** A line reading a field of the scheduler's metrics. */
const ofJobs = (label: string, color: string, value: (m: JobsMessage) => number) => ({ label, color, value });

const JOBS_CHARTS: readonly ChartOf<JobsMessage>[] = [
  {
    title: "utilization and goodput, fraction",
    lines: [ofJobs("utilization", "#3dd6f2", (m) => m.utilization), ofJobs("goodput", "#3ecf6e", (m) => m.goodputFraction)],
  },
  {
    title: "jobs",
    lines: [
      ofJobs("queued", "#f2d43d", (m) => m.queued),
      ofJobs("running", "#3ecf6e", (m) => m.running),
      ofJobs("paused", "#f29a3d", (m) => m.paused),
      ofJobs("completed", "#8fa0c8", (m) => m.completed),
    ],
  },
  {
    title: "accelerator-hours",
    lines: [ofJobs("delivered", "#3dd6f2", (m) => m.deliveredAcceleratorHours), ofJobs("goodput", "#3ecf6e", (m) => m.goodputAcceleratorHours)],
  },
];

export class FleetPanel {
  readonly #info: HTMLElement;
  readonly #chart: (xMs: readonly number[], rows: readonly FleetMessage[]) => void;
  readonly #rows: FleetMessage[] = [];

  constructor(info: HTMLElement, charts: HTMLElement, healthNames: readonly string[]) {
    this.#info = info;
    this.#chart = timeCharts(charts, fleetCharts(healthNames));
  }

  /** History first (oldest first), then one message per tick. */
  add(messages: readonly FleetMessage[]): void {
    this.#rows.push(...messages);
    if (this.#rows.length > KEEP) this.#rows.splice(0, this.#rows.length - KEEP);
    const f = this.#rows.at(-1);
    if (!f) return;
    const s = f.subsystems;
    this.#info.textContent =
      `tick ${f.tick}  ${f.achievedSpeed.toFixed(1)}x  lag ${Math.round(f.tickLagMs)} ms\n` +
      `${f.satellites.toLocaleString()} satellites (${Math.round(f.sunlit).toLocaleString()} sunlit), ${f.hosts} hosts` +
      (s
        ? `\n${(s.generatedW / 1000).toFixed(1)} kW generated, ${(s.consumedW / 1000).toFixed(1)} kW used\n` +
          `${s.acceleratorsActive} accelerators working, ${s.acceleratorsFailed} failed, ${s.sparesLeft} spare`
        : "\n(no satellite buses in this scenario: orbits only)");
    this.#chart(
      this.#rows.map((r) => r.simTimeMs),
      this.#rows,
    );
  }

  /** Sim time of the newest tick, ms (what the jobs panel dates its metrics by). */
  get simTimeMs(): number | undefined {
    return this.#rows.at(-1)?.simTimeMs;
  }
}

export class JobsPanel {
  readonly #info: HTMLElement;
  readonly #chart: (xMs: readonly number[], rows: readonly JobsMessage[]) => void;
  readonly #rows: { simTimeMs: number; m: JobsMessage }[] = [];

  readonly #chartsEl: HTMLElement;

  constructor(info: HTMLElement, charts: HTMLElement) {
    this.#info = info;
    // A run without the scheduler shows one line, not three empty charts.
    this.#chartsEl = charts;
    charts.hidden = true;
    this.#chart = timeCharts(charts, JOBS_CHARTS);
  }

  /** Metrics carry a tick, not a time: each is dated by the fleet tick it came with. */
  add(messages: readonly JobsMessage[], simTimeOf: (m: JobsMessage) => number | undefined): void {
    for (const m of messages) {
      const t = simTimeOf(m);
      if (t !== undefined) this.#rows.push({ simTimeMs: t, m });
    }
    if (this.#rows.length > KEEP) this.#rows.splice(0, this.#rows.length - KEEP);
    const last = this.#rows.at(-1)?.m;
    if (!last) return;
    this.#chartsEl.hidden = false;
    this.#info.textContent =
      `policy ${last.policy}: goodput ${(100 * last.goodputFraction).toFixed(1)} %, utilization ${(100 * last.utilization).toFixed(1)} %\n` +
      `${last.queued} queued, ${last.running} running, ${last.paused} paused, ${last.completed} completed`;
    this.#chart(
      this.#rows.map((r) => r.simTimeMs),
      this.#rows.map((r) => r.m),
    );
  }
}
