/** Sends `clock.restore` to every participant and waits for each to answer on `clock.restored`. */
import { clockRestore, clockRestored, subjects } from "@orbitwin/protocol";
import type { Bus, WallClock } from "@orbitwin/runtime";

export interface RestoreOutcome {
  /** participants that refused, with why, or did not answer in time */
  failed: Map<string, string>;
}

export async function restoreParticipants(options: { bus: Bus; run: string; tick: number; epoch: number; participants: readonly string[]; timeoutMs: number; wallClock: WallClock; restoreId: string }): Promise<RestoreOutcome> {
  const { bus, run, restoreId } = options;
  const waiting = new Set(options.participants);
  const failed = new Map<string, string>();
  let resolveAll!: () => void;
  const allAnswered = new Promise<void>((resolve) => (resolveAll = resolve));
  const sub = bus.subscribe(subjects.clockRestored(run), (msg) => {
    let answer;
    try {
      answer = clockRestored.decode(msg.data);
    } catch {
      return;
    }
    if (answer.restoreId !== restoreId || !waiting.delete(answer.participant)) return;
    if (!answer.ok) failed.set(answer.participant, answer.error ?? "refused");
    if (waiting.size === 0) resolveAll();
  });
  try {
    await bus.flush();
    bus.publish(subjects.clockRestore(run), clockRestore.encode({ v: 1, tick: options.tick, epoch: options.epoch, restoreId }));
    if (waiting.size > 0) {
      const timer = new AbortController();
      await Promise.race([allAnswered, options.wallClock.sleep(options.timeoutMs, timer.signal)]);
      timer.abort();
    }
    for (const p of waiting) failed.set(p, `no answer within ${options.timeoutMs} ms`);
    return { failed };
  } finally {
    sub.unsubscribe();
  }
}
