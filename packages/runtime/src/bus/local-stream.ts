/**
 * In-memory StreamStore with JetStream limits-retention semantics: the bus hands it every message
 * published on its subjects (core publishes included), in publish order; sequences start at 1 and
 * never repeat; maxMessages / maxBytes / maxAgeMs drop the oldest (with discard "new", a full
 * stream refuses the publish instead; age still drops the oldest); `msgId` dedupes within the
 * duplicate window (2 min, or maxAge when shorter, as on the server).
 */
import type { StreamFollower, StreamOptions, StreamRecord, StreamStore } from "./bus.js";
import { ErrorCodes, OrbitwinError, asError } from "@orbitwin/protocol";
import { InvalidStateError, StorageFullError } from "../errors.js";
import { assertPattern, assertPublishSubject, matchTokens } from "./subject-match.js";

/** JetStream's default duplicate window. */
const DUPLICATE_WINDOW_MS = 120_000;
// The server refuses these in stream names (they would break its API subjects or file paths).
const BAD_STREAM_NAME = /[\s.*>/\\]/;

export function checkStreamName(name: string): void {
  if (typeof name !== "string" || name.length === 0 || BAD_STREAM_NAME.test(name)) {
    throw new OrbitwinError(
      ErrorCodes.invalidToken,
      `stream name ${JSON.stringify(name)} is invalid: use letters, digits, '-' and '_' (no '.', '*', '>', '/', '\\' or spaces)`,
    );
  }
}

export function checkStreamOptions(name: string, options: StreamOptions): void {
  if (!Array.isArray(options.subjects) || options.subjects.length === 0) {
    throw new OrbitwinError(ErrorCodes.invalidState, `stream ${name} needs at least one subject in options.subjects`);
  }
  for (const s of options.subjects) assertPattern(s);
}

export interface LocalStreamHooks {
  /** Publishes on the bus, which hands the message back to `capture` of every matching stream when `store`. */
  publish(subject: string, data: Uint8Array, store: boolean): void;
  /** Wall clock, ms since 1970 UTC: storage timestamps and maxAge. */
  now(): number;
  onDestroy(): void;
}

export class LocalStreamStore implements StreamStore {
  readonly name: string;
  #options!: StreamOptions;
  #patterns: string[][] = [];
  /** Stored records, oldest first, from index #head; the front is compacted lazily. */
  #records: StreamRecord[] = [];
  #head = 0;
  #bytes = 0;
  #lastSeq = 0;
  #destroyed = false;
  /** msgId -> { seq, atMs } in insertion (= time) order, so expiry scans from the front. */
  readonly #msgIds = new Map<string, { seq: number; atMs: number }>();
  readonly #followers = new Set<LocalFollower>();
  readonly #hooks: LocalStreamHooks;

  constructor(name: string, options: StreamOptions, hooks: LocalStreamHooks) {
    checkStreamName(name);
    this.name = name;
    this.#hooks = hooks;
    this.configure(options);
  }

  get subjects(): readonly string[] {
    return this.#options.subjects;
  }

  /** Applies new limits and subjects (as a stream update does) and enforces them at once. */
  configure(options: StreamOptions): void {
    checkStreamOptions(this.name, options);
    this.#options = { ...options, subjects: [...options.subjects] };
    this.#patterns = options.subjects.map((s) => s.split("."));
    this.#expire();
  }

  /** True when this stream stores messages published on `tokens`. */
  captures(tokens: readonly string[]): boolean {
    return this.#patterns.some((p) => matchTokens(p, tokens));
  }

