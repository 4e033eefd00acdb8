/**
 * Writes one checkpoint's cluster snapshots while the host steps the next tick, with a bounded
 * number of writes in flight: a big host's checkpoint is hundreds of MB, and holding every
 * snapshot (and its encoding) at once would double the host's memory. The tick's work waits when
 * the store falls behind, which is the backpressure a slow JetStream should get.
 */
import type { CheckpointStore, Logger } from "@orbitwin/runtime";
import type { ClusterSnapshot } from "./cluster-actor.js";

/** Snapshot writes kept in flight; each is one cluster (hundreds of KB for 1,000 satellites with a bus). */
const WRITES_IN_FLIGHT = 32;

export class CheckpointWriter {
  readonly #store: CheckpointStore;
  readonly #tick: number;
  readonly #log: Logger;
  readonly #inFlight = new Set<Promise<void>>();
  #failed: unknown;

  constructor(store: CheckpointStore, tick: number, log: Logger) {
    this.#store = store;
    this.#tick = tick;
    this.#log = log;
  }

  /** Starts writing `snap`; resolves once there is room for the next one. */
  async write(snap: ClusterSnapshot): Promise<void> {
    const writing = this.#store.save(this.#tick, `cluster.${snap.cluster}`, snap).then(
      () => undefined,
      (err: unknown) => void (this.#failed ??= err),
    );
    this.#inFlight.add(writing);
    void writing.finally(() => this.#inFlight.delete(writing));
    if (this.#inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(this.#inFlight);
  }

  /** Resolves once no write is in flight (failures are kept for `finish`). */
  async settle(): Promise<void> {
    await Promise.all(this.#inFlight);
  }

  /** The checkpoint's tick once every snapshot is stored; undefined (logged) when one failed. */
  async finish(): Promise<number | undefined> {
    await this.settle();
    if (this.#failed === undefined) return this.#tick;
    this.#log.error({ err: this.#failed, tick: this.#tick }, "checkpoint not saved");
    return undefined;
  }
}
