/**
 * The dashboard gateway: serves the page and the live fleet over HTTP (Fastify, http-app.ts) and
 * forwards the operator's run control and fault injection to the run's NATS endpoints. The
 * browser never talks to NATS (the NATS WebSocket listener stays off). Binds loopback unless told.
 * Draining stops taking requests, ends the streams and waits (up to `drainTimeoutMs`) for the
 * requests in flight, so an operator's pause or fault injection is answered, not cut off.
 */
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import {
  clusterTelemetry,
  decodeEvent,
  ErrorCodes,
  fleetTelemetry,
  OrbitwinError,
  schedulerMetrics,
  subjects,
  type ClusterTelemetry,
} from "@orbitwin/protocol";
import { ClusterIdBook, LifecycleBase, systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { allowedHosts } from "./access.js";
import type { IdsMessage } from "./api-schemas.js";
import { DEFAULT_MAX_POINTS, FleetView } from "./fleet-view.js";
import { buildHttpApp } from "./http-app.js";
import { BUILT_PAGE_DIR, PageFiles } from "./page-files.js";
import { RunHistory } from "./run-history.js";
import { subsolarPoint } from "./sky.js";
import { StreamHub, type StreamHubOptions, type StreamStats } from "./stream-hub.js";

export interface GatewayOptions {
  bus: Bus;
  run: string;
  log: Logger;
  /** @default 0: a free port */
  port?: number;
  /** @default 127.0.0.1 */
  host?: string;
  /** The operator token control and injection need; undefined turns them off. */
  operatorToken?: string | undefined;
  /** More host:port names requests may use (a proxy's, a LAN name's). @default none */
  allowHosts?: readonly string[];
  /** @default 500 ms: positions go out at most this often */
  frameMs?: number;
  /** Satellites a page is sent at most; more are sampled evenly. @default 100,000 */
  maxPoints?: number;
  /** Open streams, pages and their backpressure bounds (stream-hub.ts). */
  stream?: Omit<StreamHubOptions, "wallClock">;
  /** How long a stop waits for requests in flight, ms. @default 5000 */
  drainTimeoutMs?: number;
  /** The built page's folder. @default services/gateway/dist/page */
  pageDir?: string;
  wallClock?: WallClock;
}

export class Gateway extends LifecycleBase {
  readonly #options: GatewayOptions;
  readonly #wallClock: WallClock;
  readonly #view: FleetView;
  readonly #history = new RunHistory();
  readonly #hub: StreamHub;
  readonly #clusterIds: ClusterIdBook;
  readonly #warned = new Set<string>();
  #app: FastifyInstance | undefined;
  #allowedHosts: ReadonlySet<string> = new Set();
  #accepting = false;
  /** the cluster of the first satellite on view, as far as batches have come */
  #firstCluster: string | undefined;

  constructor(options: GatewayOptions) {
    super(`gateway ${options.run}`, options.log);
    this.#options = options;
    this.#wallClock = options.wallClock ?? systemWallClock;
    this.#view = new FleetView({ maxPoints: options.maxPoints ?? DEFAULT_MAX_POINTS });
    this.#hub = new StreamHub({ ...options.stream, wallClock: this.#wallClock });
    this.#clusterIds = new ClusterIdBook(options.bus, options.run);
  }

  /** The dashboard's address once started. */
  get url(): string {
    const address = this.#app?.server.address() as AddressInfo | null | undefined;
    if (!address) throw new OrbitwinError(ErrorCodes.invalidState, `the gateway is not listening (it is ${this.state}): start it first`);
    return `http://${this.#options.host ?? "127.0.0.1"}:${address.port}/`;
  }

  /** What the streams have sent and skipped, and what waits in each client's socket. */
  streamStats(): StreamStats {
    return this.#hub.stats();
  }

  /**
   * Sends the newest frame to every page when the fleet moved, else to the pages that have none
   * yet (one opened on a paused run); the frame timer calls this every `frameMs`.
   */
  sendFrame(): void {
    if (this.#hub.size === 0) return;
    const changed = this.#view.takeChange();
    if (!changed && (!this.#hub.anyWithoutFrame || this.#view.ids().ids.length === 0)) return;
    const subsolar = subsolarPoint(this.#view.simTimeMs);
    const ids = this.#view.ids();
    this.#hub.sendFrames(
      { version: ids.version, message: (): IdsMessage => ({ type: "ids", ...ids }) },
      (field) => this.#view.frame(field, subsolar),
      !changed,
    );
  }

  protected async onStart(): Promise<void> {
    const { bus, run } = this.#options;
    const tolerant =
      <T>(decode: (d: Uint8Array, subject: string) => T, use: (v: T) => void) =>
      (msg: { subject: string; data: Uint8Array }) => {
        let value: T;
        try {
          value = decode(msg.data, msg.subject);
        } catch (err) {
          this.log.warn({ err }, "ignored a malformed message");
          return;
        }
        use(value);
      };
    const subs = [
      bus.subscribe(
        subjects.allClusterTelemetry(run),
        tolerant(
          (d) => clusterTelemetry.decode(d),
          (t) => this.#onBatch(t),
        ),
      ),
      bus.subscribe(
        fleetTelemetry.subject(run),
        tolerant(
          (d) => fleetTelemetry.decode(d),
          (f) => {
            this.#view.onFleet(f);
            this.#history.onFleet(f, (sat) => this.#view.satellite(sat));
            this.#hub.broadcast({ type: "fleet", ...f });
          },
        ),
      ),
      bus.subscribe(
        schedulerMetrics.subject(run),
        tolerant(
          (d) => schedulerMetrics.decode(d),
          (j) => {
            this.#history.onJobs(j);
            this.#hub.broadcast({ type: "jobs", ...j });
          },
        ),
      ),
      bus.subscribe(
        subjects.allEvents(run),
        tolerant(
          (d, subject) => decodeEvent(subject, d),
          (e) => {
            this.#history.onEvent(e);
            this.#hub.broadcast({ type: "event", ...e });
          },
        ),
      ),
    ];
    this.defer("subscriptions", () => Promise.all(subs.map((s) => s.drain())));
    await this.#history.load(bus, run, this.log);

    const app = buildHttpApp({
      run,
      bus,
      log: this.log,
      view: this.#view,
      history: this.#history,
      hub: this.#hub,
      page: new PageFiles(this.#options.pageDir ?? fileURLToPath(BUILT_PAGE_DIR)),
      maxPoints: this.#options.maxPoints ?? DEFAULT_MAX_POINTS,
      operatorToken: this.#options.operatorToken || undefined,
      allowedHosts: () => this.#allowedHosts,
      accepting: () => this.#accepting,
      greeting: () => [
        ...(this.#view.fleet ? [{ type: "fleet", ...this.#view.fleet }] : []),
        ...(this.#history.jobs.length ? [{ type: "jobs", ...this.#history.jobs.at(-1)! }] : []),
      ],
    });
    this.#app = app;
    this.defer("http server", async () => {
      this.#hub.endAll();
      app.server.closeAllConnections();
      await app.close();
    });
    const host = this.#options.host ?? "127.0.0.1";
    await app.listen({ port: this.#options.port ?? 0, host });
    this.#allowedHosts = allowedHosts(host, (app.server.address() as AddressInfo).port, this.#options.allowHosts);
    this.#accepting = true;
    this.defer(
      "frames",
      this.#wallClock.every(this.#options.frameMs ?? 500, () => this.sendFrame()),
    );
    this.log.info({ url: this.url, control: this.#options.operatorToken ? "operator token set" : "off" }, "dashboard up");
  }

  /** No new request; the streams end; the requests in flight are answered. */
  protected override async onDrain(): Promise<void> {
    this.#accepting = false;
    this.#hub.endAll();
    const app = this.#app;
    if (!app) return;
    const deadline = new AbortController();
    const closed = app.close().then(() => true);
    const answered = await Promise.race([closed, this.#wallClock.sleep(this.#options.drainTimeoutMs ?? 5000, deadline.signal).then(() => false)]);
    deadline.abort();
    if (!answered) {
      this.log.warn({ drainTimeoutMs: this.#options.drainTimeoutMs ?? 5000 }, "requests still in flight at the drain deadline: cutting them off");
      app.server.closeAllConnections();
    }
  }

  /**
   * A batch names its satellites by its cluster definition's order: the first batch of a cluster
   * waits for the definition's ids (one read, shared); later ones find them at once. A batch of a
   * cluster the run does not define is dropped, said once per cluster.
   */
  #onBatch(t: ClusterTelemetry): void {
    const known = this.#clusterIds.known(t.cluster);
    if (known) return this.#show(t, known);
    this.#clusterIds.idsOf(t.cluster).then(
      (ids) => this.#show(t, ids),
      (err: unknown) => this.#warnOnce(t.cluster, { err }, "could not read a cluster definition; its batches wait for the next"),
    );
  }

  /** Per-batch trouble is said once per cluster: it would otherwise come every tick. */
  #warnOnce(cluster: string, fields: object, message: string): void {
    if (this.#warned.has(cluster)) return;
    this.#warned.add(cluster);
    this.log.warn({ ...fields, cluster }, message);
  }

  /**
   * The first satellite on view is tracked from the start: the page shows it before any click. The
   * view orders clusters by id, and the clusters' first batches come in any order (each waits for
   * its definition), so a cluster seen later may hold the new first satellite.
   */
  #show(t: ClusterTelemetry, satIds: readonly string[] | undefined): void {
    if (satIds?.length !== t.count)
      return this.#warnOnce(t.cluster, { count: t.count, defined: satIds?.length }, "ignored batches that do not fit the run's cluster definitions");
    this.#view.onBatch(t, satIds);
    if (this.#firstCluster !== undefined && t.cluster >= this.#firstCluster) return;
    this.#firstCluster = t.cluster;
    const first = this.#view.ids().ids[0];
    if (first) this.#history.satellite(first);
  }
}
