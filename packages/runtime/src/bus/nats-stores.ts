/**
 * KvStore and StreamStore on JetStream, for NatsBus. Reads use what nats-server 2.9.10 has: KV
 * get by last-subject, and an ordered consumer for stream ranges (batch direct get needs 2.11).
 */
import { DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import type { KvEntry, KvStore, StreamFollower, StreamRecord, StreamStore } from "./bus.js";
import { KvConflictError } from "../errors.js";
import { assertPublishSubject, matchTokens } from "./subject-match.js";

// The rule of @nats-io/kv validateKey, checked first so both buses word the error the same.
const KEY_PATTERN = /^[-/=.\w]+$/;
/** How long a stream read waits for a record the stream said it holds, ms (nats.js minimum 1000). */
const READ_EXPIRES_MS = 5000;
const FOLLOW_PULL_EXPIRES_MS = 5000;

function checkKey(key: string): void {
  if (typeof key !== "string" || !KEY_PATTERN.test(key) || key.startsWith(".") || key.endsWith(".")) {
    throw new OrbitwinError(ErrorCodes.invalidToken, `KV key ${JSON.stringify(key)} is invalid: use letters, digits and - / _ = . (no '.' at either end)`);
  }
}

export function isNotFound(err: unknown): boolean {
  if (err instanceof JetStreamApiError) return err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.NoMessageFound;
  return /not found/i.test(err instanceof Error ? err.message : String(err));
}

export class NatsKvStore implements KvStore {
  readonly bucket: string;
  readonly #kv: KV;

  constructor(bucket: string, kv: KV) {
    this.bucket = bucket;
    this.#kv = kv;
  }

  async get(key: string): Promise<KvEntry | undefined> {
    checkKey(key);
    const e = await this.#kv.get(key);
    // A deleted or purged key leaves a marker entry; to callers it is simply absent.
    if (!e || e.operation !== "PUT") return undefined;
    return { key, value: e.value, revision: e.revision };
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    checkKey(key);
    return await this.#kv.put(key, new Uint8Array(value));
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    checkKey(key);
    try {
      // kv.create also accepts a key whose last entry is a delete marker, as LocalKvStore does.
      return revision === 0 ? await this.#kv.create(key, new Uint8Array(value)) : await this.#kv.update(key, new Uint8Array(value), revision);
    } catch (err) {
      if (err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)) {
        throw new KvConflictError(this.bucket, key, revision, err);
      }
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.#kv.delete(key);
  }

  async keys(): Promise<string[]> {
    const out: string[] = [];
    for await (const k of await this.#kv.keys()) out.push(k);
    return out.sort();
  }

  async destroy(): Promise<void> {
    await this.#kv.destroy();
  }
}

export class NatsStreamStore implements StreamStore {
  readonly name: string;
  readonly #subjects: readonly string[];
  readonly #patterns: string[][];
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;

  constructor(name: string, subjects: readonly string[], js: JetStreamClient, jsm: JetStreamManager) {
    this.name = name;
    this.#subjects = subjects;
    this.#patterns = subjects.map((s) => s.split("."));
    this.#js = js;
    this.#jsm = jsm;
  }

  async publish(subject: string, data: Uint8Array, msgId?: string): Promise<number> {
    const tokens = assertPublishSubject(subject);
    // Without this check a subject of another stream would be stored there, and the ack would name it.
    if (!this.#patterns.some((p) => matchTokens(p, tokens))) {
      throw new OrbitwinError(ErrorCodes.invalidState, `stream ${this.name} does not store ${subject}: publish on one of ${this.#subjects.join(", ")}`);
    }
    const ack = await this.#js.publish(subject, new Uint8Array(data), msgId === undefined ? { expect: { streamName: this.name } } : { msgID: msgId, expect: { streamName: this.name } });
    return ack.seq;
  }

  /**
   * One ordered consumer per read, from `fromSeq`, fetching exactly the records the stream holds
   * in range (so the fetch never waits for more), deleted afterwards rather than left to expire.
   */
  async read(fromSeq: number, max: number): Promise<StreamRecord[]> {
    if (max <= 0) return [];
    const { state } = await this.#jsm.streams.info(this.name);
    const start = Math.max(1, Math.floor(fromSeq), state.first_seq);
    if (state.messages === 0 || start > state.last_seq) return [];
    const want = Math.min(Math.floor(max), state.last_seq - start + 1);
    const consumer = await this.#js.consumers.get(this.name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start });
    const out: StreamRecord[] = [];
    try {
      const messages = await consumer.fetch({ max_messages: want, expires: READ_EXPIRES_MS });
      for await (const m of messages) {
        out.push({ seq: m.seq, subject: m.subject, data: m.data, storedAtMs: Number(m.timestampNanos / 1_000_000n) });
        // Records can expire (max_age) between info and fetch; stop at the last one there was.
        if (out.length >= want || m.seq >= state.last_seq) {
          // Not awaited: close() resolves only once this loop lets the iterator run again.
          void messages.close();
          break;
        }
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    return out;
  }

  async lastSeq(): Promise<number> {
    return (await this.#jsm.streams.info(this.name)).state.last_seq;
  }

  /** An ordered consumer: the server delivers stored then new records in sequence, and nats.js resets it on a gap. */
  async follow(fromSeq: number, handler: (record: StreamRecord) => void): Promise<StreamFollower> {
    const consumer = await this.#js.consumers.get(this.name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, Math.floor(fromSeq)) });
    const messages = await consumer.consume({
      // Short pulls mean heartbeats every 2.5 s: a consumer lost with a NATS node is noticed and
      // made again within seconds (the default, 30 s pulls, takes a minute).
      expires: FOLLOW_PULL_EXPIRES_MS,
      callback: (m) => {
        try {
          handler({ seq: m.seq, subject: m.subject, data: m.data, storedAtMs: Number(m.timestampNanos / 1_000_000n) });
        } catch {
          // A handler's own failure must not end the follow; handlers validate and report their input.
        }
      },
    });
    let stopping: Promise<void> | undefined;
    return {
      stop: () =>
        (stopping ??= (async () => {
          await messages.close();
          await consumer.delete().catch(() => undefined);
        })()),
    };
  }

  async destroy(): Promise<void> {
    await this.#jsm.streams.delete(this.name);
  }
}
