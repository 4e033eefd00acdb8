/**
 * One tick round: `clock.tick` announced, the participants' `clock.done` summed as they arrive
 * (hosts first, then the services, which decide on the hosts' telemetry), and its end: all done,
 * interrupted (something it depends on changed: the tick runs again), or its deadline passed with
 * some participants not done.
 */
import { clockTick, fleetTelemetry, subjects, type ClockDone, type ClockTick } from "@orbitwin/protocol";
import type { Bus, WallClock } from "@orbitwin/runtime";
import { TickAggregate } from "./tick-aggregate.js";

export type TickOutcome = { kind: "done"; aggregate: TickAggregate } | { kind: "interrupted" } | { kind: "deadline"; late: string[] };

export interface TickRoundOptions {
  bus: Bus;
  run: string;
  wallClock: WallClock;
  /** the tick message, announced as is */
  message: ClockTick;
  /** fleet hosts with clusters, then the other participants */
  participants: readonly string[];
  deadlineMs: number;
}

export class TickRound {
  readonly tick: number;
  readonly epoch: number;
  readonly #options: TickRoundOptions;
  readonly #aggregate: TickAggregate;
  #interrupted = false;
  /** Ends the running round with an outcome (the first call counts); a no-op until `run`. */
  #end: (outcome: TickOutcome) => void = () => undefined;

  constructor(options: TickRoundOptions) {
    this.#options = options;
    this.tick = options.message.tick;
    this.epoch = options.message.epoch;
    this.#aggregate = new TickAggregate(this.tick, this.epoch, options.participants);
  }

  waitsOn(id: string): boolean {
    return this.#aggregate.waiting.has(id);
  }

  /** A done of this tick and epoch from a participant still awaited counts; true when it was this round's. */
  accept(done: ClockDone): boolean {
    if (done.tick !== this.tick || done.epoch !== this.epoch) return false;
    if (this.#aggregate.add(done)) this.#end({ kind: "done", aggregate: this.#aggregate });
    return true;
  }

  /** Abandons the round (it is run again, under whatever the run decides next). */
  interrupt(): void {
    this.#interrupted = true;
    this.#end({ kind: "interrupted" });
  }

  run(): Promise<TickOutcome> {
    const { bus, run, wallClock, message, deadlineMs } = this.#options;
    bus.publish(subjects.clockTick(run), clockTick.encode(message));
    // One plain timer per round, not abortable sleeps: rounds run thousands of times a second in
    // a small run, and aborting an AbortController builds a DOMException with its stack each time.
    return new Promise((resolve) => {
      const cancelDeadline = wallClock.after(deadlineMs, () => this.#end({ kind: "deadline", late: [...this.#aggregate.waiting] }));
      this.#end = (outcome) => {
        this.#end = () => undefined;
        cancelDeadline();
        resolve(outcome);
      };
      if (this.#interrupted) this.#end({ kind: "interrupted" });
      else if (this.#aggregate.complete) this.#end({ kind: "done", aggregate: this.#aggregate });
    });
  }
}

/** The fleet aggregate of a completed tick, on `fleet` (and so into the fleet history stream). */
export function publishFleetAggregate(options: {
  bus: Bus;
  run: string;
  aggregate: TickAggregate;
  simTimeMs: number;
  dtMs: number;
  clusters: number;
  hosts: number;
  speed: number | null;
  achievedSpeed: number;
  tickLagMs: number;
}): void {
  const { aggregate: a } = options;
  const subsystems = a.fleetSubsystems();
  options.bus.publish(
    subjects.fleet(options.run),
    fleetTelemetry.encode({
      v: 1,
      run: options.run,
      tick: a.tick,
      simTimeMs: options.simTimeMs,
      dtMs: options.dtMs,
      satellites: a.satellites,
      clusters: options.clusters,
      hosts: options.hosts,
      sunlit: a.sunlit,
      failed: a.failed,
      speed: options.speed,
      achievedSpeed: options.achievedSpeed,
      tickLagMs: options.tickLagMs,
      stepMsMax: a.stepMsMax,
      ...(subsystems ? { subsystems } : {}),
    }),
  );
}
