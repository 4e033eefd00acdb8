/**
 * The in-process bus: NATS semantics without a server, for local mode and fast deterministic
 * tests. `*` and `>` wildcards; plain subscribers all get a message, a queue group (keyed by queue
 * name, as nats-server does) gives it to one member, chosen round-robin in subscription order;
 * request-reply over `_INBOX.local.<n>` with a timeout and NoRespondersError; streams capture
 * their subjects at publish time; KV buckets; services (with `$SRV.PING` discovery).
 *
 * Delivery is asynchronous and ordered per subscription. A publisher never re-enters a handler:
 * messages wait in the subscription's mailbox, and each delivery round runs in its own macrotask
 * (setImmediate, not a microtask) so timers and I/O interleave with long message chains (tick ->
 * done -> tick), as they would over a socket; a request timeout still fires while two actors
 * ping-pong.
 */
import type { Logger } from "pino";
import { ErrorCodes, MessageTooLargeError, OrbitwinError, asError, transientCopy } from "@orbitwin/protocol";
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
import { LocalKvStore } from "./local-kv.js";
import { LocalStreamStore, checkStreamName, checkStreamOptions } from "./local-stream.js";
import { assertPattern, assertPublishSubject, matchTokens, patternsOverlap } from "./subject-match.js";

export interface LocalBusOptions {
  /** Called with every error a handler throws (or rejects with); the bus keeps going. @default log it (first, 10th, 100th... per subscription) */
  onHandlerError?: (err: unknown, subject: string) => void;
  /** Where the default handler-error reporter writes. @default stderr */
  log?: Logger;
  /** Wall clock for stream timestamps and maxAge, ms since 1970 UTC. @default Date.now */
  now?: () => number;
  /** Largest payload, bytes, like the server's max_payload. @default 8 MiB (what spawnNatsServer configures) */
  maxPayloadBytes?: number;
}

type SubState = "active" | "draining" | "closed";

interface LocalSub {
  readonly pattern: string;
  readonly tokens: readonly string[];
  readonly queue: string | undefined;
  readonly handler: MessageHandler;
  /** Request inboxes stay open while user subscriptions drain, so replies sent during drain land. */
  readonly inbox: boolean;
  mailbox: BusMessage[];
  state: SubState;
  drained: (() => void)[];
  errors: number;
  /** Error count at which the default reporter writes next: 1, 10, 100... */
  reportAt: number;
}

interface Route {
  readonly tokens: readonly string[];
  readonly subs: readonly LocalSub[];
}

/** Subjects whose routes are kept at once (a watch of single satellites publishes on one subject each). */
const MAX_ROUTES = 4096;

interface PendingRequest {
  timer: NodeJS.Timeout;
  fail(err: Error): void;
}

export class LocalBus implements Bus {
  readonly kind = "local";
  readonly url = "local";
  readonly maxPayloadBytes: number;
  /** Subscriptions that take new messages, in subscription order (the round-robin order). */
  #subs: LocalSub[] = [];
  /**
   * Each subject published on lately: its tokens (checked) and the subscriptions it reaches, in
   * subscription order. Forgotten whenever a subscription comes or goes: a tick's few subjects
   * would otherwise be checked and matched against every subscription of the twin each time.
   */
  readonly #routes = new Map<string, Route>();
  readonly #queueCursor = new Map<string, number>();
  #scheduled = false;
  #ready: LocalSub[] = [];
  readonly #kv = new Map<string, LocalKvStore>();
  readonly #streams = new Map<string, LocalStreamStore>();
  readonly #pending = new Set<PendingRequest>();
  #nextId = 1;
  #state: "open" | "draining" | "closed" = "open";
  #draining: Promise<void> | undefined;
  #closedResolve!: (err: Error | undefined) => void;
  readonly #closed = new Promise<Error | undefined>((r) => (this.#closedResolve = r));
  readonly #onHandlerError: ((err: unknown, subject: string) => void) | undefined;
  readonly #log: Logger | undefined;
  readonly #now: () => number;

