/** In-memory KvStore with per-key history and compare-and-set revisions, like JetStream KV. */
import type { KvEntry, KvOptions, KvStore } from "./bus.js";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

const KEY_PATTERN = /^[-/_=.a-zA-Z0-9]+$/;

export class LocalKvStore implements KvStore {
  readonly bucket: string;
  readonly #history: number;
  readonly #maxValueBytes: number;
  readonly #entries = new Map<string, KvEntry[]>();
  #revision = 0;
  readonly #onDestroy: () => void;

  constructor(bucket: string, options: KvOptions, onDestroy: () => void) {
    this.bucket = bucket;
    this.#history = Math.max(1, options.history ?? 1);
    this.#maxValueBytes = options.maxValueBytes ?? 8 * 1024 * 1024;
    this.#onDestroy = onDestroy;
  }

  get(key: string): Promise<KvEntry | undefined> {
    checkKey(key);
    const list = this.#entries.get(key);
    return Promise.resolve(list?.[list.length - 1]);
  }

  put(key: string, value: Uint8Array): Promise<number> {
    checkKey(key);
    return Promise.resolve(this.#write(key, value));
  }

  update(key: string, value: Uint8Array, revision: number): Promise<number> {
    checkKey(key);
    const current = this.#entries.get(key)?.at(-1)?.revision ?? 0;
    if (current !== revision) {
      return Promise.reject(new OrbitwinError(ErrorCodes.invalidState, `key ${key} in ${this.bucket} is at revision ${current}, not ${revision}`, { retryable: true }));
    }
    return Promise.resolve(this.#write(key, value));
  }

  delete(key: string): Promise<void> {
    checkKey(key);
    this.#entries.delete(key);
    return Promise.resolve();
  }

  keys(): Promise<string[]> {
    return Promise.resolve([...this.#entries.keys()].sort());
  }

  destroy(): Promise<void> {
    this.#entries.clear();
    this.#onDestroy();
    return Promise.resolve();
  }

  #write(key: string, value: Uint8Array): number {
    if (value.byteLength > this.#maxValueBytes) throw new OrbitwinError(ErrorCodes.messageTooLarge, `value for ${key} is ${value.byteLength} bytes, over ${this.#maxValueBytes}`);
    const entry: KvEntry = { key, value: new Uint8Array(value), revision: ++this.#revision };
    const list = this.#entries.get(key) ?? [];
    list.push(entry);
    if (list.length > this.#history) list.splice(0, list.length - this.#history);
    this.#entries.set(key, list);
    return entry.revision;
  }
}

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.startsWith(".") || key.endsWith(".")) {
    throw new OrbitwinError(ErrorCodes.invalidToken, `KV key "${key}" is invalid: use letters, digits and - / _ = . (not at the ends)`);
  }
}
