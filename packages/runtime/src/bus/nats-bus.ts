/**
 * The Bus on a real NATS server (nats.js v3): core pub-sub and request-reply, JetStream KV and
 * streams, and NATS micro services (discoverable with `$SRV.PING`). Works with nats-server
 * 2.9.10 (Debian): no multi-filter consumers, no per-key KV TTL are used.
 */
import { connect } from "@nats-io/transport-node";
import { errors as natsErrors, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { Svcm } from "@nats-io/services";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import type { Logger } from "pino";
import type { Bus, BusMessage, KvEntry, KvOptions, KvStore, MessageHandler, RequestOptions, ServiceDefinition, ServiceHandle, StreamOptions, StreamRecord, StreamStore, SubscribeOptions, Subscription } from "./bus.js";
import { NoRespondersError, RequestTimeoutError } from "../errors.js";
import { assertPattern, assertPublishSubject } from "./subject-match.js";

export interface NatsBusOptions {
  /** nats://host:port, comma-separated for a cluster; credentials may be in the URL */
  url: string;
  /** connection name shown by the server's monitoring */
  name: string;
  user?: string;
  pass?: string;
  token?: string;
  log?: Logger;
  /** @default -1 (forever): services outlive a NATS node restart */
  maxReconnectAttempts?: number;
}

const NANOS_PER_MS = 1_000_000;

export async function connectNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  const { servers, user, pass } = splitCredentials(options.url);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers,
      name: options.name,
      maxReconnectAttempts: options.maxReconnectAttempts ?? -1,
      reconnectTimeWait: 250,
      ...(options.user ?? user ? { user: options.user ?? user } : {}),
      ...(options.pass ?? pass ? { pass: options.pass ?? pass } : {}),
      ...(options.token ? { token: options.token } : {}),
    });
  } catch (err) {
    throw new OrbitwinError(ErrorCodes.noResponders, `cannot connect to NATS at ${redact(options.url)}: ${err instanceof Error ? err.message : String(err)}. Is nats-server running there?`, { cause: err, retryable: true });
  }
  return new NatsBus(nc, redact(options.url), options.log);
}

export class NatsBus implements Bus {
  readonly kind = "nats";
  readonly url: string;
  readonly #nc: NatsConnection;
  readonly #log: Logger | undefined;
  #js: JetStreamClient | undefined;
  #jsm: JetStreamManager | undefined;
  #kvm: Kvm | undefined;
  #draining: Promise<void> | undefined;
  readonly #closed: Promise<Error | undefined>;

  constructor(nc: NatsConnection, url: string, log?: Logger) {
    this.#nc = nc;
    this.url = url;
    this.#log = log;
    this.#closed = nc.closed().then((err) => err ?? undefined);
    void this.#watchStatus();
  }

  /** The server's version, e.g. "2.9.10", to degrade cleanly on features it lacks. */
  get serverVersion(): string {
    return this.#nc.info?.version ?? "unknown";
  }

  /** The server's max_payload, bytes. */
  get maxPayloadBytes(): number {
    return this.#nc.info?.max_payload ?? 1024 * 1024;
  }

