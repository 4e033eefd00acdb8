/**
 * The dashboard gateway: serves the page over HTTP and the live fleet over server-sent events,
 * and forwards run control and fault injection from the page to the run's NATS endpoints. The
 * browser never talks to NATS (the NATS WebSocket listener stays off). Binds loopback unless told.
 * Draining stops listening, ends the event streams and waits (up to `drainTimeoutMs`) for the
 * requests in flight, so an operator's pause or fault injection is answered, not cut off.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ControlVerbs,
  ErrorCodes,
  FaultKinds,
  OrbitwinError,
  clusterTelemetry,
  encodeMessage,
  fleetTelemetry,
  orbitwinEvent,
  subjects,
  decodeUntrusted,
} from "@orbitwin/protocol";
import { LifecycleBase, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { FleetView } from "./fleet-view.js";
import { dashboardHtml } from "./page.js";

export interface GatewayOptions {
  bus: Bus;
  run: string;
  log: Logger;
  /** @default 0: a free port */
  port?: number;
  /** @default 127.0.0.1 */
  host?: string;
  /** @default 500 ms: positions go out at most this often */
  frameMs?: number;
  /** How long a stop waits for requests in flight, ms. @default 5000 */
  drainTimeoutMs?: number;
  wallClock?: WallClock;
}

const MAX_BODY_BYTES = 64 * 1024;

/** A refusal with its HTTP status; the code is the one the gateway has always answered for it. */
class HttpError extends OrbitwinError {
  override name = "HttpError";
  readonly status: number;
  constructor(status: number, message: string, cause?: unknown) {
    super(status === 503 ? ErrorCodes.invalidState : status === 500 ? ErrorCodes.internal : ErrorCodes.badRequest, message, { cause });
    this.status = status;
  }
}

