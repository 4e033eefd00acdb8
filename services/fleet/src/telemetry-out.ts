/**
 * A tick's cluster telemetry on its way out: every batch on `tlm.<cluster>`, and on
 * `sample.<cluster>` on the ticks history keeps, with a flush whenever 16 MB are unflushed so the
 * client never buffers a whole tick of a big host.
 */
import { subjects } from "@orbitwin/protocol";
import type { Bus } from "@orbitwin/runtime";

/** Telemetry published before waiting for NATS to take it in, bytes. */
export const TELEMETRY_FLUSH_BYTES = 16 * 2 ** 20;

export class TelemetryOut {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #sample: boolean;
  #unflushedBytes = 0;

  /** `sample`: this tick's batches also go to the history stream's subject. */
  constructor(bus: Bus, run: string, sample: boolean) {
    this.#bus = bus;
    this.#run = run;
    this.#sample = sample;
  }

  async publish(cluster: string, batch: Uint8Array): Promise<void> {
    this.#bus.publish(subjects.clusterTelemetry(this.#run, cluster), batch);
    if (this.#sample) this.#bus.publish(subjects.clusterSample(this.#run, cluster), batch);
    this.#unflushedBytes += batch.byteLength * (this.#sample ? 2 : 1);
    if (this.#unflushedBytes > TELEMETRY_FLUSH_BYTES) {
      await this.#bus.flush();
      this.#unflushedBytes = 0;
    }
  }
}
