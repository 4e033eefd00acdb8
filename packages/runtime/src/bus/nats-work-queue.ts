/**
 * A JetStream work queue: a stream with work-queue retention (a message is gone once acknowledged)
 * and one durable pull consumer every worker shares, so each item goes to one worker at a time.
 * An item not acknowledged within the ack wait (its worker died) goes to another worker; a
 * worker holding a long item says so with in-progress heartbeats, which restart the ack wait.
 */
import {
  AckPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { isNotFound } from "./nats-stores.js";

const NANOS_PER_MS = 1_000_000;

export interface WorkQueueOptions {
  /** the stream's name */
  stream: string;
  /** the subjects (patterns) items are published on */
  subjects: string[];
  /** the durable consumer the workers share */
  consumer: string;
  /** Wall time an item may go without an ack or a heartbeat before it is handed to another worker, ms. @default 30000 */
  ackWaitMs?: number;
  /** Deliveries of one item before the queue gives up on it. @default 5 */
  maxDeliveries?: number;
}

/** One item handed to this worker. */
export interface WorkItem {
  readonly subject: string;
  readonly data: Uint8Array;
  /** 1 the first time, more when an earlier worker died or gave the item back */
  readonly delivery: number;
  /** Done: the queue forgets the item. */
  ack(): Promise<void>;
  /** Failed here: hand the item to a worker again (after `delayMs`). */
  nak(delayMs?: number): void;
  /** Still working on it: restarts the ack wait. */
  inProgress(): void;
}

export class NatsWorkQueue {
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;
  readonly #options: Required<WorkQueueOptions>;
  #consumer: Consumer | undefined;

  private constructor(js: JetStreamClient, jsm: JetStreamManager, options: Required<WorkQueueOptions>) {
    this.#js = js;
    this.#jsm = jsm;
    this.#options = options;
  }

  /** Opens the queue, creating its stream and consumer when missing (several workers may race to). */
  static async open(nc: NatsConnection, options: WorkQueueOptions): Promise<NatsWorkQueue> {
    const resolved = { ackWaitMs: 30_000, maxDeliveries: 5, ...options };
    const jsm = await jetstreamManager(nc, { timeout: 10_000 });
    const queue = new NatsWorkQueue(jetstream(nc, { timeout: 10_000 }), jsm, resolved);
    await queue.#ensure();
    return queue;
  }

  get ackWaitMs(): number {
    return this.#options.ackWaitMs;
  }

  async #ensure(): Promise<void> {
    const { stream, subjects, consumer, ackWaitMs, maxDeliveries } = this.#options;
    try {
      await this.#jsm.streams.info(stream);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await this.#jsm.streams.add({ name: stream, subjects, retention: RetentionPolicy.Workqueue, storage: StorageType.File });
      } catch (addErr) {
        if (!/already in use/i.test(String(addErr))) throw addErr;
      }
    }
    const config = { ack_wait: ackWaitMs * NANOS_PER_MS, max_deliver: maxDeliveries };
    try {
      const info = await this.#jsm.consumers.info(stream, consumer);
      // The last worker opened sets the ack wait (--ack-wait): the server refuses a second config.
      if (info.config.ack_wait !== config.ack_wait || info.config.max_deliver !== config.max_deliver)
        await this.#jsm.consumers.update(stream, consumer, config);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
      try {
        await this.#jsm.consumers.add(stream, { durable_name: consumer, ack_policy: AckPolicy.Explicit, ...config });
      } catch (addErr) {
        if (!/already (exists|in use)/i.test(String(addErr))) throw addErr;
      }
    }
    this.#consumer = await this.#js.consumers.get(stream, consumer);
  }

  /** Stores an item; `msgId` makes a retry (or a second `study` of the same variant) store it once. */
  async push(subject: string, data: Uint8Array, msgId: string): Promise<void> {
    await this.#js.publish(subject, data, { msgID: msgId });
  }

  /** The next item, or undefined when none arrives within `waitMs`. */
  async next(waitMs: number): Promise<WorkItem | undefined> {
    const consumer = this.#consumer;
    if (!consumer) throw new Error("the work queue is not open");
    const msg = await consumer.next({ expires: Math.max(1000, waitMs) });
    if (!msg) return undefined;
    return {
      subject: msg.subject,
      data: msg.data,
      delivery: msg.info.deliveryCount,
      ack: async () => {
        // Wait for the server's confirmation: the caller counts on the item not coming back.
        await msg.ackAck();
      },
      nak: (delayMs) => msg.nak(delayMs),
      inProgress: () => msg.working(),
    };
  }

  /** Items waiting and items handed out but not yet acknowledged. */
  async backlog(): Promise<{ waiting: number; inFlight: number }> {
    const info = await this.#jsm.consumers.info(this.#options.stream, this.#options.consumer);
    return { waiting: info.num_pending, inFlight: info.num_ack_pending };
  }
}
