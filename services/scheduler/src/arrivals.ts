/**
 * The scenario's job arrivals: one Poisson process per `scheduler.arrivals` entry, drawn from the
 * counter-based generator keyed by (seed, process, tick), so the jobs of a run depend only on the
 * scenario, never on timing.
 */
import { counterPoisson } from "@orbitwin/physics";
import type { JobArrival, JobSpec } from "@orbitwin/protocol";

/** Purpose word of the keyed generator for job arrivals. */
const PURPOSE_JOB_ARRIVAL = 501;

export class ArrivalProcesses {
  readonly #processes: readonly JobArrival[];
  readonly #seed: number;
  #arrived: number[];

  constructor(processes: readonly JobArrival[], seed: number) {
    this.#processes = processes;
    this.#seed = seed;
    this.#arrived = processes.map(() => 0);
  }

  /** Arrivals so far per process, for a checkpoint. */
  snapshot(): number[] {
    return [...this.#arrived];
  }

  restore(arrived: readonly number[]): void {
    this.#arrived = this.#processes.map((_, i) => arrived[i] ?? 0);
  }

  /** The jobs that arrive during tick `tick` of length `dtS`, with ids `a<process>-<n>`. */
  arrivalsAt(tick: number, dtS: number): { id: string; spec: JobSpec }[] {
    const out: { id: string; spec: JobSpec }[] = [];
    this.#processes.forEach((p, index) => {
      const drawn = counterPoisson((p.ratePerHour * dtS) / 3600, this.#seed, index, tick, PURPOSE_JOB_ARRIVAL);
      const n = p.limit === undefined ? drawn : Math.min(drawn, p.limit - this.#arrived[index]!);
      for (let k = 0; k < n; k++) {
        const spec: JobSpec = { kind: p.kind, accelerators: p.accelerators, acceleratorHours: p.acceleratorHours };
        if (p.checkpointIntervalS !== undefined) spec.checkpointIntervalS = p.checkpointIntervalS;
        if (p.latencyClass !== undefined) spec.latencyClass = p.latencyClass;
        out.push({ id: `a${index}-${this.#arrived[index]! + 1}`, spec });
        this.#arrived[index]!++;
      }
    });
    return out;
  }
}
