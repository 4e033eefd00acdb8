/**
 * Which ticks are checkpointed and when a checkpoint is complete. The services save their state
 * after deciding checkpoint tick c (confirmed in their done of c); the fleet hosts save theirs
 * with the commands decided on c, as it is before stepping c + 1 (confirmed in their done of c + 1).
 * Checkpoint c is complete once every participant of both ticks has confirmed it.
 */
import type { ClockDone } from "@orbitwin/protocol";

export class CheckpointSchedule {
  readonly everyTicks: number;
  readonly #confirmed = new Map<number, Set<string>>();
  readonly #expected = new Map<number, Set<string>>();

  constructor(everyTicks: number) {
    this.everyTicks = everyTicks;
  }

  readonly #requested = new Set<number>();

  /** The checkpoint a tick asks for, if it is a checkpoint tick. */
  askFor(tick: number): number | undefined {
    return tick % this.everyTicks === 0 || this.#requested.has(tick) ? tick : undefined;
  }

  /** True when the hosts save a checkpoint before stepping `tick` (the tick before asked for one). */
  savedBefore(tick: number): boolean {
    return this.#expected.has(tick - 1);
  }

  /** An operator's snapshot: `tick` is a checkpoint tick too. */
  requestAt(tick: number): number {
    this.#requested.add(tick);
    return tick;
  }

  confirm(done: ClockDone): void {
    if (done.checkpointed === undefined) return;
    let set = this.#confirmed.get(done.checkpointed);
    if (!set) this.#confirmed.set(done.checkpointed, (set = new Set()));
    set.add(done.host);
  }

  /** After a tick completed with these hosts and services: the checkpoint it completed, if any. */
  tickCompleted(tick: number, hosts: readonly string[], services: readonly string[]): number | undefined {
    if (this.askFor(tick) !== undefined) this.#expected.set(tick, new Set(services));
    this.#requested.delete(tick);
    const c = tick - 1;
    const expected = this.#expected.get(c);
    if (!expected) return undefined;
    for (const h of hosts) expected.add(h);
    const confirmed = this.#confirmed.get(c) ?? new Set<string>();
    this.#expected.delete(c);
    this.#confirmed.delete(c);
    for (const p of expected) if (!confirmed.has(p)) return undefined;
    return c;
  }

  /** Forgets checkpoints in progress (after a restore, they describe a timeline that is gone). */
  reset(): void {
    this.#confirmed.clear();
    this.#expected.clear();
  }
}
