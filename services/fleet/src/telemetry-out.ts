/**
 * A tick's cluster telemetry on its way out: every batch on `tlm.<cluster>`, and on
 * `sample.<cluster>` on the ticks history keeps. The first MiB of a tick goes on the host's own
 * connection, ahead of its clock.done, which NATS then delivers after it; what a big host sends
 * beyond that goes on the telemetry connection (so heartbeats and replies never queue behind tens
 * of MB), with a flush whenever 16 MB are unflushed so the client never buffers a whole tick, and
 * a flush before clock.done. A small host thus pays no round trip to NATS per tick.
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
  /** this tick's batches also go to the history stream's subject */
  sample: boolean;
}

export class TelemetryOut {
  readonly #o: TelemetryOutOptions;
  #inlineBytes = 0;
  #unflushedBytes = 0;
  #usedTelemetryBus = false;

  constructor(options: TelemetryOutOptions) {
    this.#o = options;
  }

  async publish(cluster: string, batch: Uint8Array): Promise<void> {
    const { run, sample } = this.#o;
    const bytes = batch.byteLength * (sample ? 2 : 1);
    const bus = this.#busFor(bytes);
    bus.publish(subjects.clusterTelemetry(run, cluster), batch);
    if (sample) bus.publish(subjects.clusterSample(run, cluster), batch);
    if (bus !== this.#o.telemetryBus) return;
    this.#unflushedBytes += bytes;
    if (this.#unflushedBytes > TELEMETRY_FLUSH_BYTES) {
      await bus.flush();
      this.#unflushedBytes = 0;
    }
  }

  /** One satellite's telemetry for its watchers. */
  publishSatellite(subject: string, bytes: Uint8Array): void {
    this.#busFor(bytes.byteLength).publish(subject, bytes);
  }

  /** Waits until NATS holds what went on the telemetry connection, so clock.done comes after it. */
  async finish(): Promise<void> {
    if (this.#usedTelemetryBus) await this.#o.telemetryBus.flush();
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