  async #watchStatus(): Promise<void> {
    let disconnected = false;
    for await (const s of this.#nc.status()) {
      if (s.type === "disconnect" && !disconnected) {
        disconnected = true;
        this.#log?.warn({ server: s.server }, "NATS connection lost; reconnecting");
      } else if (s.type === "reconnect") {
        disconnected = false;
        this.#log?.info({ server: s.server }, "NATS connection restored");
      }
    }
  }

  /** The payload is copied: nats.js keeps a reference until it flushes, and callers may reuse buffers. */
  publish(subject: string, data: Uint8Array): void {
    assertPublishSubject(subject);
    this.#nc.publish(subject, new Uint8Array(data));
  }

  subscribe(subject: string, handler: MessageHandler, options: SubscribeOptions = {}): Subscription {
    assertPattern(subject);
    const sub = this.#nc.subscribe(subject, {
      ...(options.queue ? { queue: options.queue } : {}),
      callback: (err, msg) => {
        if (err) {
          this.#log?.warn({ err, subject }, "subscription error");
          return;
        }
        try {
          handler(wrap(msg));
        } catch (handlerErr) {
          this.#log?.error({ err: handlerErr, subject: msg.subject }, "message handler threw");
        }
      },
    });
    return {
      subject,
      unsubscribe: () => {
        if (!sub.isClosed()) sub.unsubscribe();
      },
      drain: async () => {
        if (sub.isClosed() || this.#nc.isClosed() || this.#nc.isDraining()) return;
        await sub.drain();
      },
    };
  }

  async request(subject: string, data: Uint8Array, options: RequestOptions = {}): Promise<BusMessage> {
    assertPublishSubject(subject);
    const timeoutMs = options.timeoutMs ?? 5000;
    try {
      return wrap(await this.#nc.request(subject, data, { timeout: timeoutMs }));
    } catch (err) {
      if (isNoResponders(err)) throw new NoRespondersError(subject, err);
      if (isTimeout(err)) throw new RequestTimeoutError(subject, timeoutMs, err);
      throw err;
    }
  }

  flush(): Promise<void> {
    return this.#nc.flush();
  }

  async kv(bucket: string, options: KvOptions = {}): Promise<KvStore> {
    this.#kvm ??= new Kvm(this.#nc);
    const kv = await this.#kvm.create(bucket, {
      history: options.history ?? 1,
      ...(options.maxValueBytes ? { maxValueSize: options.maxValueBytes } : {}),
      ...(options.memory ? { storage: StorageType.Memory } : {}),
      ...(options.replicas ? { replicas: options.replicas } : {}),
    });
    return new NatsKvStore(bucket, kv);
  }

  async stream(name: string, options: StreamOptions): Promise<StreamStore> {
    this.#jsm ??= await jetstreamManager(this.#nc);
    this.#js ??= jetstream(this.#nc);
    const config = {
      name,
      subjects: options.subjects,
      retention: RetentionPolicy.Limits,
      storage: options.memory ? StorageType.Memory : StorageType.File,
      max_age: options.maxAgeMs === undefined ? 0 : options.maxAgeMs * NANOS_PER_MS,
      max_bytes: options.maxBytes ?? -1,
      max_msgs: options.maxMessages ?? -1,
      num_replicas: options.replicas ?? 1,
    };
    try {
      await this.#jsm.streams.info(name);
      await this.#jsm.streams.update(name, config);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.#jsm.streams.add(config);
    }
    return new NatsStreamStore(name, this.#js, this.#jsm);
  }

  async addService(definition: ServiceDefinition): Promise<ServiceHandle> {
    // @nats-io/services 3.0.0-25 pins its own nats-core build: the same connection, other types.
    const service = await new Svcm(this.#nc as unknown as ConstructorParameters<typeof Svcm>[0]).add({
      name: definition.name,
      version: definition.version,
      description: definition.description,
      ...(definition.queue ? { queue: definition.queue } : {}),
    });
    for (const endpoint of definition.endpoints) {
      service.addEndpoint(endpoint.name, {
        subject: endpoint.subject,
        ...(endpoint.metadata ? { metadata: endpoint.metadata } : {}),
        handler: (err, msg) => {
          if (err) {
            this.#log?.warn({ err, endpoint: endpoint.name }, "service endpoint error");
            return;
          }
          try {
            endpoint.handler(wrap(msg));
          } catch (handlerErr) {
            this.#log?.error({ err: handlerErr, endpoint: endpoint.name }, "service handler threw");
          }
        },
      });
    }
    return {
      name: definition.name,
      stop: async () => {
        if (!this.#nc.isClosed()) await service.stop();
      },
    };
  }

  /** Drains; when that fails (e.g. the server is gone) the connection is closed anyway, so no reconnect loop outlives it. */
  drain(): Promise<void> {
    this.#draining ??= this.#nc.isClosed()
      ? Promise.resolve()
      : this.#nc.drain().catch(async (err: unknown) => {
          this.#log?.warn({ err }, "NATS drain failed; closing the connection");
          await this.#nc.close();
        });
    return this.#draining;
  }

  closed(): Promise<Error | undefined> {
    return this.#closed;
  }
}

