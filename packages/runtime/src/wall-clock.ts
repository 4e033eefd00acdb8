/**
 * Wall time, injected. Simulation code never reads wall time; services use it only for pacing,
 * heartbeats and leases, and tests drive a ManualWallClock.
 */
export interface WallClock {
  /** ms since 1970 UTC */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once after `ms`, unless the returned function is called first. */
  after(ms: number, fn: () => void): () => void;
  /** Calls `fn` every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const systemWallClock: WallClock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    }),
  after: (ms: number, fn: () => void) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  every: (ms: number, fn: () => void) => {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
});

/** A clock that moves only when told: `advance(ms)` fires due sleeps and intervals in time order. */
export class ManualWallClock implements WallClock {
  #nowMs: number;
  #timers: { dueMs: number; periodMs: number; fire: () => void; id: number }[] = [];
  #nextId = 0;

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const id = this.#add(ms, 0, () => resolve());
      signal?.addEventListener(
        "abort",
        () => {
          this.#remove(id);
          resolve();
        },
        { once: true },
      );
    });
  }

  after(ms: number, fn: () => void): () => void {
    const id = this.#add(ms, 0, fn);
    return () => this.#remove(id);
  }

  every(ms: number, fn: () => void): () => void {
    const id = this.#add(ms, ms, fn);
    return () => this.#remove(id);
  }

  /** Moves time forward, firing everything that falls due on the way. */
  advance(ms: number): void {
    const targetMs = this.#nowMs + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.dueMs - b.dueMs || a.id - b.id);
      const next = this.#timers[0];
      if (!next || next.dueMs > targetMs) break;
      this.#nowMs = next.dueMs;
      if (next.periodMs > 0) next.dueMs += next.periodMs;
      else this.#timers.shift();
      next.fire();
    }
    this.#nowMs = targetMs;
  }

  /**
   * Moves time forward as a stalled process sees it (a long synchronous step, a frozen machine):
   * nothing fires on the way; afterwards each timer that fell due fires once, late, at the new time.
   */
  stall(ms: number): void {
    this.#nowMs += ms;
    const due = this.#timers.filter((t) => t.dueMs <= this.#nowMs).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id);
    for (const t of due) {
      if (t.periodMs > 0) t.dueMs = this.#nowMs + t.periodMs;
      else this.#remove(t.id);
      t.fire();
    }
  }

  #add(ms: number, periodMs: number, fire: () => void): number {
    const id = this.#nextId++;
    this.#timers.push({ dueMs: this.#nowMs + ms, periodMs, fire, id });
    return id;
  }

  #remove(id: number): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }
}
