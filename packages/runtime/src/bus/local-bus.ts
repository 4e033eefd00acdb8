/**
 * The in-process bus: NATS subject semantics (`*`, `>`, queue groups, request-reply,
 * no-responders) without a server, for local mode and fast deterministic tests. Delivery is
 * asynchronous and ordered per subscription; each delivery round runs in its own macrotask
 * (setImmediate) so timers and I/O interleave with message chains, as they would over a socket.
 */
import type { Bus, BusMessage, KvOptions, KvStore, MessageHandler, RequestOptions, ServiceDefinition, ServiceHandle, StreamOptions, StreamStore, SubscribeOptions, Subscription } from "./bus.js";
import { NoRespondersError, RequestTimeoutError } from "../errors.js";
import { LocalKvStore } from "./local-kv.js";
import { LocalStreamStore } from "./local-stream.js";
import { assertPattern, assertPublishSubject, matchTokens } from "./subject-match.js";

interface LocalSubscription {
  id: number;
  subject: string;
  tokens: string[];
  queue: string | undefined;
  handler: MessageHandler;
  mailbox: BusMessage[];
  active: boolean;
  idle: (() => void)[];
}

export interface LocalBusOptions {
  /** Called with an error a handler threw; the bus keeps going. @default print to stderr */
  onHandlerError?: (err: unknown, subject: string) => void;
}

export class LocalBus implements Bus {
  readonly kind = "local";
  readonly url = "local";
  #subs: LocalSubscription[] = [];
  #nextId = 1;
  #queueCursor = new Map<string, number>();
  #scheduled = false;
  #ready: LocalSubscription[] = [];
  #kv = new Map<string, LocalKvStore>();
  #streams = new Map<string, LocalStreamStore>();
  #closed = false;
  #closedResolve!: (err: Error | undefined) => void;
  readonly #closedPromise = new Promise<Error | undefined>((r) => (this.#closedResolve = r));
  readonly #onHandlerError: (err: unknown, subject: string) => void;

  constructor(options: LocalBusOptions = {}) {
    this.#onHandlerError = options.onHandlerError ?? ((err, subject) => process.stderr.write(`orbitwin local bus: handler for ${subject} threw: ${String(err)}\n`));
  }

  publish(subject: string, data: Uint8Array): void {
    this.#publish(subject, data, undefined);
  }

  #publish(subject: string, data: Uint8Array, reply: string | undefined): number {
    if (this.#closed) throw new Error("the local bus is closed");
    assertPublishSubject(subject);
    const tokens = subject.split(".");
    // Buffer#slice is a view, not a copy; publishers such as msgpackr reuse their buffers.
    const copy = new Uint8Array(data);
    const groups = new Map<string, LocalSubscription[]>();
    let delivered = 0;
    for (const sub of this.#subs) {
      if (!sub.active || !matchTokens(sub.tokens, tokens)) continue;
      if (sub.queue === undefined) {
        this.#enqueue(sub, subject, copy, reply);
        delivered++;
      } else {
        const key = `${sub.subject}\u0000${sub.queue}`;
        const members = groups.get(key) ?? [];
        members.push(sub);
        groups.set(key, members);
      }
    }
    for (const [key, members] of groups) {
      const cursor = this.#queueCursor.get(key) ?? 0;
      this.#queueCursor.set(key, cursor + 1);
      this.#enqueue(members[cursor % members.length]!, subject, copy, reply);
      delivered++;
    }
    return delivered;
  }

  #enqueue(sub: LocalSubscription, subject: string, data: Uint8Array, reply: string | undefined): void {
    sub.mailbox.push({
      subject,
      data,
      reply,
      respond: (bytes: Uint8Array): boolean => {
        if (!reply || this.#closed) return false;
        this.#publish(reply, bytes, undefined);
        return true;
      },
    });
    if (sub.mailbox.length === 1) this.#ready.push(sub);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#deliverRound());
  }

  /** Delivers every message queued before this round; later ones wait for the next round. */
  #deliverRound(): void {
    this.#scheduled = false;
    const ready = this.#ready;
    this.#ready = [];
    for (const sub of ready) {
      const batch = sub.mailbox;
      sub.mailbox = [];
      for (const msg of batch) {
        if (!sub.active && sub.idle.length === 0) break;
        try {
          sub.handler(msg);
        } catch (err) {
          this.#onHandlerError(err, msg.subject);
        }
      }
      if (sub.mailbox.length === 0) {
        for (const resolve of sub.idle.splice(0)) resolve();
      }
    }
  }

  subscribe(subject: string, handler: MessageHandler, options: SubscribeOptions = {}): Subscription {
    assertPattern(subject);
    const sub: LocalSubscription = { id: this.#nextId++, subject, tokens: subject.split("."), queue: options.queue, handler, mailbox: [], active: true, idle: [] };
    this.#subs.push(sub);
    const remove = () => {
      sub.active = false;
      this.#subs = this.#subs.filter((s) => s !== sub);
    };
    return {
      subject,
      unsubscribe: () => {
        remove();
        sub.mailbox = [];
      },
      drain: () => {
        remove();
        if (sub.mailbox.length === 0) return Promise.resolve();
        return new Promise<void>((resolve) => sub.idle.push(resolve));
      },
    };
  }

  request(subject: string, data: Uint8Array, options: RequestOptions = {}): Promise<BusMessage> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const inbox = `_INBOX.local.${this.#nextId++}`;
    return new Promise<BusMessage>((resolve, reject) => {
      const sub = this.subscribe(inbox, (msg) => {
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(msg);
      });
      const timer = setTimeout(() => {
        sub.unsubscribe();
        reject(new RequestTimeoutError(subject, timeoutMs));
      }, timeoutMs);
      let delivered: number;
      try {
        delivered = this.#publish(subject, data, inbox);
      } catch (err) {
        clearTimeout(timer);
        sub.unsubscribe();
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (delivered === 0) {
        clearTimeout(timer);
        sub.unsubscribe();
        reject(new NoRespondersError(subject));
      }
    });
  }

  /** Resolves once everything published so far has been handled (and what that published). */
  async flush(): Promise<void> {
    for (let round = 0; round < 10_000 && (this.#scheduled || this.#ready.length > 0); round++) {
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  kv(bucket: string, options: KvOptions = {}): Promise<KvStore> {
    let store = this.#kv.get(bucket);
    if (!store) {
      store = new LocalKvStore(bucket, options, () => this.#kv.delete(bucket));
      this.#kv.set(bucket, store);
    }
    return Promise.resolve(store);
  }

  stream(name: string, options: StreamOptions): Promise<StreamStore> {
    let store = this.#streams.get(name);
    if (!store) {
      store = new LocalStreamStore(name, options, this, () => this.#streams.delete(name));
      this.#streams.set(name, store);
    } else {
      store.configure(options);
    }
    return Promise.resolve(store);
  }

  addService(definition: ServiceDefinition): Promise<ServiceHandle> {
    const subs = definition.endpoints.map((e) => this.subscribe(e.subject, e.handler, { queue: definition.queue ?? "q" }));
    return Promise.resolve({
      name: definition.name,
      stop: async () => {
        await Promise.all(subs.map((s) => s.drain()));
      },
    });
  }

  async drain(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    for (const store of this.#streams.values()) store.detach();
    this.#subs = [];
    this.#closed = true;
    this.#closedResolve(undefined);
  }

  closed(): Promise<Error | undefined> {
    return this.#closedPromise;
  }
}
