/**
 * A TCP proxy for network drills without Docker, netem or Toxiproxy: put it between a client and
 * NATS and give the link latency (with seeded jitter), a bandwidth limit, a blackhole (a partition:
 * connections stay open, nothing passes, and what was sent arrives in order when it heals) or cut
 * every connection at once (as a reset would). Conditions change live, on open connections.
 */
import { EventEmitter } from "node:events";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

export interface LinkConditions {
  /** Added to every chunk in each direction, ms. @default 0 */
  latencyMs?: number;
  /** Up to this much more, drawn per chunk from the seeded generator, ms. @default 0 */
  jitterMs?: number;
  /** Bytes per second in each direction; 0 = unlimited. @default 0 */
  bandwidthBytesPerS?: number;
}

export interface TcpChaosProxyOptions extends LinkConditions {
  upstreamHost: string;
  upstreamPort: number;
  /** @default 127.0.0.1 */
  listenHost?: string;
  /** 0 = a free port. @default 0 */
  listenPort?: number;
  /** For the jitter. @default 1 */
  seed?: number;
}

export interface ProxyStats {
  connections: number;
  open: number;
  /** bytes delivered client -> upstream and upstream -> client */
  bytesUp: number;
  bytesDown: number;
  /** bytes received and not yet delivered (delayed or held by a blackhole) */
  bytesQueued: number;
}

function checkConditions(c: LinkConditions): void {
  for (const name of ["latencyMs", "jitterMs", "bandwidthBytesPerS"] as const) {
    const value = c[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      throw new RangeError(`tcp proxy: ${name} ${String(value)}: give a finite number, 0 or more`);
  }
}

/** mulberry32: small, seeded, good enough for jitter. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One direction of one connection: chunks leave in order, each no earlier than its due time. */
class DelayedPipe {
  readonly #queue: { dueMs: number; chunk: Buffer }[] = [];
  readonly #proxy: TcpChaosProxy;
  readonly #to: Socket;
  readonly #onDelivered: (bytes: number) => void;
  #timer: NodeJS.Timeout | undefined;
  #lastDueMs = 0;
  #linkFreeAtMs = 0;

  constructor(proxy: TcpChaosProxy, to: Socket, onDelivered: (bytes: number) => void) {
    this.#proxy = proxy;
    this.#to = to;
    this.#onDelivered = onDelivered;
  }

  get queuedBytes(): number {
    return this.#queue.reduce((n, q) => n + q.chunk.length, 0);
  }

  push(chunk: Buffer): void {
    const c = this.#proxy.conditions;
    // Never earlier than the chunk before it: a TCP stream keeps its order.
    this.#lastDueMs = Math.max(this.#lastDueMs, Date.now() + c.latencyMs + c.jitterMs * this.#proxy.random());
    this.#queue.push({ dueMs: this.#lastDueMs, chunk });
    this.pump();
  }

  pump(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#proxy.blackholed || this.#to.destroyed) return;
    const bandwidth = this.#proxy.conditions.bandwidthBytesPerS;
    for (;;) {
      const head = this.#queue[0];
      if (!head) return;
      const sendAtMs = Math.max(head.dueMs, bandwidth > 0 ? this.#linkFreeAtMs : 0);
      const waitMs = sendAtMs - Date.now();
      if (waitMs > 0) {
        this.#timer = setTimeout(() => this.pump(), waitMs);
        return;
      }
      this.#queue.shift();
      if (bandwidth > 0) this.#linkFreeAtMs = Math.max(this.#linkFreeAtMs, sendAtMs) + (head.chunk.length * 1000) / bandwidth;
      this.#to.write(head.chunk);
      this.#onDelivered(head.chunk.length);
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
  }
}

interface Link {
  client: Socket;
  upstream: Socket;
  up: DelayedPipe;
  down: DelayedPipe;
}

/** Emits "received" (direction "up" | "down", bytes) for every chunk taken in, before any delay. */
export class TcpChaosProxy extends EventEmitter {
  readonly #server: Server;
  readonly #options: TcpChaosProxyOptions;
  readonly #links = new Set<Link>();
  readonly random: () => number;
  #conditions: Required<LinkConditions>;
  #blackholed = false;
  #stats = { connections: 0, bytesUp: 0, bytesDown: 0 };

  private constructor(server: Server, options: TcpChaosProxyOptions) {
    super();
    this.#server = server;
    this.#options = options;
    this.random = seededRandom(options.seed ?? 1);
    this.#conditions = { latencyMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0, bandwidthBytesPerS: options.bandwidthBytesPerS ?? 0 };
    server.on("connection", (client) => this.#accept(client));
  }

  static async start(options: TcpChaosProxyOptions): Promise<TcpChaosProxy> {
    checkConditions(options);
    if (!Number.isInteger(options.upstreamPort) || options.upstreamPort < 1 || options.upstreamPort > 65_535)
      throw new RangeError(`tcp proxy: upstreamPort ${options.upstreamPort}: give a port from 1 to 65535`);
    const listenPort = options.listenPort ?? 0;
    if (!Number.isInteger(listenPort) || listenPort < 0 || listenPort > 65_535)
      throw new RangeError(`tcp proxy: listenPort ${listenPort}: give a port from 0 to 65535`);
    const server = createServer();
    const proxy = new TcpChaosProxy(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(listenPort, options.listenHost ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    return proxy;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get url(): string {
    return `nats://${this.#options.listenHost ?? "127.0.0.1"}:${this.port}`;
  }

  get conditions(): Readonly<Required<LinkConditions>> {
    return this.#conditions;
  }

  get blackholed(): boolean {
    return this.#blackholed;
  }

  /** New conditions, for chunks taken in from now on. */
  setConditions(conditions: LinkConditions): void {
    checkConditions(conditions);
    this.#conditions = { ...this.#conditions, ...conditions };
  }

  /** On: nothing passes, connections stay open. Off: what was held goes through, in order. */
  blackhole(on: boolean): void {
    this.#blackholed = on;
    if (on) return;
    for (const link of this.#links) {
      link.up.pump();
      link.down.pump();
    }
  }

  /** Drops every open connection at once (held data is lost); new ones are still accepted. */
  cut(): void {
    for (const link of [...this.#links]) this.#drop(link);
  }

  stats(): ProxyStats {
    let queued = 0;
    for (const link of this.#links) queued += link.up.queuedBytes + link.down.queuedBytes;
    return { ...this.#stats, open: this.#links.size, bytesQueued: queued };
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    this.#stats.connections++;
    const upstream = connect(this.#options.upstreamPort, this.#options.upstreamHost);
    const link: Link = {
      client,
      upstream,
      up: new DelayedPipe(this, upstream, (n) => (this.#stats.bytesUp += n)),
      down: new DelayedPipe(this, client, (n) => (this.#stats.bytesDown += n)),
    };
    this.#links.add(link);
    client.on("data", (chunk: Buffer) => {
      this.emit("received", "up", chunk.length);
      link.up.push(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      this.emit("received", "down", chunk.length);
      link.down.push(chunk);
    });
    // Either side closing or failing ends the link, as a real connection would.
    for (const socket of [client, upstream]) {
      socket.on("error", () => this.#drop(link));
      socket.on("close", () => this.#drop(link));
    }
  }

  #drop(link: Link): void {
    if (!this.#links.delete(link)) return;
    link.up.stop();
    link.down.stop();
    link.client.destroy();
    link.upstream.destroy();
  }
}
