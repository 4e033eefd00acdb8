/**
 * In-memory KvStore with JetStream KV semantics: one revision counter per bucket, per-key
 * history, compare-and-set updates (revision 0 = create only, allowed again after a delete),
 * and the same key and bucket rules, so code tested on LocalBus behaves the same on NATS. A byte
 * limit refuses puts past it (JetStream KV discards new); age limits are NATS's alone: local
 * state lives as long as its process.
 */
import type { KvEntry, KvOptions, KvStore } from "./bus.js";
import { ErrorCodes, MessageTooLargeError, OrbitwinError, asError } from "@orbitwin/protocol";
import { InvalidStateError, KvConflictError, StorageFullError } from "../errors.js";
import { assertPattern, matchTokens } from "./subject-match.js";

// The rules of nats.js @nats-io/kv validateKey / validateBucket.
const KEY_PATTERN = /^[-/=.\w]+$/;
const BUCKET_PATTERN = /^[-\w]+$/;

export function checkBucketName(bucket: string): void {
  if (!BUCKET_PATTERN.test(bucket)) {
    throw new OrbitwinError(ErrorCodes.invalidToken, `KV bucket name ${JSON.stringify(bucket)} is invalid: use letters, digits, '-' and '_' only`);
  }
}

function checkKey(key: string): void {
  if (typeof key !== "string" || !KEY_PATTERN.test(key) || key.startsWith(".") || key.endsWith(".")) {
    throw new OrbitwinError(ErrorCodes.invalidToken, `KV key ${JSON.stringify(key)} is invalid: use letters, digits and - / _ = . (no '.' at either end)`);
  }
}

export class LocalKvStore implements KvStore {
  readonly bucket: string;
  readonly #history: number;
  readonly #maxValueBytes: number;
  #maxBytes: number;
  /** key and value bytes of every entry kept, as the limit counts them */
  #bytes = 0;
  /** Live entries per key, oldest first; a delete removes the key (JetStream keeps a marker). */
  readonly #entries = new Map<string, KvEntry[]>();
  #revision = 0;
  #destroyed = false;
  readonly #onDestroy: () => void;

  constructor(bucket: string, options: KvOptions, onDestroy: () => void) {
    checkBucketName(bucket);
    this.bucket = bucket;
    // JetStream KV allows 1..64 values per key.
    this.#history = Math.min(64, Math.max(1, options.history ?? 1));
    this.#maxValueBytes = options.maxValueBytes ?? 8 * 1024 * 1024;
    this.#maxBytes = options.maxBytes ?? -1;
    this.#onDestroy = onDestroy;
  }

  get(key: string): Promise<KvEntry | undefined> {
    return this.#run(() => {
      checkKey(key);
      const entry = this.#entries.get(key)?.at(-1);
      // A fresh copy per read, as NATS gives: a reader mutating it must not change the store.
      return entry && { ...entry, value: new Uint8Array(entry.value) };
    });
  }

  put(key: string, value: Uint8Array): Promise<number> {
    return this.#run(() => {
      checkKey(key);
      return this.#write(key, value);
    });
  }

  update(key: string, value: Uint8Array, revision: number): Promise<number> {
    return this.#run(() => {
      checkKey(key);
      const current = this.#entries.get(key)?.at(-1)?.revision ?? 0;
      if (current !== revision) throw new KvConflictError(this.bucket, key, revision);
      return this.#write(key, value);
    });
  }

  delete(key: string): Promise<void> {
    return this.#run(() => {
      checkKey(key);
      const removed = this.#entries.get(key);
      // JetStream writes a delete marker, which takes a revision of its own.
      if (removed && this.#entries.delete(key)) {
        this.#revision++;
        for (const e of removed) this.#bytes -= entryBytes(e.key, e.value);
      }
    });
  }

  /** Every key here is live (a delete removes it), so a listing `unread` is the same. */
  keys(filter?: string): Promise<string[]> {
    const pattern = filter?.split(".");
    return this.#run(() => [...this.#entries.keys()].filter((k) => !pattern || matchTokens(pattern, k.split("."))).sort());
  }

  async deleteMatching(filter: string): Promise<void> {
    const pattern = await this.#run(() => assertPattern(filter));
    for (const key of await this.keys()) if (matchTokens(pattern, key.split("."))) await this.delete(key);
  }

  /** A new byte limit (the bus was asked for the bucket with one). */
  limit(maxBytes: number | undefined): void {
    if (maxBytes !== undefined) this.#maxBytes = maxBytes;
  }

  destroy(): Promise<void> {
    if (!this.#destroyed) {
      this.#destroyed = true;
      this.#entries.clear();
      this.#onDestroy();
    }
    return Promise.resolve();
  }

  /** Runs `op` and turns a throw into a rejection, as a network client would. */
  #run<T>(op: () => T): Promise<T> {
    try {
      if (this.#destroyed) throw new InvalidStateError(`KV bucket ${this.bucket}`, "destroyed", "use");
      return Promise.resolve(op());
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  #write(key: string, value: Uint8Array): number {
    if (value.byteLength > this.#maxValueBytes)
      throw new MessageTooLargeError(`the value for KV key ${key} in ${this.bucket}`, value.byteLength, this.#maxValueBytes);
    const list = this.#entries.get(key) ?? [];
    const dropped = list.length + 1 > this.#history ? list.slice(0, list.length + 1 - this.#history) : [];
    const after = this.#bytes + entryBytes(key, value) - dropped.reduce((n, e) => n + entryBytes(e.key, e.value), 0);
    if (this.#maxBytes > 0 && after > this.#maxBytes) throw new StorageFullError(`KV bucket ${this.bucket}`, `${this.#maxBytes} bytes`);
    // Copied (new Uint8Array, not Buffer#slice, which is a view): the caller may reuse its buffer.
    const entry: KvEntry = { key, value: new Uint8Array(value), revision: ++this.#revision };
    list.push(entry);
    if (list.length > this.#history) list.splice(0, list.length - this.#history);
    this.#bytes = after;
    this.#entries.set(key, list);
    return entry.revision;
  }
}

function entryBytes(key: string, value: Uint8Array): number {
  return key.length + value.byteLength;
}
