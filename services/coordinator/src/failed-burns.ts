/**
 * Burns the fleet hosts reported as not flown, by the tick they were due. The coordinator relays a
 * tick's failures with the next tick's announcement, so every participant (debris-watch, which
 * assumed the burn) learns of them at the same tick in every run, whatever order the messages
 * took. Kept back to the newest checkpoint, which a restore may return to; a checkpoint stores its
 * own tick's failures, for a coordinator that resumes from it.
 */
import type { ManeuverFailure } from "@orbitwin/protocol";

const order = (a: ManeuverFailure, b: ManeuverFailure) =>
  a.sat < b.sat ? -1 : a.sat > b.sat ? 1 : a.maneuver < b.maneuver ? -1 : a.maneuver > b.maneuver ? 1 : 0;

export class FailedBurns {
  readonly #byTick = new Map<number, ManeuverFailure[]>();

  /** What the hosts reported for a completed tick (a tick run again replaces its entry). */
  record(tick: number, failures: readonly ManeuverFailure[]): void {
    if (failures.length === 0) this.#byTick.delete(tick);
    else this.#byTick.set(tick, [...failures].sort(order));
  }

  has(tick: number): boolean {
    return this.#byTick.has(tick);
  }

  of(tick: number): ManeuverFailure[] {
    return this.#byTick.get(tick) ?? [];
  }

  /** Ticks before the newest checkpoint are never returned to. */
  forgetBefore(tick: number): void {
    for (const t of this.#byTick.keys()) if (t < tick) this.#byTick.delete(t);
  }

  /** Back at checkpoint `tick`: the ticks after it will be run, and reported, again. */
  dropAfter(tick: number): void {
    for (const t of this.#byTick.keys()) if (t > tick) this.#byTick.delete(t);
  }
}
