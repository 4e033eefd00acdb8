/**
 * The clusters a host holds, with a subscription to each one's commands: what an assignment
 * adds and drops, what a restore rebuilds, where a watched satellite is.
 */
import type { Subscription } from "@orbitwin/runtime";
import type { ClusterActor, ClusterSnapshot } from "./cluster-actor.js";
import { mapConcurrently } from "./event-loop.js";

/** Checkpoint reads a restore keeps in flight: enough to hide the store's latency, few enough to bound memory. */
const RESTORE_READS_IN_FLIGHT = 16;

export class HostedClusters {
  readonly #actors = new Map<string, ClusterActor>();
  readonly #commandSubs = new Map<string, Subscription>();
  readonly #subscribeCommands: (cluster: string) => Subscription;

  constructor(subscribeCommands: (cluster: string) => Subscription) {
    this.#subscribeCommands = subscribeCommands;
  }

  get size(): number {
    return this.#actors.size;
  }

  /** Cluster ids in id order: the order of every tick's steps. */
  get ids(): string[] {
    return [...this.#actors.keys()].sort();
  }

  get satelliteCount(): number {
    let n = 0;
    for (const a of this.#actors.values()) n += a.count;
    return n;
  }

  get(cluster: string): ClusterActor | undefined {
    return this.#actors.get(cluster);
  }

  /** Holds exactly `wanted`: every new cluster is loaded before anything changes, so a failed load changes nothing. */
  async assign(wanted: readonly string[], load: (cluster: string) => Promise<ClusterActor>): Promise<void> {
    const keep = new Set(wanted);
    const loaded = new Map<string, ClusterActor>();
    for (const cluster of [...keep].sort()) if (!this.#actors.has(cluster)) loaded.set(cluster, await load(cluster));
    for (const id of [...this.#actors.keys()]) {
      if (keep.has(id)) continue;
      this.#actors.delete(id);
      this.#commandSubs.get(id)?.unsubscribe();
      this.#commandSubs.delete(id);
    }
    for (const [id, actor] of loaded) {
      this.#actors.set(id, actor);
      this.#commandSubs.set(id, this.#subscribeCommands(id));
    }
  }

  /**
   * Every cluster back to checkpoint `tick` (-1: as its definition says). Every snapshot is read
   * before an actor changes: a checkpoint that cannot be read changes nothing.
   */
  async restore(tick: number, loadSnapshot: (cluster: string) => Promise<ClusterSnapshot>): Promise<void> {
    const ids = this.ids;
    const snapshots = tick >= 0 ? await mapConcurrently(ids, RESTORE_READS_IN_FLIGHT, loadSnapshot) : [];
    ids.forEach((id, i) => {
      const actor = this.#actors.get(id)!.rebuilt();
      this.#actors.set(id, actor);
      const snap = snapshots[i];
      if (snap) actor.restore(snap);
    });
  }

  /** The cluster that holds `sat`, if this host does. */
  holding(sat: string): ClusterActor | undefined {
    for (const actor of this.#actors.values()) if (actor.hasSatellite(sat)) return actor;
    return undefined;
  }

  drainCommandSubscriptions(): Promise<unknown> {
    return Promise.all([...this.#commandSubs.values()].map((s) => s.drain()));
  }
}
