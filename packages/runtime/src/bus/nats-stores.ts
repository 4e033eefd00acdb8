/**
 * KvStore and StreamStore on JetStream, for NatsBus. On nats-server 2.9.10 with one node of a
 * cluster down, about a third of consumer creations are never answered (the server places them on
 * the dead peer) for as long as the node stays down. So nothing here waits on a consumer: reads
 * are message gets through the stream leader, which a new leader answers within seconds (a long
 * read first tries an ordered consumer, four times faster, with a short deadline); KV keys are
 * listed the same way, a consumer first and then the stream's subjects; a follow polls, woken by
 * the live subjects.
 */
import {
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
  type StoredMsg,
} from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { NatsConnection, Subscription as NatsSubscription } from "@nats-io/transport-node";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import type { KvEntry, KvStore, StreamFollower, StreamRecord, StreamStore } from "./bus.js";
import { KvConflictError } from "../errors.js";
import { refusalOf } from "./nats-limits.js";
import { assertPattern, assertPublishSubject, matchTokens } from "./subject-match.js";

// The rule of @nats-io/kv validateKey, checked first so both buses word the error the same.
const KEY_PATTERN = /^[-/=.\w]+$/;
/** Message gets in flight at once for one read: pipelined, so a read costs about one round trip per window. */
const READ_WINDOW = 256;
/** A read of more records than this tries an ordered consumer first. */
const BULK_READ_MIN = 256;
/** How long a consumer may take to be created before the read goes on by gets, ms. */
const BULK_CREATE_TIMEOUT_MS = 3000;
/** After a consumer was not created in time, reads (or key listings) do without one this long, ms. */
const BULK_BACKOFF_MS = 30_000;
/** How long a consumer fetch waits for records the stream said it holds, ms (nats.js minimum 1000). */
const BULK_FETCH_EXPIRES_MS = 5000;
/** Records a follow delivers per read. */
const FOLLOW_BATCH = 1024;
/** A follow reads this often without being woken: it covers records stored while a wake-up was missed (a reconnect). */
const FOLLOW_POLL_MS = 1000;
/**
 * A live record can reach a subscriber before its stream has stored it (a replicated stream
 * commits through its peers first), so a follow looks again this long after each wake-up.
 */
const FOLLOW_RECHECK_MS = 50;

function checkKey(key: string): void {
  if (typeof key !== "string" || !KEY_PATTERN.test(key) || key.startsWith(".") || key.endsWith(".")) {
    throw new OrbitwinError(ErrorCodes.invalidToken, `KV key ${JSON.stringify(key)} is invalid: use letters, digits and - / _ = . (no '.' at either end)`);
  }
}

export function isNotFound(err: unknown): boolean {
  if (err instanceof JetStreamApiError) return err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.NoMessageFound;
  return /not found/i.test(err instanceof Error ? err.message : String(err));
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of `items`. */
async function mapWindowed<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  return out;
}

export class NatsKvStore implements KvStore {
  readonly bucket: string;
  readonly #kv: KV;
  readonly #jsm: JetStreamManager;
  /** The bucket's backing stream, and the subject prefix of its keys (the layout of JetStream KV). */
  readonly #stream: string;
  readonly #prefix: string;

  constructor(bucket: string, kv: KV, jsm: JetStreamManager) {
    this.bucket = bucket;
    this.#kv = kv;
    this.#jsm = jsm;
    this.#stream = `KV_${bucket}`;
    this.#prefix = `$KV.${bucket}.`;
  }

  async get(key: string): Promise<KvEntry | undefined> {
    checkKey(key);
    const e = await this.#kv.get(key);
    // A key deleted by another client (nats kv del) leaves a marker entry; to callers it is simply absent.
    if (!e || e.operation !== "PUT") return undefined;
    // A copy of its own: the client's value is a view of the read buffer it arrived in, so one
    // kept entry (a cluster definition of 90 KB) would keep that whole buffer alive.
    return { key, value: e.value.slice(), revision: e.revision };
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    checkKey(key);
    try {
      return await this.#kv.put(key, new Uint8Array(value));
    } catch (err) {
      throw refusalOf(err, `KV bucket ${this.bucket}`);
    }
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    checkKey(key);
    try {
      // kv.create also accepts a key whose last entry is a delete marker, as LocalKvStore does.
      return revision === 0 ? await this.#kv.create(key, new Uint8Array(value)) : await this.#kv.update(key, new Uint8Array(value), revision);
    } catch (err) {
      if (
        err instanceof JetStreamApiError &&
        (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
      ) {
        throw new KvConflictError(this.bucket, key, revision, err);
      }
      throw refusalOf(err, `KV bucket ${this.bucket}`);
    }
  }

  /** Purges the key's subject rather than writing a delete marker, so listing keys needs no marker check for our own deletes. */
  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.#jsm.streams.purge(this.#stream, { filter: this.#prefix + key });
  }

