/**
 * The Bus on a real NATS server (nats.js v3): core pub-sub and request-reply, JetStream KV and
 * streams, and NATS micro services (discoverable with `$SRV.PING`). Written for nats-server
 * 2.9.10 (Debian) upwards: no multi-filter consumers, no per-key KV TTL, no batch direct get.
 * It reconnects forever by default, so a service outlives a NATS node restart; connection status
 * changes are logged once per change, never per message.
 */
import { errors as natsErrors, type Msg, type NatsConnection, type Subscription as NatsSubscription } from "@nats-io/transport-node";
import { connectFramed } from "./framed-transport.js";
import { NatsWorkQueue, type WorkQueueOptions } from "./nats-work-queue.js";
import { DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { Svcm } from "@nats-io/services";
import { ErrorCodes, MessageTooLargeError, OrbitwinError, asError, transientCopy } from "@orbitwin/protocol";
import type { Logger } from "pino";
import type {
  Bus,
  BusMessage,
  KvOptions,
  KvStore,
  MessageHandler,
  RequestOptions,
  ServiceDefinition,
  ServiceHandle,
  StreamOptions,
  StreamStore,
  SubscribeOptions,
  Subscription,
} from "./bus.js";
import { InvalidStateError, NoRespondersError, RequestTimeoutError } from "../errors.js";
import { createRootLogger } from "../log.js";
import { checkBucketName } from "./local-kv.js";
import { checkStreamName, checkStreamOptions } from "./local-stream.js";
import { applyLimits, assertFits } from "./nats-limits.js";
import { NatsStoreAdmin } from "./nats-store-admin.js";
import { connectionAuth, type AuthOptions } from "./nats-auth.js";
import { NatsKvStore, NatsStreamStore, isNotFound } from "./nats-stores.js";
import { assertPattern, assertPublishSubject } from "./subject-match.js";
import { deniedSubject, isPermissionDenied, permissionDenied } from "../security/permission-denied.js";

export interface NatsBusOptions extends AuthOptions {
  /** Connection name shown by the server's monitoring (`/connz`). */
  name: string;
  /** @default a warn-level logger on stderr */
  log?: Logger;
  /** @default -1 (forever): services outlive a NATS node restart */
  maxReconnectAttempts?: number;
  /** Pause between reconnect attempts to one server, ms (nats.js adds jitter). @default 500 */
  reconnectTimeWaitMs?: number;
  /** Keep trying when the first connect fails, instead of rejecting. @default false (a CLI wants the error) */
  waitOnFirstConnect?: boolean;
  /**
   * Copies of every KV bucket and stream this bus creates, unless one asks otherwise: 3 on a
   * 3-node cluster, so the run survives losing a node. @default ORBITWIN_REPLICAS, else 1
   */
  replicas?: number;
}

/**
 * JetStream API calls wait this long (the client's default is 5 s): creating replicated buckets
 * and streams on a loaded cluster, or during a leader election after a node loss, takes longer.
 */
const JETSTREAM_OPTIONS = { timeout: 20_000 };

/** How long a process whose role may not create a bucket waits for the coordinator to, and how often it looks, ms. */
const BUCKET_WAIT_MS = 60_000;
const BUCKET_POLL_MS = 250;

/** JetStream's default duplicate window for msgId dedupe, ms. */
const DUPLICATE_WINDOW_MS = 120_000;
const NANOS_PER_MS = 1_000_000;

export async function connectNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  const replicas = options.replicas ?? (Number(process.env.ORBITWIN_REPLICAS) || 1);
  if (![1, 3, 5].includes(replicas)) throw new OrbitwinError(ErrorCodes.invalidConfig, `replicas ${replicas} (ORBITWIN_REPLICAS): give 1, 3 or 5`);
  const { servers, auth } = connectionAuth(options);
  let nc: NatsConnection;
  try {
    nc = await connectFramed({
      servers,
      name: options.name,
      maxReconnectAttempts: options.maxReconnectAttempts ?? -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 500,
      waitOnFirstConnect: options.waitOnFirstConnect ?? false,
      ...auth,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new OrbitwinError(
      ErrorCodes.noResponders,
      `cannot connect to NATS at ${redact(options.url)}: ${reason}. Start nats-server there, or set NATS_URL to a running server`,
      { cause: err, retryable: true },
    );
  }
  return new NatsBus(nc, {
    url: redact(options.url),
    replicas,
    log: options.log ?? createRootLogger({ service: options.name, level: "warn", destinationFd: 2 }),
  });
}

/** True when version `have` (e.g. "2.9.10") is at least `want` (e.g. "2.10.0"); "unknown" is never. */
export function versionAtLeast(have: string, want: string): boolean {
  const parse = (v: string) => /^v?(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1).map(Number);
  const a = parse(have);
  const b = parse(want);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  return true;
}

export class NatsBus implements Bus {
  readonly kind = "nats";
  readonly url: string;
  readonly #nc: NatsConnection;
  readonly #log: Logger;
  readonly #replicas: number;
  #js: JetStreamClient | undefined;
  #jsm: JetStreamManager | undefined;
  #kvm: Kvm | undefined;
  #draining: Promise<void> | undefined;
  readonly #closed: Promise<Error | undefined>;

  constructor(nc: NatsConnection, options: { url: string; log: Logger; replicas?: number }) {
    this.#replicas = options.replicas ?? 1;
    this.#nc = nc;
    this.url = options.url;
    this.#log = options.log;
    this.#closed = nc.closed().then(
      (err) => err ?? undefined,
      (err: unknown) => asError(err),
    );
    void this.#closed.then((err) => err && this.#log.error({ err }, "NATS connection closed by an error"));
    this.#watchStatus().catch((err: unknown) => this.#log.warn({ err }, "NATS status watcher stopped"));
  }

  /** The client port of the server this connection is on now (it changes when a node is lost). */
  get serverPort(): number | undefined {
    return this.#nc.info?.port;
  }

  /** The server's version, e.g. "2.9.10", to degrade cleanly on features it lacks. */
  get serverVersion(): string {
    return this.#nc.info?.version ?? "unknown";
  }

  /** True when the connected server is at least `version`: `bus.serverAtLeast("2.10.0")`. */
  serverAtLeast(version: string): boolean {
    return versionAtLeast(this.serverVersion, version);
  }

  /** The server's max_payload, bytes. */
  get maxPayloadBytes(): number {
    return this.#nc.info?.max_payload ?? 1024 * 1024;
  }

  /** One line per change of state; the status iterator ends when the connection closes. */
  async #watchStatus(): Promise<void> {
    let down = false;
    const once = new Set<string>();
    const first = (key: string) => !once.has(key) && once.size < 1000 && once.add(key) !== undefined;
    for await (const s of this.#nc.status()) {
      if (s.type === "disconnect" && !down) {
        down = true;
        this.#log.warn({ server: s.server }, "NATS connection lost; reconnecting");
      } else if (s.type === "reconnect") {
        down = false;
        this.#log.info({ server: s.server }, "NATS connection restored");
      } else if (s.type === "ldm" && first(`ldm ${s.server}`)) {
        this.#log.warn({ server: s.server }, "NATS server entering lame duck mode; the client will move to another");
      } else if (s.type === "error" && first(`error ${s.error.message}`)) {
        // A refusal by the user's role is answered to the call that made it; here it is a note.
        if (isPermissionDenied(s.error)) this.#log.info({ err: s.error }, "NATS refused this user a publish or subscribe (docs/OPERATIONS.md, Roles)");
        else this.#log.error({ err: s.error }, "NATS server reported an error");
      } else if (s.type === "slowConsumer" && first(`slow ${s.sub.getSubject()}`)) {
        this.#log.warn({ subject: s.sub.getSubject(), pending: s.pending }, "slow consumer: a handler is not keeping up; the server may drop its messages");
      }
    }
  }

  #assertOpen(operation: string): void {
    if (this.#nc.isClosed()) throw new InvalidStateError(`the NATS bus to ${this.url}`, "closed", operation);
  }

  /** The payload is copied: nats.js keeps a reference until it flushes, and callers may reuse buffers. */
  publish(subject: string, data: Uint8Array): void {
    assertPublishSubject(subject);
    this.#assertOpen(`publish ${subject} on`);
    if (data.byteLength > this.maxPayloadBytes) throw new MessageTooLargeError(`the payload on ${subject}`, data.byteLength, this.maxPayloadBytes);
    this.#nc.publish(subject, transientCopy(data));
  }

  subscribe(subject: string, handler: MessageHandler, options: SubscribeOptions = {}): Subscription {
    assertPattern(subject);
    this.#assertOpen(`subscribe to ${subject} on`);
    const deliver = guardedHandler(handler, subject, this.#log);
    const sub = this.#nc.subscribe(subject, {
      ...(options.queue ? { queue: options.queue } : {}),
      callback: (err, msg) => {
        // Only a permissions violation arrives here, once, and it closes the subscription.
        if (err) this.#log.error({ err, subject }, "subscription closed by the server");
        else deliver(wrap(msg));
      },
    });
    return {
      subject,
      unsubscribe: () => {
        if (!sub.isClosed()) sub.unsubscribe();
      },
      drain: () => this.#drainSub(sub),
    };
  }

  async #drainSub(sub: NatsSubscription): Promise<void> {
    if (sub.isClosed() || this.#nc.isClosed()) return;
    // The connection drain already drains every subscription; wait for this one's share.
    if (sub.isDraining() || this.#nc.isDraining()) await sub.closed;
    else await sub.drain();
  }

  async request(subject: string, data: Uint8Array, options: RequestOptions = {}): Promise<BusMessage> {
    assertPublishSubject(subject);
    this.#assertOpen(`request ${subject} on`);
    const timeoutMs = options.timeoutMs ?? 5000;
    try {
      return wrap(await this.#nc.request(subject, transientCopy(data), { timeout: timeoutMs }));
    } catch (err) {
      if (isPermissionDenied(err)) throw permissionDenied(err);
      if (isNoResponders(err)) throw new NoRespondersError(subject, err);
      if (isTimeout(err)) throw new RequestTimeoutError(subject, timeoutMs, err);
      throw err;
    }
  }

  flush(): Promise<void> {
    return this.#nc.flush();
  }

  /** Opens a JetStream work queue on this connection (NATS only: the in-process bus has none). */
  workQueue(options: WorkQueueOptions): Promise<NatsWorkQueue> {
    this.#assertOpen(`open the work queue ${options.stream} on`);
    return NatsWorkQueue.open(this.#nc, options);
  }

  async kv(bucket: string, options: KvOptions = {}): Promise<KvStore> {
    checkBucketName(bucket);
    this.#kvm ??= new Kvm(jetstream(this.#nc, JETSTREAM_OPTIONS));
    this.#jsm ??= await jetstreamManager(this.#nc, JETSTREAM_OPTIONS);
    const replicas = options.replicas ?? this.#replicas;
    const kvm = this.#kvm;
    // Kvm.create opens the bucket as it is when it exists, and creates it otherwise.
    const open = () =>
      kvm.create(bucket, {
        history: options.history ?? 1,
        ...(options.maxValueBytes ? { maxValueSize: options.maxValueBytes } : {}),
        ...(options.memory ? { storage: StorageType.Memory } : {}),
        ...(options.maxBytes ? { max_bytes: options.maxBytes } : {}),
        ...(options.maxAgeMs ? { ttl: options.maxAgeMs } : {}),
        replicas,
        // nats-server 2.9 may leave direct gets on a new replicated bucket unanswered until they time
        // out; a get through the stream leader is always answered.
        ...(replicas > 1 ? { allow_direct: false } : {}),
      });
    // Under roles only the coordinator may create a run's buckets: a process started before it waits.
    for (const deadline = Date.now() + BUCKET_WAIT_MS; ;) {
      try {
        const kv = await open();
        // An existing bucket is opened as it is: limits asked for are set on it.
        await applyLimits(this.#jsm, `KV_${bucket}`, `KV bucket ${bucket}`, options);
        return new NatsKvStore(bucket, kv, this.#jsm);
      } catch (err) {
        // Refused a look at the bucket (not its creation): this user may not use it at all.
        if (!isPermissionDenied(err) || !deniedSubject(err)?.startsWith("$JS.API.STREAM.CREATE.")) throw err;
        if (Date.now() > deadline)
          throw new OrbitwinError(
            ErrorCodes.permissionDenied,
            `KV bucket ${bucket} does not exist and this NATS user may not create it; waited ${BUCKET_WAIT_MS / 1000} s for the run's coordinator to: is it running for this run?`,
            { cause: err },
          );
        await new Promise((resolve) => setTimeout(resolve, BUCKET_POLL_MS));
      }
    }
  }

  async stream(name: string, options: StreamOptions): Promise<StreamStore> {
    checkStreamName(name);
    checkStreamOptions(name, options);
    this.#jsm ??= await jetstreamManager(this.#nc, JETSTREAM_OPTIONS);
    this.#js ??= jetstream(this.#nc, JETSTREAM_OPTIONS);
    const maxAgeMs = options.maxAgeMs && options.maxAgeMs > 0 ? options.maxAgeMs : 0;
    const config = {
      subjects: options.subjects,
      max_age: maxAgeMs * NANOS_PER_MS,
      max_bytes: options.maxBytes ?? -1,
      max_msgs: options.maxMessages ?? -1,
      num_replicas: options.replicas ?? this.#replicas,
      discard: options.discard === "new" ? DiscardPolicy.New : DiscardPolicy.Old,
      // The server refuses a duplicate window longer than max_age; set it, or an update that shortens max_age fails.
      duplicate_window: Math.min(DUPLICATE_WINDOW_MS, maxAgeMs || DUPLICATE_WINDOW_MS) * NANOS_PER_MS,
    };
    try {
      const { state } = await this.#jsm.streams.info(name);
      if (options.discard === "new") assertFits(`stream ${name}`, state.bytes, config.max_bytes);
      await this.#jsm.streams.update(name, config);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await this.#jsm.streams.add({ name, retention: RetentionPolicy.Limits, storage: options.memory ? StorageType.Memory : StorageType.File, ...config });
      } catch (addErr) {
        // Another process created it between our info and add: update it as if we had found it.
        if (!/already in use/i.test(String(addErr))) throw addErr;
        await this.#jsm.streams.update(name, config);
      }
    }
    return new NatsStreamStore(name, options.subjects, this.#nc, this.#js, this.#jsm);
  }

  async openStream(name: string): Promise<StreamStore> {
    checkStreamName(name);
    this.#assertOpen(`open stream ${name} on`);
    this.#jsm ??= await jetstreamManager(this.#nc, JETSTREAM_OPTIONS);
    this.#js ??= jetstream(this.#nc, JETSTREAM_OPTIONS);
    try {
      const info = await this.#jsm.streams.info(name);
      return new NatsStreamStore(name, info.config.subjects ?? [], this.#nc, this.#js, this.#jsm);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      throw new OrbitwinError(ErrorCodes.unknownStream, `stream ${name} does not exist on ${this.url}: is the run id right, and has its coordinator started?`, {
        cause: err,
      });
    }
  }

  /** Every stream and bucket on the server, with sizes and times, and their removal (`orbitwin runs`). */
  async storeAdmin(): Promise<NatsStoreAdmin> {
    this.#jsm ??= await jetstreamManager(this.#nc, JETSTREAM_OPTIONS);
    return new NatsStoreAdmin(this.#jsm);
  }

  async addService(definition: ServiceDefinition): Promise<ServiceHandle> {
    this.#assertOpen(`add service ${definition.name} on`);
    // @nats-io/services 3.0.0-25 pins its own nats-core build: the same connection, other types.
    const service = await new Svcm(this.#nc as unknown as ConstructorParameters<typeof Svcm>[0]).add({
      name: definition.name,
      version: definition.version,
      description: definition.description,
      ...(definition.queue ? { queue: definition.queue } : {}),
    });
    for (const endpoint of definition.endpoints) {
      const deliver = guardedHandler(endpoint.handler, endpoint.subject, this.#log);
      service.addEndpoint(endpoint.name, {
        subject: endpoint.subject,
        ...(endpoint.metadata ? { metadata: endpoint.metadata } : {}),
        handler: (err, msg) => {
          if (err) this.#log.error({ err, endpoint: endpoint.name }, "service endpoint closed by the server");
          else deliver(wrap(msg));
        },
      });
    }
    let stopping: Promise<void> | undefined;
    return {
      name: definition.name,
      stop: () => (stopping ??= this.#nc.isClosed() ? Promise.resolve() : service.stop().then(() => undefined)),
    };
  }

  /** Drains; when that fails (e.g. the server is gone) the connection is closed anyway, so no reconnect loop outlives it. */
  drain(): Promise<void> {
    this.#draining ??= this.#nc.isClosed()
      ? Promise.resolve()
      : this.#nc.drain().catch(async (err: unknown) => {
          this.#log.warn({ err }, "NATS drain failed; closing the connection");
          await this.#nc.close();
        });
    return this.#draining;
  }

  closed(): Promise<Error | undefined> {
    return this.#closed;
  }
}

/** Calls `handler`, catching throws and rejections; reports the 1st, 10th, 100th... so a failing handler cannot flood the log. */
function guardedHandler(handler: MessageHandler, subject: string, log: Logger): (msg: BusMessage) => void {
  let errors = 0;
  let reportAt = 1;
  const report = (err: unknown, on: string) => {
    if (++errors < reportAt) return;
    reportAt *= 10;
    log.error({ err, subject: on, errors }, `handler for ${subject} threw (${errors} time${errors === 1 ? "" : "s"} so far)`);
  };
  return (msg) => {
    try {
      const result: unknown = handler(msg);
      if (result instanceof Promise) result.catch((err: unknown) => report(err, msg.subject));
    } catch (err) {
      report(err, msg.subject);
    }
  };
}

type WireMsg = Pick<Msg, "subject" | "data" | "reply"> & { respond(data: Uint8Array): boolean };

function wrap(msg: WireMsg): BusMessage {
  return {
    subject: msg.subject,
    data: msg.data,
    reply: msg.reply || undefined,
    respond: (data: Uint8Array) => msg.respond(transientCopy(data)),
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

function redact(url: string): string {
  return url.replace(/\/\/[^@/]+@/g, "//***@");
}
