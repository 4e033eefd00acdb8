/**
 * The simulation time of an event a participant raises outside a decision (a message refused,
 * say): the tick it last decided, at that tick's own time, worked out from the latest clock tick
 * it saw (tick n is at simTimeMs(seen) + (n - seen) * dtMs). History readers place an event by
 * its time, so there is no placeholder time: before the first tick such events wait for it, up to
 * MAX_WAITING (more are dropped and counted).
 */
import type { ClockTick } from "@orbitwin/protocol";

export const MAX_WAITING = 64;

export interface SimTime {
  tick: number;
  simTimeMs: number;
}

export class EventTime<E> {
  #seen: { tick: number; simTimeMs: number; dtMs: number } | undefined;
  #waiting: E[] = [];
  #dropped = 0;

  /** A clock tick arrived: the events that waited for a time, to publish now. */
  observe(tick: ClockTick): E[] {
    this.#seen = { tick: tick.tick, simTimeMs: tick.simTimeMs, dtMs: tick.dtMs };
    return this.takeWaiting();
  }

  /** The events that waited, for a caller that found another time to place them at. */
  takeWaiting(): E[] {
    const waiting = this.#waiting;
    this.#waiting = [];
    return waiting;
  }

  /** The time of tick `tick`, or undefined before any clock tick. */
  at(tick: number): SimTime | undefined {
    const seen = this.#seen;
    return seen && { tick, simTimeMs: seen.simTimeMs + (tick - seen.tick) * seen.dtMs };
  }

  /** Keeps `event` until the first tick; false when too many wait already (it is dropped). */
  hold(event: E): boolean {
    if (this.#waiting.length >= MAX_WAITING) {
      this.#dropped++;
      return false;
    }
    this.#waiting.push(event);
    return true;
  }

  /** Events dropped while waiting for the first tick. */
  get dropped(): number {
    return this.#dropped;
  }
}
