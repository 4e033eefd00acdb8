/**
 * Progress of a long command on stderr: on a terminal, one bar redrawn in place with the share
 * done, the achieved rate and the time left; otherwise a plain line every few seconds, so logs
 * stay readable. Commands turn it off for --json.
 */

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  label: string;
  /** the amount that means done, in the caller's unit */
  total: number;
  /** Rate for humans, from units done per wall second. @default "<n>/s" */
  formatRate?: (perSecond: number) => string;
  /** Amount for humans. @default rounded count */
  formatAmount?: (amount: number) => string;
  /** @default process.stderr */
  sink?: ProgressSink;
  /** Plain-line period off a terminal, ms. @default 5000 */
  lineEveryMs?: number;
  /** Wall clock, ms. @default performance.now */
  now?: () => number;
  /** false: print nothing (for --json). @default true */
  enabled?: boolean;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export interface ProgressLine {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  formatRate: (perSecond: number) => string;
  formatAmount: (amount: number) => string;
  bar: boolean;
}

/** "label [#####-----] 42% 1,234/2,938  55/s  ETA 31 s": pure, for tests and both outputs. */
export function renderProgress(p: ProgressLine): string {
  const share = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  const perSecond = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
  const leftS = perSecond > 0 ? (p.total - p.done) / perSecond : Infinity;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = p.bar ? ` [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]` : "";
  return `${p.label}${bar} ${(share * 100).toFixed(0)}% ${p.formatAmount(p.done)}/${p.formatAmount(p.total)}  ${p.formatRate(perSecond)}  ETA ${formatEta(leftS)}`;
}

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return "-";
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export class Progress {
  readonly #o: Required<Omit<ProgressOptions, "sink">> & { sink: ProgressSink };
  readonly #startMs: number;
  #done = 0;
  #lastDrawMs: number;
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#o = {
      formatRate: (r) => `${r.toFixed(r >= 10 ? 0 : 1)}/s`,
      formatAmount: (a) => Math.round(a).toLocaleString("en-US"),
      sink: process.stderr,
      lineEveryMs: 5000,
      now: () => performance.now(),
      enabled: true,
      ...options,
    };
    this.#startMs = this.#o.now();
    // Nothing until the first period has passed: a command that ends sooner prints no progress.
    this.#lastDrawMs = this.#startMs;
  }

  update(done: number): void {
    this.#done = done;
    if (!this.#o.enabled) return;
    const nowMs = this.#o.now();
    const tty = this.#o.sink.isTTY === true;
    if (nowMs - this.#lastDrawMs < (tty ? REDRAW_MS : this.#o.lineEveryMs)) return;
    this.#lastDrawMs = nowMs;
    this.#draw(tty);
  }

  /** Shows the final state and closes the line, when progress was shown at all. */
  finish(): void {
    if (!this.#o.enabled || !this.#drawn) return;
    const tty = this.#o.sink.isTTY === true;
    this.#draw(tty);
    if (tty) this.#o.sink.write("\n");
    this.#drawn = false;
  }

  #draw(tty: boolean): void {
    const line = renderProgress({
      label: this.#o.label,
      done: this.#done,
      total: this.#o.total,
      elapsedMs: this.#o.now() - this.#startMs,
      formatRate: this.#o.formatRate,
      formatAmount: this.#o.formatAmount,
      bar: tty,
    });
    this.#o.sink.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    this.#drawn = true;
  }
}