class NatsKvStore implements KvStore {
  readonly bucket: string;
  readonly #kv: KV;
  constructor(bucket: string, kv: KV) {
    this.bucket = bucket;
    this.#kv = kv;
  }
  async get(key: string): Promise<KvEntry | undefined> {
    const e = await this.#kv.get(key);
    if (!e || e.operation !== "PUT") return undefined;
    return { key, value: e.value, revision: e.revision };
  }
  put(key: string, value: Uint8Array): Promise<number> {
    return this.#kv.put(key, value);
  }
  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    try {
      return revision === 0 ? await this.#kv.create(key, value) : await this.#kv.update(key, value, revision);
    } catch (err) {
      throw new OrbitwinError(ErrorCodes.invalidState, `key ${key} in ${this.bucket} is not at revision ${revision}`, { cause: err, retryable: true });
    }
  }
  async delete(key: string): Promise<void> {
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

class NatsStreamStore implements StreamStore {
  readonly name: string;
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;
  constructor(name: string, js: JetStreamClient, jsm: JetStreamManager) {
    this.name = name;
    this.#js = js;
    this.#jsm = jsm;
  }
  async publish(subject: string, data: Uint8Array, msgId?: string): Promise<number> {
    const ack = await this.#js.publish(subject, data, msgId === undefined ? undefined : { msgID: msgId });
    return ack.seq;
  }
  async read(fromSeq: number, max: number): Promise<StreamRecord[]> {
    const info = await this.#jsm.streams.info(this.name);
    const out: StreamRecord[] = [];
    for (let seq = Math.max(fromSeq, info.state.first_seq); seq <= info.state.last_seq && out.length < max; seq++) {
      const m = await this.#jsm.streams.getMessage(this.name, { seq }).catch((err: unknown) => {
        if (isNotFound(err)) return null;
        throw err;
      });
      if (m) out.push({ seq: m.seq, subject: m.subject, data: m.data, storedAtMs: m.time.getTime() });
    }
    return out;
  }
  async lastSeq(): Promise<number> {
    return (await this.#jsm.streams.info(this.name)).state.last_seq;
  }
  async destroy(): Promise<void> {
    await this.#jsm.streams.delete(this.name);
  }
}

type WireMsg = Pick<Msg, "subject" | "data" | "reply"> & { respond(data: Uint8Array): boolean };

function wrap(msg: WireMsg): BusMessage {
  return {
    subject: msg.subject,
    data: msg.data,
    reply: msg.reply || undefined,
    respond: (data: Uint8Array) => msg.respond(data),
  };
}

function isNoResponders(err: unknown): boolean {
  if (err instanceof natsErrors.NoRespondersError) return true;
  if (err instanceof natsErrors.RequestError) return err.isNoResponders();
  return false;
}

function isTimeout(err: unknown): boolean {
  return err instanceof natsErrors.TimeoutError || (err instanceof Error && err.cause instanceof natsErrors.TimeoutError);
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  const text = err instanceof Error ? `${err.message} ${typeof code === "string" || typeof code === "number" ? code : ""}` : String(err);
  return /not found|404|10059|10037/i.test(text);
}

/** nats://user:pass@host:4222,host2:4222 -> servers without credentials, plus the credentials. */
function splitCredentials(url: string): { servers: string[]; user?: string; pass?: string } {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url.split(",").map((part) => {
    const m = /^(\w+:\/\/)?([^@/]+)@(.+)$/.exec(part.trim());
    if (!m) return part.trim();
    const [u, p] = m[2]!.split(":");
    user = decodeURIComponent(u ?? "");
    pass = p === undefined ? undefined : decodeURIComponent(p);
    return `${m[1] ?? ""}${m[3]}`;
  });
  return { servers, ...(user ? { user } : {}), ...(pass ? { pass } : {}) };
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]+@/g, "//***@");
}
