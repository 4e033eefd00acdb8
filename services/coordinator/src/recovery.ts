/**
 * When the run must go back to a checkpoint, and to which. Every participant goes back to the
 * last recorded checkpoint after one was lost, replaced or added, or clusters moved, once the run
 * has begun (before the first checkpoint, the start of the run, tick -1, is the checkpoint); an
 * operator's `restore TICK` picks the checkpoint. A need that arises while a restore is under way
 * is not met by it (the participant that caused it may not be in it): another restore follows.
 */
export const RESTORE_RETRY_MS = 1000;

export interface RestoreTicket {
  tick: number;
  /** an operator's choice: later checkpoints are dropped */
  chosen: boolean;
  /** the needs this restore meets */
  need: number;
}

export class Recovery {
  #needs = 0;
  #met = 0;
  #chosenTick: number | undefined;
  #retryAtMs = Number.NEGATIVE_INFINITY;
  #lastCheckpoint: number | undefined;
  /** restores done: a checkpoint completed before one belongs to a timeline the run has left */
  #timeline = 0;

  /** The newest recorded checkpoint, if any. */
  get lastCheckpoint(): number | undefined {
    return this.#lastCheckpoint;
  }

  get timeline(): number {
    return this.#timeline;
  }

  need(): void {
    this.#needs++;
  }

  /** An operator's restore: back to `tick` (a complete checkpoint). */
  goBackTo(tick: number): void {
    this.#chosenTick = tick;
    this.#needs++;
  }

  /**
   * The checkpoint the restore under way went back to is corrupt (and discarded): go back to
   * `tick`, an older one, instead, as an operator's choice would, so the later ones are dropped.
   */
  fallBackTo(tick: number): void {
    this.#chosenTick = tick;
    this.#retryAtMs = Number.NEGATIVE_INFINITY;
  }

  /** A resumed run starts from its newest checkpoint. */
  resumeFrom(tick: number): void {
    this.#lastCheckpoint = tick;
    this.#needs++;
  }

  /** The restore due, if any: to which tick, and not before when. */
  pending(): { tick: number; retryAtMs: number } | undefined {
    if (this.#met === this.#needs) return undefined;
    return { tick: this.#chosenTick ?? this.#lastCheckpoint ?? -1, retryAtMs: this.#retryAtMs };
  }

  begin(): RestoreTicket {
    const tick = this.#chosenTick ?? this.#lastCheckpoint ?? -1;
    return { tick, chosen: this.#chosenTick !== undefined, need: this.#needs };
  }

  /** Someone did not answer or refused: try again shortly. */
  failed(nowMs: number): void {
    this.#retryAtMs = nowMs + RESTORE_RETRY_MS;
  }

  succeeded(ticket: RestoreTicket): void {
    this.#met = Math.max(this.#met, ticket.need);
    this.#timeline++;
    this.#retryAtMs = Number.NEGATIVE_INFINITY;
    if (ticket.chosen) {
      this.#lastCheckpoint = ticket.tick;
      if (this.#chosenTick === ticket.tick) this.#chosenTick = undefined;
    }
  }

  /**
   * The manifest of checkpoint `tick` is written. It counts unless a restore came between its
   * completion (in timeline `timeline`) and now.
   */
  recorded(tick: number, timeline: number): boolean {
    if (timeline !== this.#timeline) return false;
    this.#lastCheckpoint = Math.max(this.#lastCheckpoint ?? -1, tick);
    return true;
  }
}