  /** Through a consumer when the server makes one in time (three times faster), else from the stream's subjects. */
  /**
   * From the stream's subjects, each checked by a get (a deleted key keeps a marker). Not with a
   * consumer: nats-server 2.9.10 reports no pending messages to a last-per-subject consumer of a
   * bucket whose keys were purged, and the client then lists nothing (a run's checkpoints
   * vanished from `ctl restore` after their first prune).
   */
  async keys(filter = ">", options: { unread?: boolean } = {}): Promise<string[]> {
    const candidates = await this.#subjectKeys(filter);
    if (options.unread) return candidates.sort();
    // A subject whose last entry is another client's delete marker is listed too: keep the live ones.
    const live = await mapWindowed(candidates, READ_WINDOW, async (key) => ((await this.get(key)) ? key : undefined));
    return live.filter((k): k is string => k !== undefined).sort();
  }

  /** The keys of every subject of the bucket's stream that `filter` matches. */
  async #subjectKeys(filter: string): Promise<string[]> {
    const info = await this.#jsm.streams.info(this.#stream, { subjects_filter: `${this.#prefix}${filter}` });
    return Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(this.#prefix.length));
  }

  async deleteMatching(filter: string): Promise<void> {
    assertPattern(filter);
    await this.#jsm.streams.purge(this.#stream, { filter: this.#prefix + filter });
  }

  async destroy(): Promise<void> {
    await this.#kv.destroy();
  }
}

function toRecord(m: StoredMsg): StreamRecord {
  return { seq: m.seq, subject: m.subject, data: m.data, storedAtMs: m.time.getTime() };
}

export class NatsStreamStore implements StreamStore {
  readonly name: string;
  readonly #subjects: readonly string[];
  readonly #patterns: string[][];
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;
  /** A client whose calls give up after BULK_CREATE_TIMEOUT_MS, for the consumer of a long read. */
  readonly #bulkJs: JetStreamClient;
  #bulkPausedUntilMs = 0;

  constructor(name: string, subjects: readonly string[], nc: NatsConnection, js: JetStreamClient, jsm: JetStreamManager) {
    this.name = name;
    this.#subjects = subjects;
    this.#patterns = subjects.map((s) => s.split("."));
    this.#nc = nc;
    this.#js = js;
    this.#jsm = jsm;
    this.#bulkJs = jetstream(nc, { timeout: BULK_CREATE_TIMEOUT_MS });
  }

