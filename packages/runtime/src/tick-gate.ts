/**
 * Which clock ticks a participant acts on: each (tick, epoch) once, newer ticks, and a tick rerun
 * under a newer assignment epoch; never a duplicate or an older tick that arrives late. A restore
 * moves the gate back to the checkpoint.
 */
export class TickGate {
  #tick = -1;
  #epoch = -1;

  /** True when the participant should act on this tick (and it is recorded as the latest). */
  accept(tick: number, epoch: number): boolean {
    const newer = tick > this.#tick || (tick === this.#tick && epoch > this.#epoch);
    if (!newer) return false;
    this.#tick = tick;
    this.#epoch = epoch;
    return true;
  }

  /** After a restore to checkpoint `tick` under `epoch`: the next tick is tick + 1. */
  reset(tick: number, epoch: number): void {
    this.#tick = tick;
    this.#epoch = epoch;
  }
}
