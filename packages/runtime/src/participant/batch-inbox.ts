/**
 * Telemetry batches a participant holds until it may take them in: batches that came before the
 * cluster definitions were read, or before their tick was announced (the hosts' batches and the
 * coordinator's tick travel separately). The latest batch per (tick, cluster) is kept; they come
 * out in (tick, cluster id) order, so when they arrived never changes what is decided.
 */
import type { ClusterTelemetry } from "@orbitwin/protocol";

/** Distinct ticks held at most: more is a flood, not a clock a few messages ahead. */
export const MAX_HELD_TICKS = 16;

export class BatchInbox {
  readonly #byTick = new Map<number, Map<string, ClusterTelemetry>>();

  get size(): number {
    let n = 0;
    for (const batches of this.#byTick.values()) n += batches.size;
    return n;
  }

  /** Holds a batch; false (nothing held) when it would make more than MAX_HELD_TICKS ticks. */
  hold(batch: ClusterTelemetry): boolean {
    let batches = this.#byTick.get(batch.tick);
    if (!batches) {
      if (this.#byTick.size >= MAX_HELD_TICKS) return false;
      this.#byTick.set(batch.tick, (batches = new Map<string, ClusterTelemetry>()));
    }
    batches.set(batch.cluster, batch);
    return true;
  }

  /** Takes out every batch of a tick in (fromTick, toTick], in (tick, cluster) order; drops those at or before fromTick. */
  take(fromTick: number, toTick: number): ClusterTelemetry[] {
    const out: ClusterTelemetry[] = [];
    for (const tick of [...this.#byTick.keys()].sort((a, b) => a - b)) {
      if (tick > toTick) break;
      const batches = this.#byTick.get(tick)!;
      this.#byTick.delete(tick);
      if (tick <= fromTick) continue;
      for (const cluster of [...batches.keys()].sort()) out.push(batches.get(cluster)!);
    }
    return out;
  }

  /** Takes out everything, in (tick, cluster) order. */
  takeAll(): ClusterTelemetry[] {
    return this.take(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  clear(): void {
    this.#byTick.clear();
  }
}
