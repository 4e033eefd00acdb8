/**
 * The satellite ids of a run's clusters, read from the clusters bucket when first asked for. A
 * `cluster-telemetry` batch carries no ids (its slots are its definition's, in order), so a
 * reader that names satellites (the gateway, the CLI's history and export) resolves them here.
 * Only the ids of a definition are kept, not its element columns.
 */
import { buckets, clusterDefinition } from "@orbitwin/protocol";
import type { Bus, KvStore } from "./bus/bus.js";

export class ClusterIdBook {
  readonly #bus: Bus;
  readonly #run: string;
  #kv: Promise<KvStore> | undefined;
  readonly #ids = new Map<string, Promise<readonly string[] | undefined>>();
  readonly #resolved = new Map<string, readonly string[]>();

  constructor(bus: Bus, run: string) {
    this.#bus = bus;
    this.#run = run;
  }

  /**
   * The ids of `cluster` in slot order; undefined when the run has no such cluster (yet: a cluster
   * not found is asked for again next time). Concurrent calls share one read, and calls resolve in
   * the order they were made, so batches handled on resolution keep their arrival order.
   */
  idsOf(cluster: string): Promise<readonly string[] | undefined> {
    let ids = this.#ids.get(cluster);
    if (!ids) {
      ids = this.#read(cluster);
      this.#ids.set(cluster, ids);
    }
    return ids;
  }

  /** The ids of `cluster` if already read; never reads. */
  known(cluster: string): readonly string[] | undefined {
    return this.#resolved.get(cluster);
  }

  /** Every cluster's ids, by cluster id in order. */
  async all(): Promise<Map<string, readonly string[]>> {
    const kv = await this.#openKv();
    const out = new Map<string, readonly string[]>();
    // idsOf reads each definition once (a listing that reads would read them all twice).
    for (const cluster of await kv.keys(">", { unread: true })) {
      const ids = await this.idsOf(cluster);
      if (ids) out.set(cluster, ids);
    }
    return out;
  }

  /** The cluster holding `sat`, reading every definition until found; undefined when none does. */
  async clusterOf(sat: string): Promise<string | undefined> {
    for (const [cluster, ids] of this.#resolved) if (ids.includes(sat)) return cluster;
    for (const [cluster, ids] of await this.all()) if (ids.includes(sat)) return cluster;
    return undefined;
  }

  async #read(cluster: string): Promise<readonly string[] | undefined> {
    try {
      const entry = await (await this.#openKv()).get(cluster);
      if (!entry) {
        this.#ids.delete(cluster);
        return undefined;
      }
      const ids = Object.freeze(clusterDefinition.decode(entry.value).satIds);
      this.#resolved.set(cluster, ids);
      return ids;
    } catch (err) {
      // A failed read is not remembered: the next batch of the cluster asks again.
      this.#ids.delete(cluster);
      throw err;
    }
  }

  #openKv(): Promise<KvStore> {
    this.#kv ??= this.#bus.kv(buckets.clusters(this.#run)).catch((err: unknown) => {
      this.#kv = undefined;
      throw err;
    });
    return this.#kv;
  }
}
