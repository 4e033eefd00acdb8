/**
 * The one bus interface. Two implementations with the same subject semantics (`*`, `>`, queue
 * groups, request-reply, no-responders): NatsBus (real NATS + JetStream) and LocalBus (in-process,
 * for local mode and fast deterministic tests).
 */

export interface BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  /** Reply subject, when the sender expects an answer. */
  readonly reply: string | undefined;
  /** Answers a request; returns false when the message had no reply subject. */
  respond(data: Uint8Array): boolean;
}

export type MessageHandler = (msg: BusMessage) => void;

export interface SubscribeOptions {
  /** Queue group: each message goes to one member of the group. */
  queue?: string;
}

export interface Subscription {
  readonly subject: string;
  /** Stops delivery at once. Idempotent. */
  unsubscribe(): void;
  /** Stops taking new messages and resolves when the handler has seen every buffered one. */
  drain(): Promise<void>;
}

export interface RequestOptions {
  /** @default 5000 ms */
  timeoutMs?: number;
}

export interface KvEntry {
  readonly key: string;
  readonly value: Uint8Array;
  /** Monotonic revision of the entry in its bucket. */
  readonly revision: number;
}

export interface KvOptions {
  /** Values kept per key. @default 1 */
  history?: number;
  /** Largest value, bytes. @default the server's max payload */
  maxValueBytes?: number;
  /** In-memory storage instead of file. @default false */
  memory?: boolean;
  /** Copies kept in a NATS cluster (1, 3 or 5). @default 1 */
  replicas?: number;
  /**
   * The bucket's size limit, bytes; a put past it is refused (StorageFullError), nothing stored is
   * dropped. Given for an existing bucket, its limit is changed to this. @default unlimited
   */
  maxBytes?: number;
  /** Entries not written for this long are dropped, ms. Given for an existing bucket, it is changed. @default unlimited */
  maxAgeMs?: number;
}

/** Key/value seam (JetStream KV on NATS). Keys: letters, digits, `-`, `_`, `/`, `=`, `.`. */
export interface KvStore {
  readonly bucket: string;
  get(key: string): Promise<KvEntry | undefined>;
  put(key: string, value: Uint8Array): Promise<number>;
  /** Compare-and-set: writes only when the key is at `revision` (0 = must not exist). */
  update(key: string, value: Uint8Array, revision: number): Promise<number>;
  delete(key: string): Promise<void>;
  /**
   * The live keys, sorted; with `filter` (tokens split by '.', `*` and `>` as in NATS subjects, e.g.
   * `*.manifest`) only those it matches, and only those are read: a role may read some keys only.
   * With `unread`, nothing is read: the keys come from the bucket's index alone, which also lists a
   * key another client deleted (JetStream keeps its marker). Enough to choose what to delete.
   */
  keys(filter?: string, options?: { unread?: boolean }): Promise<string[]>;
  /** Deletes every key `filter` matches (as in `keys`), in one operation, reading none of them. */
  deleteMatching(filter: string): Promise<void>;
  /** Removes the bucket and everything in it. */
  destroy(): Promise<void>;
}

export interface StreamOptions {
  subjects: string[];
  /** Drop messages older than this. @default unlimited */
  maxAgeMs?: number;
  /** @default unlimited */
  maxBytes?: number;
  /** @default unlimited */
  maxMessages?: number;
  /** @default false */
  memory?: boolean;
  /** Copies kept in a NATS cluster (1, 3 or 5). @default 1 */
  replicas?: number;
  /**
   * What a full stream does: "old" drops its oldest records (history), "new" refuses the publish
   * with a StorageFullError (a log whose acknowledged records must never go). Age limits drop the
   * oldest either way. @default "old"
   */
  discard?: "old" | "new";
}

export interface StreamRecord {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  /** Wall time the stream stored it, ms since 1970 UTC. */
  readonly storedAtMs: number;
}

/** A live reader of a stream: stored records first, then new ones, by sequence. */
export interface StreamFollower {
  /** Stops delivery; resolves once no handler call is in flight. Idempotent. */
  stop(): Promise<void>;
}

/** Durable history seam (a JetStream stream on NATS). */
export interface StreamStore {
  readonly name: string;
  /** Publishes durably and resolves with the stored sequence; `msgId` dedupes retries. */
  publish(subject: string, data: Uint8Array, msgId?: string): Promise<number>;
  /** Reads up to `max` records starting at sequence `fromSeq` (1-based), in order. */
  read(fromSeq: number, max: number): Promise<StreamRecord[]>;
  /** Last stored sequence, 0 when empty. */
  lastSeq(): Promise<number>;
  /** The newest record stored on `subject` (one subject, no wildcard), or undefined when none is kept. */
  lastOnSubject(subject: string): Promise<StreamRecord | undefined>;
  /**
   * Delivers every record from `fromSeq` on (the oldest kept when older ones have expired), in
   * sequence order, then each new record as it is stored: replay and live follow are one
   * sequence, so nothing is missed or repeated at the seam.
   */
  follow(fromSeq: number, handler: (record: StreamRecord) => void): Promise<StreamFollower>;
  destroy(): Promise<void>;
}

export interface ServiceEndpoint {
  /** Endpoint name, e.g. `status`. */
  name: string;
  subject: string;
  handler: MessageHandler;
  /** Free-form metadata shown by NATS service discovery. */
  metadata?: Record<string, string>;
}

export interface ServiceDefinition {
  /** Service name, letters, digits, `-` and `_`: `orbitwin-coordinator`. */
  name: string;
  version: string;
  description: string;
  endpoints: ServiceEndpoint[];
  /** Queue group for every endpoint; @default the NATS services default "q" */
  queue?: string;
}

/** A running service (on NATS: discoverable with `nats micro ls` / `$SRV.PING`). */
export interface ServiceHandle {
  readonly name: string;
  stop(): Promise<void>;
}

export interface Bus {
  readonly kind: "nats" | "local";
  /** Server URL, or "local". */
  readonly url: string;
  publish(subject: string, data: Uint8Array): void;
  subscribe(subject: string, handler: MessageHandler, options?: SubscribeOptions): Subscription;
  /** Rejects with NoRespondersError or RequestTimeoutError (runtime errors.ts). */
  request(subject: string, data: Uint8Array, options?: RequestOptions): Promise<BusMessage>;
  /** Resolves once everything published so far has reached the server. */
  flush(): Promise<void>;
  /** Opens (creating when missing) a key/value bucket. */
  kv(bucket: string, options?: KvOptions): Promise<KvStore>;
  /** Opens (creating or updating) a stream. */
  stream(name: string, options: StreamOptions): Promise<StreamStore>;
  /** Opens an existing stream as it is, to read it; rejects with ORBITWIN_UNKNOWN_STREAM when there is none. */
  openStream(name: string): Promise<StreamStore>;
  addService(definition: ServiceDefinition): Promise<ServiceHandle>;
  /** Drains subscriptions, flushes, and closes. Idempotent. */
  drain(): Promise<void>;
  /** Resolves when the bus is closed, with the error that closed it if any; never rejects. */
  closed(): Promise<Error | undefined>;
}
