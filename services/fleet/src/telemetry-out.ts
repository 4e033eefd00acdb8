/**
 * A tick's cluster telemetry on its way out: every batch on `tlm.<cluster>` before clock.done,
 * and on the ticks history keeps on `sample.<cluster>` after it (`publishSamples`, which the host
 * calls once the tick is complete): the history stream's copy is for later readers, not for the
 * participants deciding on this tick, so the tick does not wait for it. The first MiB of a tick goes on the host's own connection, ahead of
 * its clock.done, which NATS then delivers after it; what a big host sends beyond that goes on
 * the telemetry connection (so heartbeats and replies never queue behind tens of MB), with a
 * flush whenever 16 MB are unflushed so the client never buffers a whole tick, and a flush before
 * clock.done (and after the samples, so they are in NATS before the host's next tick). A small
 * host thus pays no round trip to NATS per tick.
 */
import { subjects } from "@orbitwin/protocol";
import type { Bus } from "@orbitwin/runtime";

/** Telemetry of a tick that goes on the host's own connection, bytes. */
export const INLINE_TELEMETRY_BYTES = 2 ** 20;

/** Telemetry published on the telemetry connection before waiting for NATS to take it in, bytes. */
export const TELEMETRY_FLUSH_BYTES = 16 * 2 ** 20;

export interface TelemetryOutOptions {
  /** the host's own connection: heartbeats, clock.done, replies */
  bus: Bus;
  /** the connection for telemetry beyond INLINE_TELEMETRY_BYTES (may be `bus`) */
  telemetryBus: Bus;
  run: string;
  /** this tick's batches also go to the history stream's subject (`publishSamples`) */
  sample: boolean;
}

export class TelemetryOut {
  readonly #o: TelemetryOutOptions;
  #inlineBytes = 0;
  #unflushedBytes = 0;
  #usedTelemetryBus = false;
  /** clusters whose batch goes to the history stream after clock.done */
  readonly #sampled: string[] = [];

  constructor(options: TelemetryOutOptions) {
    this.#o = options;
  }

  async publish(cluster: string, batch: Uint8Array): Promise<void> {
    if (this.#o.sample) this.#sampled.push(cluster);
    await this.#send(subjects.clusterTelemetry(this.#o.run, cluster), batch);
  }

  /**
   * The tick's batches again on `sample.<cluster>`, after clock.done, each encoded anew by
   * `encode` (the clusters have not changed since: holding a tick's batches instead would add a
   * tick of telemetry to the host's peak memory); resolves once NATS holds them.
   */
  async publishSamples(encode: (cluster: string) => Uint8Array): Promise<void> {
    for (const cluster of this.#sampled) await this.#send(subjects.clusterSample(this.#o.run, cluster), encode(cluster));
    this.#sampled.length = 0;
    await this.finish();
  }

  async #send(subject: string, batch: Uint8Array): Promise<void> {
    const bus = this.#busFor(batch.byteLength);
    bus.publish(subject, batch);
    if (bus !== this.#o.telemetryBus) return;
    this.#unflushedBytes += batch.byteLength;
    if (this.#unflushedBytes > TELEMETRY_FLUSH_BYTES) {
      await bus.flush();
      this.#unflushedBytes = 0;
    }
  }

  /** One satellite's telemetry for its watchers. */
  publishSatellite(subject: string, bytes: Uint8Array): void {
    const bus = this.#busFor(bytes.byteLength);
    bus.publish(subject, bytes);
    if (bus === this.#o.telemetryBus) this.#unflushedBytes += bytes.byteLength;
  }

  /** Waits until NATS holds what went on the telemetry connection, so clock.done comes after it. */
  async finish(): Promise<void> {
    if (this.#usedTelemetryBus && this.#unflushedBytes > 0) await this.#o.telemetryBus.flush();
    this.#unflushedBytes = 0;
  }

  #busFor(bytes: number): Bus {
    const { bus, telemetryBus } = this.#o;
    if (telemetryBus === bus) return bus;
    // Once a tick spills over, the rest follows on the telemetry connection.
    if (!this.#usedTelemetryBus && this.#inlineBytes + bytes <= INLINE_TELEMETRY_BYTES) {
      this.#inlineBytes += bytes;
      return bus;
    }
    this.#usedTelemetryBus = true;
    return telemetryBus;
  }
}
