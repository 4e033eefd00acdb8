/**
 * One participant's own connection to a shared in-process bus, which a test can cut the way a
 * SIGKILL cuts a process's TCP connection: from the moment of `crash()` nothing reaches the
 * participant (held or queued deliveries included), and nothing it sends, stores or asks leaves.
 * The rest of the system sees only silence, as it would from a killed process: no farewell.
 */
import { InvalidStateError } from "../errors.js";
import type { Bus, KvStore, MessageHandler, ServiceHandle, StreamStore, Subscription } from "./bus.js";

export class CrashableBus {
  readonly #inner: Bus;
  readonly #name: string;
  readonly #subs: Subscription[] = [];
  readonly #services: ServiceHandle[] = [];
  #crashed = false;

  constructor(inner: Bus, name: string) {
    this.#inner = inner;
    this.#name = name;
  }

  get crashed(): boolean {
    return this.#crashed;
  }

  /** Cuts the connection. Idempotent. */
  crash(): void {
    if (this.#crashed) return;
    this.#crashed = true;
    for (const sub of this.#subs.splice(0)) sub.unsubscribe();
    for (const service of this.#services.splice(0)) void service.stop();
  }

  /** The bus to hand to the participant. */
  get bus(): Bus {
    const inner = this.#inner;
    return {
      kind: inner.kind,
      url: inner.url,
      publish: (subject, data) => {
        if (!this.#crashed) inner.publish(subject, data);
      },
      subscribe: (subject, handler, options) => {
        const sub = inner.subscribe(subject, this.#guard(handler), options);
        if (this.#crashed) sub.unsubscribe();
        else this.#subs.push(sub);
        return sub;
      },
      request: (subject, data, options) => this.#live(() => inner.request(subject, data, options)),
      flush: () => (this.#crashed ? Promise.resolve() : inner.flush()),
      kv: (bucket, options) => this.#live(async () => this.#guardKv(await inner.kv(bucket, options))),
      stream: (name, options) => this.#live(async () => this.#guardStream(await inner.stream(name, options))),
      openStream: (name) => this.#live(async () => this.#guardStream(await inner.openStream(name))),
      addService: (definition) =>
        this.#live(async () => {
          const handle = await inner.addService({ ...definition, endpoints: definition.endpoints.map((e) => ({ ...e, handler: this.#guard(e.handler) })) });
          this.#services.push(handle);
          return handle;
        }),
      // The shared bus is not the participant's to close: draining its connection drains its subscriptions.
      drain: async () => {
        await Promise.all(this.#subs.splice(0).map((s) => s.drain()));
      },
      closed: () => inner.closed(),
    };
  }

  #guard(handler: MessageHandler): MessageHandler {
    return (msg) => {
      if (!this.#crashed) handler(msg);
    };
  }

  #live<T>(call: () => Promise<T>): Promise<T> {
    if (this.#crashed) return Promise.reject(new InvalidStateError(`${this.#name}'s connection`, "crashed", "use"));
    return call();
  }

  #guardKv(kv: KvStore): KvStore {
    return {
      bucket: kv.bucket,
      get: (key) => this.#live(() => kv.get(key)),
      put: (key, value) => this.#live(() => kv.put(key, value)),
      update: (key, value, revision) => this.#live(() => kv.update(key, value, revision)),
      delete: (key) => this.#live(() => kv.delete(key)),
      keys: (filter, options) => this.#live(() => kv.keys(filter, options)),
      deleteMatching: (filter) => this.#live(() => kv.deleteMatching(filter)),
      destroy: () => this.#live(() => kv.destroy()),
    };
  }

  #guardStream(stream: StreamStore): StreamStore {
    return {
      name: stream.name,
      publish: (subject, data, msgId) => this.#live(() => stream.publish(subject, data, msgId)),
      read: (fromSeq, max) => this.#live(() => stream.read(fromSeq, max)),
      lastSeq: () => this.#live(() => stream.lastSeq()),
      lastOnSubject: (subject) => this.#live(() => stream.lastOnSubject(subject)),
      follow: (fromSeq, handler) =>
        this.#live(() =>
          stream.follow(fromSeq, (record) => {
            if (!this.#crashed) handler(record);
          }),
        ),
      destroy: () => this.#live(() => stream.destroy()),
    };
  }
}
