/**
 * A cluster's next subsystem step, computed while the host waits for its tick and taken when the
 * tick comes. Each satellite's step is a function of its own state, its orbit and the tick's key
 * alone, so a satellite whose state changed in between (a command, a fault) or whose orbit status
 * did is stepped again from its state at the tick; every other one keeps the step computed
 * ahead. The result is the state a step at the tick would give, bit for bit.
 */
import type { SatelliteState } from "@orbitwin/physics";
import { SatStatus } from "@orbitwin/protocol";

/** The columns a step writes; it only reads the others (commands, damage, dose factor). */
export const STEPPED_COLUMNS = [
  "batteryWh",
  "batteryHealth",
  "tempComputeK",
  "tempRadiatorK",
  "tempBusK",
  "doseRad",
  "acceleratorsActive",
  "sparesLeft",
  "acceleratorsFailed",
  "powerShed",
  "sdcCount",
  "acceleratorSeconds",
  "generatedW",
  "consumedW",
  "computeW",
] as const satisfies readonly (keyof SatelliteState)[];

type SteppedColumn = (typeof STEPPED_COLUMNS)[number];
type SteppedColumns = Pick<SatelliteState, SteppedColumn>;

/** What makes two steps the same step, apart from the satellites' state and orbits. */
export interface StepKey {
  tick: number;
  dtS: number;
  ageMs: number;
}

/** Runs the physics of one step on `state`, skipping every slot whose status is not ok. */
export type RunStep = (state: SatelliteState, orbitStatus: Uint8Array) => void;

export class StepAhead {
  /** the step computed ahead; once taken, the state it replaced (swapped, not copied) */
  readonly #columns: SteppedColumns;
  /** the orbit status the step ahead assumed, per slot */
  readonly #status: Uint8Array;
  /** 1 for a slot whose state changed since the step ahead was computed */
  readonly #changed: Uint8Array;
  #key: StepKey | undefined;

  constructor(state: SatelliteState) {
    const columns: Partial<Record<SteppedColumn, SatelliteState[SteppedColumn]>> = {};
    for (const name of STEPPED_COLUMNS) columns[name] = state[name].slice();
    this.#columns = columns as SteppedColumns;
    this.#status = new Uint8Array(state.count);
    this.#changed = new Uint8Array(state.count);
  }

  /** Computes the step `key` from `state` as it is now, without changing it. */
  compute(state: SatelliteState, key: StepKey, orbitStatus: Uint8Array, run: RunStep): void {
    const columns = this.#columns as unknown as Record<SteppedColumn, { set(from: ArrayLike<number>): void }>;
    for (const name of STEPPED_COLUMNS) columns[name].set(state[name]);
    run({ ...state, ...this.#columns }, orbitStatus);
    this.#status.set(orbitStatus);
    this.#changed.fill(0);
    this.#key = { ...key };
  }

  /** A slot's state changed (a command, a fault): the step ahead no longer holds for it. */
  changed(slot: number): void {
    if (this.#key) this.#changed[slot] = 1;
  }

  /** Forgets the step ahead (a restore). */
  discard(): void {
    this.#key = undefined;
  }

  /**
   * Makes `state` the step `key` from it: the step ahead where it holds, with the satellites it
   * does not hold for stepped again by `run`. False, changing nothing, when the step ahead is of
   * another step (or none).
   */
  take(state: SatelliteState, key: StepKey, orbitStatus: Uint8Array, run: RunStep): boolean {
    const ahead = this.#key;
    this.#key = undefined;
    if (!ahead || ahead.tick !== key.tick || ahead.dtS !== key.dtS || ahead.ageMs !== key.ageMs) return false;
    const columns = this.#columns as unknown as Record<SteppedColumn, SatelliteState[SteppedColumn]>;
    const target = state as unknown as Record<SteppedColumn, SatelliteState[SteppedColumn]>;
    for (const name of STEPPED_COLUMNS) {
      const stepped = columns[name];
      columns[name] = target[name];
      target[name] = stepped;
    }
    // The slots to step again get their state back; the status array becomes the mask of them.
    const again = this.#status;
    let any = false;
    for (let slot = 0; slot < state.count; slot++) {
      if (this.#changed[slot] === 0 && again[slot] === orbitStatus[slot]) {
        again[slot] = SatStatus.propagationFailed;
        continue;
      }
      again[slot] = orbitStatus[slot]!;
      any = true;
      for (const name of STEPPED_COLUMNS) target[name][slot] = columns[name][slot]!;
    }
    if (any) run(state, again);
    return true;
  }
}
