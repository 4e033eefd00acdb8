/** Recent tick lags and achieved speed, in bounded rings (no growth over long runs). */
export class TickStats {
  readonly #lagsMs: Float64Array;
  #lagCount = 0;
  #lagNext = 0;
  readonly #window: { wallMs: number; simTimeMs: number }[] = [];
  readonly #windowSize: number;

  constructor(lagCapacity = 1000, speedWindow = 20) {
    this.#lagsMs = new Float64Array(lagCapacity);
    this.#windowSize = speedWindow;
  }

  record(lagMs: number, wallMs: number, simTimeMs: number): void {
    this.#lagsMs[this.#lagNext] = lagMs;
    this.#lagNext = (this.#lagNext + 1) % this.#lagsMs.length;
    this.#lagCount = Math.min(this.#lagCount + 1, this.#lagsMs.length);
    this.#window.push({ wallMs, simTimeMs });
    if (this.#window.length > this.#windowSize) this.#window.shift();
  }

  /** Forgets the speed window (after a pause or a speed change) but keeps lags. */
  resetSpeed(): void {
    this.#window.length = 0;
  }

  /** Simulation seconds per wall second over the window; 0 until two ticks are known. */
  achievedSpeed(): number {
    const first = this.#window[0];
    const last = this.#window[this.#window.length - 1];
    if (!first || !last || last.wallMs <= first.wallMs) return 0;
    return (last.simTimeMs - first.simTimeMs) / (last.wallMs - first.wallMs);
  }

  /** Lag percentile (0..100) over recent ticks, ms; 0 when none. */
  lagPercentileMs(p: number): number {
    if (this.#lagCount === 0) return 0;
    const sorted = Array.from(this.#lagsMs.subarray(0, this.#lagCount)).sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, rank)]!;
  }
}
