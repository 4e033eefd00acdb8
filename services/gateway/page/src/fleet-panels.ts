/**
 * The fleet and jobs panels: the history the gateway kept (so a page opened late starts with the
 * recent past) and each new tick, charted with uPlot.
 */
import { HEALTH_COLORS } from "./colors.js";
import { timeChart, type TimeChart } from "./charts.js";

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

export class FleetPanel {
  readonly #info: HTMLElement;
  readonly #charts: { power: TimeChart; accel: TimeChart; temp: TimeChart; health: TimeChart };
  readonly #rows: FleetMessage[] = [];

  constructor(info: HTMLElement, charts: HTMLElement, healthNames: readonly string[]) {
    this.#info = info;
    this.#charts = {
      power: timeChart(charts, "power, W", [
        { label: "generated", color: "#f2d43d" },
        { label: "used", color: "#e04646" },
      ]),
      accel: timeChart(charts, "accelerators", [
        { label: "working", color: "#3ecf6e" },
        { label: "failed", color: "#e04646" },
        { label: "spare", color: "#3dd6f2" },
      ]),
      temp: timeChart(charts, "compute temperature, K", [
        { label: "min", color: "#3d7bf2" },
        { label: "mean", color: "#f29a3d" },
        { label: "max", color: "#e04646" },
      ]),
      health: timeChart(
        charts,
        "satellites per health state",
        healthNames.map((name, i) => ({ label: name, color: HEALTH_COLORS[i] ?? "#fff" })),
      ),
    };
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
    const x = this.#rows.map((r) => r.simTimeMs);
    const sub = (pick: (s: NonNullable<FleetMessage["subsystems"]>) => number) => this.#rows.map((r) => (r.subsystems ? pick(r.subsystems) : null));
    this.#charts.power.setData(x, [sub((s) => s.generatedW), sub((s) => s.consumedW)]);
    this.#charts.accel.setData(x, [sub((s) => s.acceleratorsActive), sub((s) => s.acceleratorsFailed), sub((s) => s.sparesLeft)]);
    this.#charts.temp.setData(x, [sub((s) => s.tempComputeMinK), sub((s) => s.tempComputeMeanK), sub((s) => s.tempComputeMaxK)]);
    const states = s?.byHealth.length ?? 6;
    this.#charts.health.setData(
      x,
      Array.from({ length: states }, (_, k) => sub((s) => s.byHealth[k] ?? 0)),
    );
  }

  /** Sim time of the newest tick, ms (what the jobs panel dates its metrics by). */
  get simTimeMs(): number | undefined {
    return this.#rows.at(-1)?.simTimeMs;
  }
}

export class JobsPanel {
  readonly #info: HTMLElement;
  readonly #charts: { use: TimeChart; queue: TimeChart; work: TimeChart };
  readonly #rows: { simTimeMs: number; m: JobsMessage }[] = [];

  readonly #chartsEl: HTMLElement;

  constructor(info: HTMLElement, charts: HTMLElement) {
    this.#info = info;
    // A run without the scheduler shows one line, not three empty charts.
    this.#chartsEl = charts;
    charts.hidden = true;
    this.#charts = {
      use: timeChart(charts, "utilization and goodput, fraction", [
        { label: "utilization", color: "#3dd6f2" },
        { label: "goodput", color: "#3ecf6e" },
      ]),
      queue: timeChart(charts, "jobs", [
        { label: "queued", color: "#f2d43d" },
        { label: "running", color: "#3ecf6e" },
        { label: "paused", color: "#f29a3d" },
        { label: "completed", color: "#8fa0c8" },
      ]),
      work: timeChart(charts, "accelerator-hours", [
        { label: "delivered", color: "#3dd6f2" },
        { label: "goodput", color: "#3ecf6e" },
      ]),
    };
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
    const x = this.#rows.map((r) => r.simTimeMs);
    const col = (pick: (m: JobsMessage) => number) => this.#rows.map((r) => pick(r.m));
    this.#charts.use.setData(x, [col((m) => m.utilization), col((m) => m.goodputFraction)]);
    this.#charts.queue.setData(x, [col((m) => m.queued), col((m) => m.running), col((m) => m.paused), col((m) => m.completed)]);
    this.#charts.work.setData(x, [col((m) => m.deliveredAcceleratorHours), col((m) => m.goodputAcceleratorHours)]);
  }
}