  async publish(subject: string, data: Uint8Array, msgId?: string): Promise<number> {
    const tokens = assertPublishSubject(subject);
    // Without this check a subject of another stream would be stored there, and the ack would name it.
    if (!this.#patterns.some((p) => matchTokens(p, tokens))) {
      throw new OrbitwinError(ErrorCodes.invalidState, `stream ${this.name} does not store ${subject}: publish on one of ${this.#subjects.join(", ")}`);
    }
    try {
      const ack = await this.#js.publish(
        subject,
        new Uint8Array(data),
        msgId === undefined ? { expect: { streamName: this.name } } : { msgID: msgId, expect: { streamName: this.name } },
      );
      return ack.seq;
    } catch (err) {
      throw refusalOf(err, `stream ${this.name}`);
    }
  }

  /**
   * Reads a long range through an ordered consumer when the server makes one in time, and the rest
   * (or all of it) by getting each sequence, a window at a time. A sequence with no record (removed
   * from the middle of the stream) is passed over; the read goes on until it has `max` records or
   * reaches the last sequence the stream reported.
   */
  async read(fromSeq: number, max: number): Promise<StreamRecord[]> {
    if (max <= 0) return [];
    const { state } = await this.#jsm.streams.info(this.name);
    if (state.messages === 0) return [];
    const want = Math.floor(max);
    const lastSeq = state.last_seq;
    const start = Math.max(1, Math.floor(fromSeq), state.first_seq);
    const inRange = Math.min(want, lastSeq - start + 1);
    const out = inRange > BULK_READ_MIN && Date.now() >= this.#bulkPausedUntilMs ? await this.#fetch(start, inRange, lastSeq) : [];
    let next = out.length > 0 ? out[out.length - 1]!.seq + 1 : start;
    while (out.length < want && next <= lastSeq) {
      const count = Math.min(want - out.length, READ_WINDOW, lastSeq - next + 1);
      const seqs = Array.from({ length: count }, (_, i) => next + i);
      const messages = await Promise.all(seqs.map((seq) => this.#jsm.streams.getMessage(this.name, { seq })));
      for (const m of messages) if (m) out.push(toRecord(m));
      next += count;
    }
    return out;
  }

  /** Up to `count` records from `start` through one ordered consumer: a prefix of the range, empty when the server did not make the consumer in time. */
  async #fetch(start: number, count: number, lastSeq: number): Promise<StreamRecord[]> {
    const out: StreamRecord[] = [];
    let consumer: Awaited<ReturnType<JetStreamClient["consumers"]["get"]>> | undefined;
    try {
      consumer = await this.#bulkJs.consumers.get(this.name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start });
      const messages = await consumer.fetch({ max_messages: count, expires: BULK_FETCH_EXPIRES_MS });
      for await (const m of messages) {
        out.push({ seq: m.seq, subject: m.subject, data: m.data, storedAtMs: Number(m.timestampNanos / 1_000_000n) });
        if (out.length >= count || m.seq >= lastSeq) {
          // Not awaited: close() resolves only once this loop lets the iterator run again.
          void messages.close();
          break;
        }
      }
    } catch {
      this.#bulkPausedUntilMs = Date.now() + BULK_BACKOFF_MS;
    } finally {
      await consumer?.delete().catch(() => undefined);
    }
    return out;
  }

  async lastSeq(): Promise<number> {
    return (await this.#jsm.streams.info(this.name)).state.last_seq;
  }

  async lastOnSubject(subject: string): Promise<StreamRecord | undefined> {
    assertPublishSubject(subject);
    const m = await this.#jsm.streams.getMessage(this.name, { last_by_subj: subject });
    return m ? toRecord(m) : undefined;
  }

  /**
   * Reads on from the next sequence whenever a record is published on the stream's subjects, a
   * moment after that (see FOLLOW_RECHECK_MS), and every FOLLOW_POLL_MS. Reads never overlap and
   * resume from the sequence after the last delivered, so each record is delivered once, in order;
   * a failed read (NATS electing a leader) is simply tried again on the next wake-up.
   */
  async follow(fromSeq: number, handler: (record: StreamRecord) => void): Promise<StreamFollower> {
    let next = Math.max(1, Math.floor(fromSeq));
    let stopped = false;
    let reading: Promise<void> | undefined;
    let again = false;
    let recheck: NodeJS.Timeout | undefined;
    const readOn = async () => {
      do {
        again = false;
        try {
          for (;;) {
            const batch = await this.read(next, FOLLOW_BATCH);
            for (const record of batch) {
              if (stopped) return;
              next = record.seq + 1;
              try {
                handler(record);
              } catch {
                // A handler's own failure must not end the follow; handlers validate and report their input.
              }
            }
            if (batch.length < FOLLOW_BATCH) break;
          }
        } catch {
          return;
        }
      } while (again && !stopped);
    };
    const wake = () => {
      if (stopped) return;
      if (reading) {
        again = true;
        return;
      }
      reading = readOn().finally(() => (reading = undefined));
    };
    const onLive = () => {
      wake();
      recheck ??= setTimeout(() => ((recheck = undefined), wake()), FOLLOW_RECHECK_MS);
    };
    const subscriptions: NatsSubscription[] = this.#subjects.map((subject) => this.#nc.subscribe(subject, { callback: onLive }));
    // Registered at the server before the first read, so a record stored after it wakes the follow.
    await this.#nc.flush();
    const poll = setInterval(wake, FOLLOW_POLL_MS);
    wake();
    let stopping: Promise<void> | undefined;
    return {
      stop: () =>
        (stopping ??= (async () => {
          stopped = true;
          clearInterval(poll);
          clearTimeout(recheck);
          for (const sub of subscriptions) sub.unsubscribe();
          await reading;
        })()),
    };
  }

  async destroy(): Promise<void> {
    await this.#jsm.streams.delete(this.name);
  }
}
