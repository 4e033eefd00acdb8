/**
 * Which satellites someone wants on their own telemetry subject, and until when (wall ms).
 * Leases expire so a watcher that goes away costs nothing.
 */
export class WatchLeases {
  readonly #untilMs = new Map<string, number>();
  /** Upper bound on watched satellites per host, so a flood of requests cannot grow memory. */
  readonly #maxSatellites: number;

  constructor(maxSatellites = 10_000) {
    this.#maxSatellites = maxSatellites;
  }

  /** Returns how many of `sats` were granted. */
  grant(sats: readonly string[], nowMs: number, leaseMs: number): number {
    let granted = 0;
    for (const sat of sats) {
      if (!this.#untilMs.has(sat) && this.#untilMs.size >= this.#maxSatellites) continue;
      this.#untilMs.set(sat, nowMs + leaseMs);
      granted++;
    }
    return granted;
  }

  /** Live leases at `nowMs`, pruning expired ones. */
  active(nowMs: number): string[] {
    const live: string[] = [];
    for (const [sat, untilMs] of this.#untilMs) {
      if (untilMs <= nowMs) this.#untilMs.delete(sat);
      else live.push(sat);
    }
    return live;
  }

  get size(): number {
    return this.#untilMs.size;
  }
}
