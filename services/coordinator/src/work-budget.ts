/**
 * How long a fleet host may take over work that grows with its satellites: loading clusters (an
 * assignment, a restore) and stepping a tick. A deadline is a floor plus a budget per satellite, so
 * a host holding half a million satellites is judged by the same rule as one holding fifty; the
 * expected time (the budget alone) is how long the host may be silent while it works, since a
 * host that loads or steps in one synchronous stretch cannot heartbeat meanwhile.
 *
 * A tick that follows a checkpoint tick costs a host a load's worth more: it saves every cluster
 * before stepping.
 *
 * Figures measured here (2 cores shared by two hosts, NATS, the coordinator and other work,
 * orbits only, 500,000 satellites a host): loading took 17 to 20 s (34 to 40 us a satellite), and
 * 500,000 more beside those 51 s (100 us); a host was silent 12 to 15 s in its first tick (cold,
 * telemetry of 1,000 clusters included: up to 30 us a satellite), 3 to 4 s in later ones, and 7 to
 * 15 s in a tick that saved a checkpoint. The defaults leave room above those: 100 us to load,
 * 50 us to step.
 */
export interface WorkBudgetOptions {
  /** Least time allowed for an assignment or a restore. @default 30000 ms */
  loadFloorMs?: number;
  /** Least time allowed for a tick. @default 30000 ms */
  tickFloorMs?: number;
  /** Time allowed to load one satellite (from its definition or a checkpoint). @default 0.1 ms */
  loadMsPerSatellite?: number;
  /** Time allowed to step one satellite and publish its telemetry. @default 0.05 ms */
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
    this.#stepMsPerSatellite = options.stepMsPerSatellite ?? 0.05;
  }

  /** How long loading `satellites` is expected to keep a host busy. */
  loadMs(satellites: number): number {
    return Math.floor(satellites * this.#loadMsPerSatellite);
  }

  /** How long a tick of `satellites` is expected to keep a host busy (saving them first, after a checkpoint tick). */
  tickMs(satellites: number, options: { saving: boolean }): number {
    return Math.floor(satellites * this.#stepMsPerSatellite) + (options.saving ? this.loadMs(satellites) : 0);
  }

  /** The deadline for a host to answer an assignment or a restore of `satellites`. */
  loadDeadlineMs(satellites: number): number {
    return this.#loadFloorMs + this.loadMs(satellites);
  }

  /** The deadline for a tick whose busiest host steps `satellites`. */
  tickDeadlineMs(satellites: number, options: { saving: boolean }): number {
    return this.#tickFloorMs + this.tickMs(satellites, options);
  }
}
