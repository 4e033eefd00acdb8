/**
 * The checkpoint side of a clock participant that is not a fleet host (thermal, debris-watch,
 * scheduler): save its state when a tick asks for a checkpoint, and go back to a saved one when
 * the coordinator says `clock.restore`, answering on `clock.restored`.
 */
import { clockRestore, clockRestored, subjects, type ClockRestore, type ClockTick } from "@orbitwin/protocol";
import type { Bus, Subscription } from "./bus/bus.js";
import { CheckpointStore, packSnapshot, unpackSnapshot } from "./checkpoint-store.js";
import { inboundHandler } from "./inbound.js";
import type { Logger } from "./log.js";

export interface ParticipantState<T> {
  /** The participant's whole state after it finished a tick. */
  snapshot(): T;
  /** Replaces the state with a snapshot, once no decision is running; `epoch` is the restore's. */
  restore(state: T, tick: number, epoch: number): Promise<void> | void;
}

export class ParticipantCheckpoints<T> {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #participant: string;
  readonly #log: Logger;
  readonly #state: ParticipantState<T>;
  #store: CheckpointStore | undefined;
  #sub: Subscription | undefined;
  /** The state before tick 0, for a restore to the start of the run. */
  #initial: Uint8Array | undefined;

  constructor(options: { bus: Bus; run: string; participant: string; log: Logger; state: ParticipantState<T> }) {
    this.#bus = options.bus;
    this.#run = options.run;
    this.#participant = options.participant;
    this.#log = options.log;
    this.#state = options.state;
  }

  async start(): Promise<void> {
    this.#initial = packSnapshot(this.#state.snapshot());
    this.#store = await CheckpointStore.open(this.#bus, this.#run);
    this.#sub = this.#bus.subscribe(subjects.clockRestore(this.#run), inboundHandler({ descriptor: clockRestore, log: this.#log, onMessage: (r) => void this.#restore(r) }));
  }

  async stop(): Promise<void> {
    await this.#sub?.drain();
  }

  /** Saves the state when `tick` asks for a checkpoint of itself; the tick saved, or undefined. */
  async saveIfAsked(tick: ClockTick): Promise<number | undefined> {
    if (tick.checkpoint !== tick.tick || !this.#store) return undefined;
    try {
      await this.#store.save(tick.tick, `svc.${this.#participant}`, this.#state.snapshot());
      return tick.tick;
    } catch (err) {
      this.#log.error({ err, tick: tick.tick }, "checkpoint not saved");
      return undefined;
    }
  }

  async #restore(r: ClockRestore): Promise<void> {
    const answer = (ok: boolean, error?: string) =>
      this.#bus.publish(subjects.clockRestored(this.#run), clockRestored.encode({ v: 1, participant: this.#participant, restoreId: r.restoreId, ok, ...(error ? { error } : {}) }));
    try {
      const state = r.tick < 0 ? unpackSnapshot<T>(this.#initial!) : await this.#store!.load<T>(r.tick, `svc.${this.#participant}`);
      if (state === undefined) throw new Error(`checkpoint ${r.tick} has no state for ${this.#participant}`);
      await this.#state.restore(state, r.tick, r.epoch);
      this.#log.info({ tick: r.tick }, "restored checkpoint");
      answer(true);
    } catch (err) {
      this.#log.error({ err, tick: r.tick }, "restore failed");
      answer(false, err instanceof Error ? err.message : String(err));
    }
  }
}