export class Gateway extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #port: number;
  readonly #host: string;
  readonly #frameMs: number;
  readonly #drainTimeoutMs: number;
  readonly #wallClock: WallClock;
  /** requests being answered */
  readonly #inFlight = new Set<Promise<void>>();
  readonly #view = new FleetView();
  readonly #clients = new Set<ServerResponse>();
  #server: Server | undefined;
  #sentIdsVersion = new WeakMap<ServerResponse, number>();

  constructor(options: GatewayOptions) {
    super(`gateway ${options.run}`, options.log);
    this.#bus = options.bus;
    this.#run = options.run;
    this.#port = options.port ?? 0;
    this.#host = options.host ?? "127.0.0.1";
    this.#frameMs = options.frameMs ?? 500;
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 5000;
    this.#wallClock = options.wallClock ?? systemWallClock;
  }

  /** The dashboard's address once started. */
  get url(): string {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    if (!address) throw new OrbitwinError(ErrorCodes.invalidState, `the gateway is not listening (it is ${this.state}): start it first`);
    return `http://${this.#host}:${address.port}/`;
  }

  protected async onStart(): Promise<void> {
    const bus = this.#bus;
    const tolerant =
      <T>(decode: (d: Uint8Array) => T, use: (v: T) => void) =>
      (msg: { data: Uint8Array }) => {
        try {
          use(decode(msg.data));
        } catch (err) {
          this.log.warn({ err }, "ignored a malformed message");
        }
      };
    const subs = [
      bus.subscribe(
        subjects.allClusterTelemetry(this.#run),
        tolerant(
          (d) => clusterTelemetry.decode(d),
          (t) => this.#view.onBatch(t),
        ),
      ),
      bus.subscribe(
        fleetTelemetry.subject(this.#run),
        tolerant(
          (d) => fleetTelemetry.decode(d),
          (f) => {
            this.#view.onFleet(f);
            this.#broadcast("fleet", JSON.stringify(f));
          },
        ),
      ),
      bus.subscribe(
        subjects.allEvents(this.#run),
        tolerant(
          (d) => orbitwinEvent.decode(d),
          (e) => {
            this.#view.onEvent(e);
            this.#broadcast("event", JSON.stringify(e));
          },
        ),
      ),
    ];
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    const server = createServer((req, res) => {
      const handling = this.#handle(req, res);
      this.#inFlight.add(handling);
      void handling.finally(() => this.#inFlight.delete(handling));
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#port, this.#host, () => resolve());
    });
    this.defer(
      "http server",
      () =>
        new Promise<void>((resolve) => {
          for (const c of this.#clients) c.end();
          this.#clients.clear();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    this.defer(
      "frames",
      this.#wallClock.every(this.#frameMs, () => this.#sendFrame()),
    );
    this.log.info({ url: this.url }, "dashboard up");
  }

  /** No new connection or request; the event streams end; the requests in flight are answered. */
  protected override async onDrain(): Promise<void> {
    this.#server?.close();
    this.#server?.closeIdleConnections();
    for (const c of this.#clients) c.end();
    this.#clients.clear();
    if (this.#inFlight.size === 0) return;
    const deadline = new AbortController();
    const answered = await Promise.race([
      Promise.allSettled([...this.#inFlight]).then(() => true),
      this.#wallClock.sleep(this.#drainTimeoutMs, deadline.signal).then(() => false),
    ]);
    deadline.abort();
    if (!answered)
      this.log.warn(
        { requests: this.#inFlight.size, drainTimeoutMs: this.#drainTimeoutMs },
        "requests still in flight at the drain deadline: cutting them off",
      );
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (this.state !== "running") {
        res.setHeader("connection", "close");
        throw new HttpError(503, `the gateway for run ${this.#run} is stopping`);
      }
      const url = new URL(req.url ?? "/", "http://gateway");
      if (req.method === "GET" && url.pathname === "/") return send(res, 200, "text/html; charset=utf-8", dashboardHtml(this.#run));
      if (req.method === "GET" && url.pathname === "/api/stream") return this.#stream(res);
      if (req.method === "GET" && url.pathname === "/favicon.ico") return send(res, 204, "image/x-icon", "");
      if (req.method === "GET" && url.pathname === "/api/sat") {
        const id = url.searchParams.get("id") ?? "";
        const sat = this.#view.satellite(id);
        if (!sat) throw new HttpError(404, `no satellite "${id.slice(0, 64)}" in the latest telemetry`);
        return sendJson(res, 200, sat);
      }
      const ctl = /^\/api\/ctl\/([a-z]+)$/.exec(url.pathname);
      if (req.method === "POST" && ctl) {
        const verb = ctl[1]!;
        if (!(ControlVerbs as readonly string[]).includes(verb)) throw new HttpError(404, `no control verb "${verb}": give one of ${ControlVerbs.join(", ")}`);
        return sendJson(res, 200, await this.#forward(subjects.control(this.#run, verb as (typeof ControlVerbs)[number]), await readJson(req)));
      }
      const inject = /^\/api\/inject\/([a-z-]+)$/.exec(url.pathname);
      if (req.method === "POST" && inject) {
        const fault = inject[1]!;
        if (!(FaultKinds as readonly string[]).includes(fault)) throw new HttpError(404, `no fault "${fault}": give one of ${FaultKinds.join(", ")}`);
        return sendJson(res, 200, await this.#forward(subjects.inject(this.#run, fault), await readJson(req)));
      }
      throw new HttpError(404, `nothing at ${req.method} ${url.pathname}`);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) this.log.error({ err }, "request failed");
      sendJson(res, status, {
        ok: false,
        error: { code: err instanceof HttpError ? err.code : ErrorCodes.internal, message: err instanceof Error ? err.message : String(err) },
      });
    }
  }

  /** The run's reply, decoded: control and injection answer `{ ok, result | error }`. */
  async #forward(subject: string, body: unknown): Promise<unknown> {
    try {
      const reply = await this.#bus.request(subject, encodeMessage(body), { timeoutMs: 10_000 });
      return decodeUntrusted(reply.data, subject);
    } catch (err) {
      throw new HttpError(502, `the run did not answer on ${subject}: ${err instanceof Error ? err.message : String(err)}`, err);
    }
  }

  #stream(res: ServerResponse): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    // The client knows the stream is open before the first event.
    res.flushHeaders();
    this.#clients.add(res);
    res.on("close", () => this.#clients.delete(res));
    if (this.#view.fleet) writeEvent(res, "fleet", JSON.stringify(this.#view.fleet));
    for (const e of this.#view.events) writeEvent(res, "event", JSON.stringify(e));
  }

  #sendFrame(): void {
    if (this.#clients.size === 0) return;
    const frame = this.#view.takeFrame();
    if (!frame) return;
    const ids = this.#view.ids();
    const data = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("base64");
    for (const c of this.#clients) {
      if (this.#sentIdsVersion.get(c) !== ids.version) {
        writeEvent(c, "ids", JSON.stringify(ids));
        this.#sentIdsVersion.set(c, ids.version);
      }
      writeEvent(c, "positions", data);
    }
  }

  #broadcast(event: string, data: string): void {
    for (const c of this.#clients) writeEvent(c, event, data);
  }
}

function writeEvent(res: ServerResponse, event: string, data: string): void {
  res.write(`event: ${event}\ndata: ${data}\n\n`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, "application/json", JSON.stringify(value));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text.trim() === "" ? {} : (JSON.parse(text) as unknown);
  } catch (err) {
    throw new HttpError(400, `request body is not JSON: ${err instanceof Error ? err.message : String(err)}`, err);
  }
}
