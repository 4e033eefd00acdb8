/**
 * The avoidance burns debris-watch commanded and assumed flown, kept until the tick that would
 * report their failure has passed: a burn due on tick b that did not fly comes back on tick b + 1
 * (the coordinator relays the fleet's `maneuversFailed`), and debris-watch then needs the orbit the
 * satellite kept.
 */
import type { MeanElements } from "@orbitwin/physics";

export interface BurnInFlight {
  maneuver: string;
  sat: string;
  burnTick: number;
  /** the satellite's elements before the burn: the orbit it keeps if the burn fails */
  elementsBefore: MeanElements;
}

export class BurnsInFlight {
  readonly #burns = new Map<string, BurnInFlight>();

  add(burn: BurnInFlight): void {
    this.#burns.set(burn.maneuver, structuredClone(burn));
  }

  /** The burn with this maneuver id on this satellite, removed; undefined when it is not one of ours. */
  take(maneuver: string, sat: string): BurnInFlight | undefined {
    const burn = this.#burns.get(maneuver);
    if (!burn || burn.sat !== sat) return undefined;
    this.#burns.delete(maneuver);
    return burn;
  }

  /** On tick `tick`, a burn due before `tick - 1` can no longer be reported as failed. */
  settle(tick: number): void {
    for (const [id, b] of this.#burns) if (b.burnTick < tick - 1) this.#burns.delete(id);
  }

  snapshot(): BurnInFlight[] {
    return structuredClone([...this.#burns.values()]);
  }

  static fromSnapshot(burns: readonly BurnInFlight[] | undefined): BurnsInFlight {
    const out = new BurnsInFlight();
    for (const b of burns ?? []) out.add(b);
    return out;
  }
}