  constructor(options: LocalBusOptions = {}) {
    this.#onHandlerError = options.onHandlerError;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.maxPayloadBytes = options.maxPayloadBytes ?? 8 * 1024 * 1024;
  }

  publish(subject: string, data: Uint8Array): void {
    this.#publish(subject, data, undefined);
  }

  /** Routes one message; returns how many subscriptions (not streams) it went to. */
  #publish(subject: string, data: Uint8Array, reply: string | undefined, store = true): number {
    if (this.#state === "closed") throw new InvalidStateError("the local bus", "closed", `publish ${subject} on`);
    const { tokens, subs } = this.#route(subject);
    if (data.byteLength > this.maxPayloadBytes) throw new MessageTooLargeError(`the payload on ${subject}`, data.byteLength, this.maxPayloadBytes);
    // A copy, even of a Buffer (Buffer#slice would be a view): publishers reuse buffers. A stream
    // keeps its messages, so it takes a buffer of its own rather than a share of a slab.
    const copy = transientCopy(data);
    for (const stream of store ? this.#streams.values() : []) {
      if (stream.captures(tokens)) stream.capture(subject, copy.slice());
    }
    let groups: Map<string, LocalSub[]> | undefined;
    let delivered = 0;
    for (const sub of subs) {
      if (sub.queue === undefined) {
        this.#enqueue(sub, subject, delivered === 0 ? copy : transientCopy(copy), reply);
        delivered++;
      } else {
        groups ??= new Map();
        const members = groups.get(sub.queue);
        if (members) members.push(sub);
        else groups.set(sub.queue, [sub]);
      }
    }
    for (const [queue, members] of groups ?? []) {
      const cursor = this.#queueCursor.get(queue) ?? 0;
      this.#queueCursor.set(queue, cursor + 1);
      this.#enqueue(members[cursor % members.length]!, subject, delivered === 0 ? copy : transientCopy(copy), reply);
      delivered++;
    }
    return delivered;
  }

  #route(subject: string): Route {
    let route = this.#routes.get(subject);
    if (route) return route;
    const tokens = assertPublishSubject(subject);
    route = { tokens, subs: this.#subs.filter((sub) => matchTokens(sub.tokens, tokens)) };
    if (this.#routes.size >= MAX_ROUTES) this.#routes.clear();
    this.#routes.set(subject, route);
    return route;
  }

  /** Changes the subscriptions that take new messages; the routes worked out from the old ones are forgotten. */
  #setSubs(subs: LocalSub[]): void {
    this.#subs = subs;
    this.#routes.clear();
  }

