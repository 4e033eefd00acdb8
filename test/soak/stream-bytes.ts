/** Bytes a run keeps in JetStream: its streams and its KV buckets (a bucket is the stream KV_<bucket>). */
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export interface StreamBytes {
  /** bytes per stream of the run */
  byStream: Record<string, number>;
  total: number;
}

export class StreamBytesReader {
  readonly #nc: NatsConnection;
  readonly #jsm: JetStreamManager;

  private constructor(nc: NatsConnection, jsm: JetStreamManager) {
    this.#nc = nc;
    this.#jsm = jsm;
  }

  static async open(natsUrl: string): Promise<StreamBytesReader> {
    const nc = await connect({ servers: natsUrl, name: "soak-stream-bytes" });
    return new StreamBytesReader(nc, await jetstreamManager(nc));
  }

  async read(run: string): Promise<StreamBytes> {
    const byStream: Record<string, number> = {};
    for await (const info of this.#jsm.streams.list()) {
      const name = info.config.name;
      if (name.startsWith(`ot-${run}-`) || name.startsWith(`KV_ot-${run}-`)) byStream[name] = info.state.bytes;
    }
    return { byStream, total: Object.values(byStream).reduce((a, b) => a + b, 0) };
  }

  close(): Promise<void> {
    return this.#nc.drain();
  }
}
