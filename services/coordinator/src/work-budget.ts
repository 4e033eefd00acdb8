/**
 * How long a fleet host may take over work that grows with its satellites: loading clusters (an
 * assignment, a restore) and stepping a tick. A deadline is a floor plus a budget per satellite, so
 * a host holding half a million satellites is judged by the same rule as one holding fifty; the
 * expected time (the budget alone) is how long the host may be silent while it works, since a
 * host that loads or steps in one synchronous stretch cannot heartbeat meanwhile.
 *
 * Figures measured here (2 cores shared by two hosts, NATS and the coordinator, orbits only): a
 * host loaded 500,000 satellites in 17 s (34 us each) and 500,000 more, beside those, in 51 s
 * (100 us each); a step costs about 1 us per satellite (2 with every subsystem). The defaults leave
 * room above both: 100 us to load, 10 us to step.
 */
export interface WorkBudgetOptions {
  /** Least time allowed for an assignment or a restore. @default 30000 ms */
  loadFloorMs?: number;
  /** Least time allowed for a tick. @default 30000 ms */
  tickFloorMs?: number;
  /** Time allowed to load one satellite (from its definition or a checkpoint). @default 0.1 ms */
  loadMsPerSatellite?: number;
  /** Time allowed to step one satellite and publish its telemetry. @default 0.01 ms */
  stepMsPerSatellite?: number;
}

export class WorkBudget {
  readonly #loadFloorMs: number;
  readonly #tickFloorMs: number;
  readonly #loadMsPerSatellite: number;
  readonly #stepMsPerSatellite: number;

  constructor(options: WorkBudgetOptions = {}) {
    this.#loadFloorMs = options.loadFloorMs ?? 30_000;
    this.#tickFloorMs = options.tickFloorMs ?? 30_000;
    this.#loadMsPerSatellite = options.loadMsPerSatellite ?? 0.1;
    this.#stepMsPerSatellite = options.stepMsPerSatellite ?? 0.01;
  }

  /** How long loading `satellites` is expected to keep a host busy. */
  loadMs(satellites: number): number {
    return Math.round(satellites * this.#loadMsPerSatellite);
  }

  /** How long stepping `satellites` is expected to keep a host busy. */
  stepMs(satellites: number): number {
    return Math.round(satellites * this.#stepMsPerSatellite);
  }

  /** The deadline for a host to answer an assignment or a restore of `satellites`. */
  loadDeadlineMs(satellites: number): number {
    return this.#loadFloorMs + this.loadMs(satellites);
  }

  /** The deadline for a tick whose busiest host steps `satellites`. */
  tickDeadlineMs(satellites: number): number {
    return this.#tickFloorMs + this.stepMs(satellites);
  }
}