  #enqueue(sub: LocalSub, subject: string, data: Uint8Array, reply: string | undefined): void {
    sub.mailbox.push({
      subject,
      data,
      reply,
      respond: (bytes: Uint8Array): boolean => {
        if (!reply || this.#state === "closed") return false;
        this.#publish(reply, bytes, undefined);
        return true;
      },
    });
    if (sub.mailbox.length === 1) this.#ready.push(sub);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#deliverRound());
    }
  }

  /** Delivers every message queued before this round; what handlers publish waits for the next. */
  #deliverRound(): void {
    this.#scheduled = false;
    const ready = this.#ready;
    this.#ready = [];
    for (const sub of ready) {
      const batch = sub.mailbox;
      sub.mailbox = [];
      for (const msg of batch) {
        if (sub.state === "closed") break;
        this.#invoke(sub, msg);
      }
      if (sub.state === "draining" && sub.mailbox.length === 0) this.#close(sub);
    }
  }

  #invoke(sub: LocalSub, msg: BusMessage): void {
    try {
      const result: unknown = sub.handler(msg);
      // An async handler's rejection would otherwise be an unhandled rejection that kills the process.
      if (result instanceof Promise) result.catch((err: unknown) => this.#reportHandlerError(sub, err, msg.subject));
    } catch (err) {
      this.#reportHandlerError(sub, err, msg.subject);
    }
  }

  #reportHandlerError(sub: LocalSub, err: unknown, subject: string): void {
    if (this.#onHandlerError) {
      this.#onHandlerError(err, subject);
      return;
    }
    // First, 10th, 100th...: a handler failing on every message must not flood the log.
    if (++sub.errors < sub.reportAt) return;
    sub.reportAt *= 10;
    const text = `handler for ${sub.pattern} threw (${sub.errors} time${sub.errors === 1 ? "" : "s"} so far) on ${subject}`;
    if (this.#log) this.#log.error({ err, subject, errors: sub.errors }, text);
    else process.stderr.write(`orbitwin local bus: ${text}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }

  #close(sub: LocalSub): void {
    sub.state = "closed";
    sub.mailbox = [];
    this.#setSubs(this.#subs.filter((s) => s !== sub));
    for (const resolve of sub.drained.splice(0)) resolve();
  }

  #drainSub(sub: LocalSub): Promise<void> {
    if (sub.state === "closed") return Promise.resolve();
    if (sub.state === "active") {
      sub.state = "draining";
      // No new messages from here on; the mailbox is still delivered.
      this.#setSubs(this.#subs.filter((s) => s !== sub));
    }
    if (sub.mailbox.length === 0) {
      this.#close(sub);
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => sub.drained.push(resolve));
  }

  subscribe(subject: string, handler: MessageHandler, options: SubscribeOptions = {}): Subscription {
    return this.#subscribe(subject, handler, options.queue, false);
  }

  #subscribe(pattern: string, handler: MessageHandler, queue: string | undefined, inbox: boolean): Subscription {
    if (this.#state !== "open" && !inbox) throw new InvalidStateError("the local bus", this.#state, `subscribe to ${pattern} on`);
    const tokens = assertPattern(pattern);
    if (queue !== undefined && !/^[^\s.*>]+$/.test(queue))
      throw new OrbitwinError(ErrorCodes.invalidToken, `queue group ${JSON.stringify(queue)} is invalid: one token without spaces, '.', '*' or '>'`);
    const sub: LocalSub = { pattern, tokens, queue, handler, inbox, mailbox: [], state: "active", drained: [], errors: 0, reportAt: 1 };
    this.#setSubs([...this.#subs, sub]);
    return { subject: pattern, unsubscribe: () => this.#close(sub), drain: () => this.#drainSub(sub) };
  }

  request(subject: string, data: Uint8Array, options: RequestOptions = {}): Promise<BusMessage> {
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise<BusMessage>((resolve, reject) => {
      if (this.#state === "closed") throw new InvalidStateError("the local bus", "closed", `request ${subject} on`);
      const inbox = `_INBOX.local.${this.#nextId++}`;
      const sub = this.#subscribe(inbox, (msg) => finish(undefined, msg), undefined, true);
      const pending: PendingRequest = { timer: setTimeout(() => finish(new RequestTimeoutError(subject, timeoutMs)), timeoutMs), fail: (err) => finish(err) };
      this.#pending.add(pending);
      const finish = (err: Error | undefined, msg?: BusMessage) => {
        clearTimeout(pending.timer);
        this.#pending.delete(pending);
        sub.unsubscribe();
        if (err) reject(err);
        else resolve(msg!);
      };
      try {
        if (this.#publish(subject, data, inbox) === 0) finish(new NoRespondersError(subject));
      } catch (err) {
        finish(asError(err));
      }
    });
  }

  /** Resolves once everything published so far has been handled, and what that published in turn. */
  async flush(): Promise<void> {
    // Bounded: two actors that answer each other forever would never let the bus go quiet.
    for (let round = 0; round < 10_000 && (this.#scheduled || this.#ready.length > 0); round++) {
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  kv(bucket: string, options: KvOptions = {}): Promise<KvStore> {
    try {
      this.#assertOpen(`open KV bucket ${bucket} on`);
      let store = this.#kv.get(bucket);
      if (!store) {
        store = new LocalKvStore(bucket, options, () => this.#kv.delete(bucket));
        this.#kv.set(bucket, store);
      } else store.limit(options.maxBytes);
      return Promise.resolve(store);
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  stream(name: string, options: StreamOptions): Promise<StreamStore> {
    try {
      this.#assertOpen(`open stream ${name} on`);
      checkStreamName(name);
      checkStreamOptions(name, options);
      for (const [other, store] of this.#streams) {
        const clash = other === name ? undefined : options.subjects.find((s) => store.subjects.some((t) => patternsOverlap(s, t)));
        if (clash !== undefined)
          throw new OrbitwinError(
            ErrorCodes.invalidState,
            `stream ${name}: subject ${clash} overlaps stream ${other} (${store.subjects.join(", ")}); JetStream stores a subject in one stream only`,
          );
      }
      let store = this.#streams.get(name);
      if (store) store.configure(options);
      else {
        store = new LocalStreamStore(name, options, {
          publish: (subject, data, store) => this.#publish(subject, data, undefined, store),
          now: this.#now,
          onDestroy: () => this.#streams.delete(name),
        });
        this.#streams.set(name, store);
      }
      return Promise.resolve(store);
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  openStream(name: string): Promise<StreamStore> {
    const store = this.#streams.get(name);
    if (store) return Promise.resolve(store);
    return Promise.reject(
      new OrbitwinError(ErrorCodes.unknownStream, `stream ${name} does not exist on this bus: is the run id right, and has its coordinator started?`),
    );
  }

  addService(definition: ServiceDefinition): Promise<ServiceHandle> {
    try {
      this.#assertOpen(`add service ${definition.name} on`);
      if (!/^[-\w]+$/.test(definition.name))
        throw new OrbitwinError(ErrorCodes.invalidToken, `service name ${JSON.stringify(definition.name)} is invalid: use letters, digits, '-' and '_'`);
      if (!/^\d+\.\d+\.\d+(?:[-+][\w.+-]*)?$/.test(definition.version))
        throw new OrbitwinError(
          ErrorCodes.invalidToken,
          `service ${definition.name}: version ${JSON.stringify(definition.version)} is not semver (e.g. "1.0.0")`,
        );
      const queue = definition.queue ?? "q";
      const subs = definition.endpoints.map((e) => this.subscribe(e.subject, e.handler, { queue }));
      // Discovery as NATS micro services answer it: every instance replies to a ping.
      const id = `local-${this.#nextId++}`;
      const ping = new TextEncoder().encode(
        JSON.stringify({ type: "io.nats.micro.v1.ping_response", name: definition.name, id, version: definition.version, metadata: {} }),
      );
      for (const s of ["$SRV.PING", `$SRV.PING.${definition.name}`, `$SRV.PING.${definition.name}.${id}`]) {
        subs.push(this.subscribe(s, (m) => m.respond(ping)));
      }
      let stopping: Promise<void> | undefined;
      return Promise.resolve({
        name: definition.name,
        stop: () => (stopping ??= Promise.all(subs.map((s) => s.drain())).then(() => undefined)),
      });
    } catch (err) {
      return Promise.reject(asError(err));
    }
  }

  /** Stops every subscription taking messages, delivers what they hold, then closes. Idempotent. */
  drain(): Promise<void> {
    this.#draining ??= this.#drainOnce();
    return this.#draining;
  }

  async #drainOnce(): Promise<void> {
    this.#state = "draining";
    await Promise.all(this.#subs.filter((s) => !s.inbox).map((s) => this.#drainSub(s)));
    // Replies to requests that were answered during the drain are still in the mailboxes.
    await this.flush();
    this.#state = "closed";
    for (const pending of [...this.#pending]) pending.fail(new InvalidStateError("the local bus", "closed", "wait for a reply on"));
    for (const sub of [...this.#subs]) this.#close(sub);
    this.#closedResolve(undefined);
  }

  closed(): Promise<Error | undefined> {
    return this.#closed;
  }

  #assertOpen(operation: string): void {
    if (this.#state !== "open") throw new InvalidStateError("the local bus", this.#state, operation);
  }
}
