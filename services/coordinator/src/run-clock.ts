/**
 * The run's clock as operators and the tick rounds move it: its state (starting, running, paused,
 * finished), the last tick completed and the one in flight, where the run ends, the step budget,
 * and the pace (paced mode: tick n is due at `anchor + (n - anchorTick) * dt / speed`, the anchor
 * reset whenever the pace changes). Pure: the wall time comes in as an argument.
 */
import { ErrorCodes, OrbitwinError, type RunStatus } from "@orbitwin/protocol";
import { TickStats } from "./tick-stats.js";

export type RunState = RunStatus["state"];

export interface RunClockOptions {
  dtMs: number;
  /** x wall clock, or null for lockstep */
  speed: number | null;
  /** the last tick, or null for an open-ended run */
  endTick: number | null;
  paused: boolean;
}

export class RunClock {
  readonly dtMs: number;
  readonly stats = new TickStats();
  #state: RunState;
  #speed: number | null;
  #endTick: number | null;
  #stopAtTick: number | undefined;
  #lastTick = -1;
  #inFlight: number | undefined;
  #started = false;
  #firstTickDone = false;
  #stepBudget = 0;
  #pace = { wallMs: 0, tick: 0 };

  constructor(options: RunClockOptions) {
    this.dtMs = options.dtMs;
    this.#speed = options.speed;
    this.#endTick = options.endTick;
    this.#state = options.paused ? "paused" : "starting";
  }

  get state(): RunState {
    return this.#state;
  }
  get speed(): number | null {
    return this.#speed;
  }
  get endTick(): number | null {
    return this.#endTick;
  }
  /** the tick an operator's `stop` ends the run at */
  get stopAtTick(): number | undefined {
    return this.#stopAtTick;
  }
  get lastTick(): number {
    return this.#lastTick;
  }
  /** A tick has been announced: participants' state may have moved on from the start. */
  get started(): boolean {
    return this.#started;
  }
  /** A tick completed since this coordinator took the run. */
  get firstTickDone(): boolean {
    return this.#firstTickDone;
  }
  get stepBudget(): number {
    return this.#stepBudget;
  }
  get pace(): { wallMs: number; tick: number } {
    return { ...this.#pace };
  }

  /** The first tick not yet announced: what an operator decides now takes effect there. */
  nextOpenTick(): number {
    return (this.#inFlight ?? this.#lastTick) + 1;
  }

  refuseWhenFinished(verb: string, run: string): void {
    if (this.#state === "finished" || this.#state === "stopped") {
      throw new OrbitwinError(ErrorCodes.invalidState, `cannot ${verb} run ${run}: it has ${this.#state}`);
    }
  }

  pause(): void {
    this.#state = "paused";
    this.#stepBudget = 0;
  }

  resume(nowMs: number): void {
    this.#state = "running";
    this.#stepBudget = 0;
    this.#resetPace(nowMs);
  }

  setSpeed(speed: number | null, nowMs: number): void {
    this.#speed = speed;
    this.#resetPace(nowMs);
  }

  step(ticks: number, nowMs: number): void {
    this.#stepBudget = ticks;
    this.#state = "running";
    this.#resetPace(nowMs);
  }

  /** Ends the run after one more tick, which reports the final digest. */
  stopRun(): void {
    this.stopAt(this.nextOpenTick());
    if (this.#state === "paused") this.#state = "running";
  }

  stopAt(tick: number): void {
    this.#stopAtTick = Math.min(this.#stopAtTick ?? tick, tick);
    this.#endTick = this.#endTick === null ? tick : Math.min(this.#endTick, tick);
  }

  /** A resumed run goes on from its checkpoint, with the operators' settings of then. */
  resumeFrom(tick: number, control: { paused: boolean; speed: number | null; stopAtTick?: number } | undefined): void {
    this.#lastTick = tick;
    if (!control) return;
    this.#speed = control.speed;
    if (control.paused) this.#state = "paused";
    if (control.stopAtTick !== undefined) this.stopAt(control.stopAtTick);
  }

  /** When `tick` is due: at once in lockstep and for the first tick, else by the pace. */
  dueMs(tick: number, nowMs: number): number {
    if (this.#speed === null || !this.#started) return nowMs;
    return this.#pace.wallMs + ((tick - this.#pace.tick) * this.dtMs) / this.#speed;
  }

  announced(tick: number, nowMs: number): void {
    if (!this.#started) {
      this.#started = true;
      if (this.#state === "starting") this.#state = "running";
      this.#resetPace(nowMs);
    }
    this.#inFlight = tick;
  }

  /** The tick in flight ended without completing (it will be run again). */
  abandoned(): void {
    this.#inFlight = undefined;
  }

  completed(tick: number): void {
    this.#inFlight = undefined;
    this.#lastTick = tick;
    this.#firstTickDone = true;
    if (tick !== this.#endTick && this.#stepBudget > 0 && --this.#stepBudget === 0) this.#state = "paused";
  }

  /** The run went back to checkpoint `tick` and replays from there. */
  wentBackTo(tick: number, nowMs: number): void {
    this.#lastTick = tick;
    this.#resetPace(nowMs);
  }

  finish(): void {
    this.#state = "finished";
  }

  #resetPace(nowMs: number): void {
    this.#pace = { wallMs: nowMs, tick: this.#lastTick + 1 };
    this.stats.resetSpeed();
  }
}