  /** Called by the bus for each message on the stream's subjects; `data` is already a private copy. */
  capture(subject: string, data: Uint8Array): void {
    // A full discard-new stream stores nothing more (a plain publish gets no refusal, as on NATS).
    if (this.#destroyed || this.#fullFor(subject, data) !== undefined) return;
    this.#records.push({ seq: ++this.#lastSeq, subject, data, storedAtMs: this.#hooks.now() });
    this.#bytes += recordBytes(subject, data);
    this.#expire();
    for (const f of this.#followers) f.wake();
  }

  publish(subject: string, data: Uint8Array, msgId?: string): Promise<number> {
    try {
      this.#assertUsable();
      const tokens = assertPublishSubject(subject);
      if (!this.captures(tokens)) {
        throw new OrbitwinError(
          ErrorCodes.invalidState,
          `stream ${this.name} does not store ${subject}: publish on one of ${this.#options.subjects.join(", ")}`,
        );
      }
      const now = this.#hooks.now();
      this.#expireMsgIds(now);
      const seen = msgId === undefined ? undefined : this.#msgIds.get(msgId);
      const full = seen === undefined ? this.#fullFor(subject, data) : undefined;
      if (full !== undefined) throw new StorageFullError(`stream ${this.name}`, full);
      // Through the bus, so core subscribers see it too, as on NATS, where dedupe is storage-only.
      this.#hooks.publish(subject, data, seen === undefined);
      if (seen !== undefined) return Promise.resolve(seen.seq);
      const seq = this.#lastSeq;
      if (msgId !== undefined) this.#msgIds.set(msgId, { seq, atMs: now });
      return Promise.resolve(seq);
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  /** With discard new: the limit storing this record would pass, if any. */
  #fullFor(subject: string, data: Uint8Array): string | undefined {
    const { discard, maxMessages, maxBytes } = this.#options;
    if (discard !== "new") return undefined;
    this.#expire();
    if (maxMessages !== undefined && maxMessages > 0 && this.#records.length - this.#head + 1 > maxMessages) return `${maxMessages} records`;
    if (maxBytes !== undefined && maxBytes > 0 && this.#bytes + recordBytes(subject, data) > maxBytes) return `${maxBytes} bytes`;
    return undefined;
  }

  read(fromSeq: number, max: number): Promise<StreamRecord[]> {
    try {
      this.#assertUsable();
      this.#expire();
      const first = this.#records[this.#head];
      if (!first || max <= 0) return Promise.resolve([]);
      // Sequences are contiguous from the oldest record: limits retention only drops the front.
      const start = this.#head + Math.max(0, Math.floor(fromSeq) - first.seq);
      const out = this.#records.slice(start, start + Math.floor(max));
      return Promise.resolve(out.map((r) => ({ ...r, data: new Uint8Array(r.data) })));
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  follow(fromSeq: number, handler: (record: StreamRecord) => void): Promise<StreamFollower> {
    try {
      this.#assertUsable();
      const follower = new LocalFollower(
        Math.max(1, Math.floor(fromSeq)),
        handler,
        (seq) => this.#recordsFrom(seq),
        () => this.#followers.delete(follower),
      );
      this.#followers.add(follower);
      follower.wake();
      return Promise.resolve(follower);
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  /** Stored records from `fromSeq` on (the oldest kept when earlier ones expired). */
  #recordsFrom(fromSeq: number): StreamRecord[] {
    this.#expire();
    const first = this.#records[this.#head];
    if (!first) return [];
    return this.#records.slice(this.#head + Math.max(0, fromSeq - first.seq));
  }

  lastOnSubject(subject: string): Promise<StreamRecord | undefined> {
    try {
      this.#assertUsable();
      assertPublishSubject(subject);
      this.#expire();
      for (let i = this.#records.length - 1; i >= this.#head; i--) {
        const r = this.#records[i]!;
        if (r.subject === subject) return Promise.resolve({ ...r, data: new Uint8Array(r.data) });
      }
      return Promise.resolve(undefined);
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  lastSeq(): Promise<number> {
    if (this.#destroyed) return Promise.reject(new InvalidStateError(`stream ${this.name}`, "destroyed", "read"));
    return Promise.resolve(this.#lastSeq);
  }

  destroy(): Promise<void> {
    if (!this.#destroyed) {
      this.#destroyed = true;
      this.#records = [];
      this.#head = 0;
      this.#msgIds.clear();
      for (const f of [...this.#followers]) void f.stop();
      this.#hooks.onDestroy();
    }
    return Promise.resolve();
  }

  #assertUsable(): void {
    if (this.#destroyed) throw new InvalidStateError(`stream ${this.name}`, "destroyed", "use");
  }

  #expire(): void {
    const { maxMessages, maxBytes, maxAgeMs } = this.#options;
    const oldestAllowedMs = maxAgeMs === undefined || maxAgeMs <= 0 ? -Infinity : this.#hooks.now() - maxAgeMs;
    while (this.#head < this.#records.length) {
      const first = this.#records[this.#head]!;
      const count = this.#records.length - this.#head;
      const overCount = maxMessages !== undefined && maxMessages > 0 && count > maxMessages;
      const overBytes = maxBytes !== undefined && maxBytes > 0 && this.#bytes > maxBytes;
      if (!overCount && !overBytes && first.storedAtMs >= oldestAllowedMs) break;
      this.#head++;
      this.#bytes -= recordBytes(first.subject, first.data);
    }
    // Compact when the dropped front is the larger part, so a long run stays O(1) amortised.
    if (this.#head > 1024 && this.#head * 2 > this.#records.length) {
      this.#records = this.#records.slice(this.#head);
      this.#head = 0;
    }
  }

  #expireMsgIds(now: number): void {
    const windowMs = Math.min(DUPLICATE_WINDOW_MS, this.#options.maxAgeMs && this.#options.maxAgeMs > 0 ? this.#options.maxAgeMs : Infinity);
    for (const [id, seen] of this.#msgIds) {
      if (seen.atMs > now - windowMs) break;
      this.#msgIds.delete(id);
    }
  }
}

/**
 * Delivers by sequence number, never by notification count: whatever was stored since the last
 * round is delivered in the next one, each record once. Rounds run in their own macrotask, as
 * LocalBus deliveries do, so a handler never re-enters a publisher.
 */
class LocalFollower implements StreamFollower {
  #nextSeq: number;
  #scheduled = false;
  #stopped = false;
  readonly #handler: (record: StreamRecord) => void;
  readonly #recordsFrom: (seq: number) => StreamRecord[];
  readonly #onStop: () => void;

  constructor(fromSeq: number, handler: (record: StreamRecord) => void, recordsFrom: (seq: number) => StreamRecord[], onStop: () => void) {
    this.#nextSeq = fromSeq;
    this.#handler = handler;
    this.#recordsFrom = recordsFrom;
    this.#onStop = onStop;
  }

  wake(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setImmediate(() => this.#round());
  }

  #round(): void {
    this.#scheduled = false;
    for (const r of this.#recordsFrom(this.#nextSeq)) {
      if (this.#stopped) return;
      this.#nextSeq = r.seq + 1;
      try {
        this.#handler({ ...r, data: new Uint8Array(r.data) });
      } catch {
        // A handler's own failure must not end the follow; handlers validate and report their input.
      }
    }
  }

  stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#onStop();
    }
    return Promise.resolve();
  }
}

/** Roughly what the server counts against max_bytes: subject and payload (no headers here). */
function recordBytes(subject: string, data: Uint8Array): number {
  return subject.length + data.byteLength;
}
