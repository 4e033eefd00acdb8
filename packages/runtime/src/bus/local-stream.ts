/** In-memory StreamStore: captures its subjects from the local bus, with retention limits and msgId dedupe. */
import type { Bus, StreamOptions, StreamRecord, StreamStore, Subscription } from "./bus.js";

export class LocalStreamStore implements StreamStore {
  readonly name: string;
  #options: StreamOptions;
  #records: StreamRecord[] = [];
  #bytes = 0;
  #lastSeq = 0;
  #subs: Subscription[] = [];
  readonly #seenMsgIds = new Map<string, number>();
  readonly #bus: Bus;
  readonly #onDestroy: () => void;

  constructor(name: string, options: StreamOptions, bus: Bus, onDestroy: () => void) {
    this.name = name;
    this.#options = options;
    this.#bus = bus;
    this.#onDestroy = onDestroy;
    this.#listen();
  }

  configure(options: StreamOptions): void {
    this.detach();
    this.#options = options;
    this.#listen();
  }

  #listen(): void {
    this.#subs = this.#options.subjects.map((s) => this.#bus.subscribe(s, (msg) => this.#store(msg.subject, msg.data)));
  }

  detach(): void {
    for (const s of this.#subs) s.unsubscribe();
    this.#subs = [];
  }

  publish(subject: string, data: Uint8Array, msgId?: string): Promise<number> {
    if (msgId !== undefined) {
      const seen = this.#seenMsgIds.get(msgId);
      if (seen !== undefined) return Promise.resolve(seen);
    }
    const seq = this.#store(subject, new Uint8Array(data));
    if (msgId !== undefined) this.#seenMsgIds.set(msgId, seq);
    return Promise.resolve(seq);
  }

  read(fromSeq: number, max: number): Promise<StreamRecord[]> {
    this.#expire();
    return Promise.resolve(this.#records.filter((r) => r.seq >= fromSeq).slice(0, max));
  }

  lastSeq(): Promise<number> {
    return Promise.resolve(this.#lastSeq);
  }

  destroy(): Promise<void> {
    this.detach();
    this.#records = [];
    this.#onDestroy();
    return Promise.resolve();
  }

  #store(subject: string, data: Uint8Array): number {
    const record: StreamRecord = { seq: ++this.#lastSeq, subject, data, storedAtMs: Date.now() };
    this.#records.push(record);
    this.#bytes += data.byteLength;
    this.#expire();
    return record.seq;
  }

  #expire(): void {
    const { maxMessages, maxBytes, maxAgeMs } = this.#options;
    const oldestAllowedMs = maxAgeMs === undefined ? -Infinity : Date.now() - maxAgeMs;
    while (this.#records.length > 0) {
      const first = this.#records[0]!;
      const overCount = maxMessages !== undefined && this.#records.length > maxMessages;
      const overBytes = maxBytes !== undefined && this.#bytes > maxBytes;
      if (!overCount && !overBytes && first.storedAtMs >= oldestAllowedMs) break;
      this.#records.shift();
      this.#bytes -= first.data.byteLength;
    }
  }
}
