/**
 * One restore: `clock.restore` to every participant, each answering on `clock.restored`. It ends
 * when all have answered, at its deadline, or when every participant still awaited was abandoned
 * (lost meanwhile: waiting for it would only wait for the deadline).
 */
import { ErrorCodes, clockRestore, clockRestored, subjects } from "@orbitwin/protocol";
import type { Bus, WallClock } from "@orbitwin/runtime";

export interface RestoreRoundOptions {
  bus: Bus;
  run: string;
  tick: number;
  epoch: number;
  participants: readonly string[];
  timeoutMs: number;
  wallClock: WallClock;
  restoreId: string;
}

export class RestoreRound {
  readonly #options: RestoreRoundOptions;
  readonly #waiting: Set<string>;
  /** participants that refused (with why), did not answer in time, or were abandoned */
  readonly #failed = new Map<string, string>();
  /** participants that found the checkpoint corrupt: a retry of it would fail again */
  readonly corrupt = new Set<string>();
  #settle: () => void = () => undefined;

  constructor(options: RestoreRoundOptions) {
    this.#options = options;
    this.#waiting = new Set(options.participants);
  }

  /** Participants among `ids` are given up on (they were lost). */
  abandon(ids: readonly string[], why = "lost during the restore"): void {
    for (const id of ids) if (this.#waiting.delete(id)) this.#failed.set(id, why);
    if (this.#waiting.size === 0) this.#settle();
  }

  /** Gives up on every participant still awaited (the coordinator is stopping). */
  cancel(): void {
    this.abandon([...this.#waiting], "the coordinator stopped");
  }

  /** Resolves with the participants that did not go back, and why. */
  async run(): Promise<Map<string, string>> {
    const { bus, run, restoreId, wallClock, timeoutMs } = this.#options;
    const settled = new Promise<void>((resolve) => (this.#settle = resolve));
    const sub = bus.subscribe(subjects.allClockRestored(run), (msg) => {
      let answer;
      try {
        answer = clockRestored.decode(msg.data);
      } catch {
        return;
      }
      // Only the participant itself may publish on the subject ending in its id (its NATS role pins it).
      if (msg.subject !== subjects.clockRestored(run, answer.participant)) return;
      if (answer.restoreId !== restoreId || !this.#waiting.delete(answer.participant)) return;
      if (!answer.ok) this.#failed.set(answer.participant, answer.error ?? "refused");
      if (!answer.ok && answer.code === ErrorCodes.corruptCheckpoint) this.corrupt.add(answer.participant);
      if (this.#waiting.size === 0) this.#settle();
    });
    try {
      await bus.flush();
      bus.publish(subjects.clockRestore(run), clockRestore.encode({ v: 1, tick: this.#options.tick, epoch: this.#options.epoch, restoreId }));
      if (this.#waiting.size > 0) {
        const timer = new AbortController();
        await Promise.race([settled, wallClock.sleep(timeoutMs, timer.signal)]);
        timer.abort();
      }
      for (const p of this.#waiting) this.#failed.set(p, `no answer within ${timeoutMs} ms`);
      return this.#failed;
    } finally {
      sub.unsubscribe();
    }
  }
}
