/**
 * The JetStream streams and KV buckets on a server, as a tool that manages runs sees them
 * (`orbitwin runs`): sizes and times from the server, and removal. A KV bucket is the stream
 * `KV_<bucket>` (JetStream's layout); here it is named by its bucket.
 */
import type { JetStreamManager } from "@nats-io/jetstream";
import { isNotFound } from "./nats-stores.js";

const KV_STREAM_PREFIX = "KV_";

export interface StoreInfo {
  /** the stream's name, or the bucket's */
  name: string;
  kind: "stream" | "bucket";
  bytes: number;
  messages: number;
  /** wall time the server created it, ms since 1970 */
  createdMs: number;
  /** wall time of its newest record, ms since 1970; undefined when it holds none */
  lastStoredMs: number | undefined;
}

export class NatsStoreAdmin {
  readonly #jsm: JetStreamManager;

  constructor(jsm: JetStreamManager) {
    this.#jsm = jsm;
  }

  async list(): Promise<StoreInfo[]> {
    const out: StoreInfo[] = [];
    for await (const info of this.#jsm.streams.list()) {
      const bucket = info.config.name.startsWith(KV_STREAM_PREFIX);
      const lastMs = Date.parse(info.state.last_ts);
      out.push({
        name: bucket ? info.config.name.slice(KV_STREAM_PREFIX.length) : info.config.name,
        kind: bucket ? "bucket" : "stream",
        bytes: info.state.bytes,
        messages: info.state.messages,
        createdMs: Date.parse(info.created),
        lastStoredMs: info.state.messages > 0 && lastMs > 0 ? lastMs : undefined,
      });
    }
    return out;
  }

  /** The newest value of `key` in `bucket`: its revision and when the server stored it (ms since 1970); undefined when it has none. */
  async keyWritten(bucket: string, key: string): Promise<{ revision: number; storedAtMs: number } | undefined> {
    try {
      const m = await this.#jsm.streams.getMessage(`${KV_STREAM_PREFIX}${bucket}`, { last_by_subj: `$KV.${bucket}.${key}` });
      return m && m.data.byteLength > 0 ? { revision: m.seq, storedAtMs: m.time.getTime() } : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Removes a stream or a bucket with everything in it; one already gone is not an error. */
  async remove(store: Pick<StoreInfo, "name" | "kind">): Promise<void> {
    try {
      await this.#jsm.streams.delete(store.kind === "bucket" ? `${KV_STREAM_PREFIX}${store.name}` : store.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
