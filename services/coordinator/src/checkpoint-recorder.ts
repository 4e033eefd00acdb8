/**
 * Records complete checkpoints (writes the manifest, then prunes the oldest) in order and off the
 * tick path: the clock goes on while JetStream writes, so a slow or unavailable JetStream delays
 * when a checkpoint counts (a restore goes back to the newest one recorded), never the run. Dropping
 * checkpoints after an operator's restore goes through the same queue, so no manifest of the
 * timeline left behind is written after it.
 */
import type { FaultBook } from "./fault-book.js";
import type { CheckpointManifest, CheckpointStore, Logger } from "@orbitwin/runtime";
import type { ManeuverFailure, Scenario } from "@orbitwin/protocol";

/** The coordinator's own part of a checkpoint, for a coordinator that resumes the run from it. */
export interface CoordinatorCheckpoint {
  faults?: ReturnType<FaultBook["snapshot"]>;
  /** the operation log's sequence applied when the checkpoint completed */
  opsSeq?: number;
  /** operators' settings then: a resumed run keeps them */
  control?: { paused: boolean; speed: number | null; stopAtTick?: number };
  /** faults a fork's patch adds, timed from the tick after the checkpoint */
  forkFaults?: Scenario["faults"];
  /** burns of the checkpoint's tick that did not fly: relayed with the tick after it */
  maneuversFailed?: ManeuverFailure[];
}

export class CheckpointRecorder {
  readonly #store: CheckpointStore;
  readonly #keep: number;
  readonly #log: Logger;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: { store: CheckpointStore; keep: number; log: Logger }) {
    this.#store = options.store;
    this.#keep = options.keep;
    this.#log = options.log;
  }

  /**
   * Queues the manifest's write and a prune; `onRecorded` runs once it is written, `onPruned` with
   * the oldest checkpoint kept (no restore goes back further). A failure is logged, not thrown.
   */
  record(manifest: CheckpointManifest, onRecorded: () => void, onPruned?: (oldestKeptTick: number) => void): void {
    void this.#enqueue(async () => {
      try {
        await this.#store.markComplete(manifest);
        onRecorded();
        await this.#store.prune(this.#keep);
        const oldest = (await this.#store.completeTicks())[0];
        if (oldest !== undefined) onPruned?.(oldest);
      } catch (err) {
        this.#log.error({ err, tick: manifest.tick }, "checkpoint not recorded");
      }
    });
  }

  /** Deletes every checkpoint after `tick`, once the writes queued before are done. */
  dropAfter(tick: number): Promise<void> {
    return this.#enqueue(() => this.#store.dropAfter(tick));
  }

  /** Resolves once everything queued so far is done. */
  idle(): Promise<void> {
    return this.#enqueue(() => Promise.resolve());
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const result = this.#queue.then(work);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
