/**
 * A NATS cluster on loopback for tests that need one (R3 streams and KV, node loss). Each node
 * gets its own client, route and monitor port, JetStream store and generated config, and runs
 * through spawnNatsServer, so it is killed with the test process and its exit is observable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
// Relative import: harness files are also loaded by vitest's globalSetup, which ignores custom conditions.
import { findNatsServerBinary, spawnNatsServer, type SpawnedNatsServer } from "../../packages/runtime/src/nats-server.js";

export interface ClusterNode {
  /** server_name: n1, n2, ... */
  readonly name: string;
  /** nats://127.0.0.1:<client port>; the same across restarts. */
  readonly url: string;
  /** http://127.0.0.1:<monitor port> (/varz, /routez, /jsz, /healthz). */
  readonly monitorUrl: string;
  /** Process id of the running server, undefined while it is down. */
  readonly pid: number | undefined;
  /** Sends `signal` (default SIGKILL) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the node again (stopping it first if it runs) and resolves once it has rejoined. */
  restart(): Promise<void>;
}

export interface LocalCluster {
  urls: string[];
  nodes: ClusterNode[];
  /** Stops every node and deletes the stores. Idempotent. */
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  /** How long to wait for routes and a JetStream meta leader, ms. @default 60000 */
  timeoutMs?: number;
  /**
   * Each node's own config file (a shipped one, adapted to these ports) instead of the generated
   * one: given the node and all nodes, returns its path. It must listen, route and monitor on the
   * node's ports. @default a generated plain-text cluster config
   */
  configFileOf?: (node: NodeSpec, nodes: readonly NodeSpec[]) => string;
  /** Variables the configs read, for every node. @default none */
  env?: Readonly<Record<string, string>>;
}

/** A free loopback port: the OS picks one for a throwaway listener, which closes before use. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("net.listen(0) gave no port"))));
    });
  });
}

async function getJson(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Polls `probe` until true: the monitoring endpoints are the only signal a cluster gives. */
async function until(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`local NATS cluster: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface NodeSpec {
  name: string;
  client: number;
  route: number;
  monitor: number;
  storeDir: string;
}

export async function startLocalCluster(size = 3, options: LocalClusterOptions = {}): Promise<LocalCluster> {
  if (!Number.isInteger(size) || size < 2) throw new Error(`startLocalCluster: size must be an integer >= 2, got ${size}`);
  if (!findNatsServerBinary()) throw new Error("a local NATS cluster needs nats-server on the PATH: apt-get install nats-server (or brew install nats-server)");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-cluster-"));
  const ports = await Promise.all(Array.from({ length: size * 3 }, freePort));
  const specs: NodeSpec[] = Array.from({ length: size }, (_, i) => ({
    name: `n${i + 1}`,
    client: ports[3 * i]!,
    route: ports[3 * i + 1]!,
    monitor: ports[3 * i + 2]!,
    storeDir: join(dir, `n${i + 1}`),
  }));
  const routes = specs.map((s) => `"nats-route://127.0.0.1:${s.route}"`).join(", ");
  const servers = new Map<string, SpawnedNatsServer>();

  const launch = async (spec: NodeSpec) => {
    const configFile = options.configFileOf?.(spec, specs);
    const common = { storeDir: spec.storeDir, port: spec.client, ...(options.env ? { env: options.env } : {}) };
    const server = await spawnNatsServer(
      configFile
        ? { ...common, host: "127.0.0.1", configFile }
        : {
            ...common,
            extraConfig: [
              `server_name: ${spec.name}`,
              `http: "127.0.0.1:${spec.monitor}"`,
              `cluster { name: orbitwin-test, listen: "127.0.0.1:${spec.route}", routes: [${routes}] }`,
            ].join("\n"),
          },
    );
    servers.set(spec.name, server);
  };
  const stopNode = async (spec: NodeSpec, signal: NodeJS.Signals) => {
    const server = servers.get(spec.name);
    if (!server) return;
    servers.delete(spec.name);
    if (signal === "SIGTERM") return server.stop();
    process.kill(server.pid, signal);
    await server.closed();
  };
  const routed = (spec: NodeSpec) => async () => {
    const routez = await getJson(`http://127.0.0.1:${spec.monitor}/routez`);
    return routez !== undefined && Number(routez.num_routes) >= size - 1;
  };
  const metaLeader = (spec: NodeSpec) => async () => {
    const jsz = await getJson(`http://127.0.0.1:${spec.monitor}/jsz`);
    const leader = (jsz?.meta_cluster as { leader?: unknown } | undefined)?.leader;
    return typeof leader === "string" && leader.length > 0;
  };
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(specs.map((s) => stopNode(s, "SIGTERM")));
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    await Promise.all(specs.map(launch));
    for (const spec of specs) await until(routed(spec), `${spec.name} to route to the other ${size - 1} nodes`, timeoutMs);
    for (const spec of specs) await until(metaLeader(spec), `${spec.name} to see a JetStream meta leader`, timeoutMs);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    urls: specs.map((s) => `nats://127.0.0.1:${s.client}`),
    nodes: specs.map((spec) => ({
      name: spec.name,
      url: `nats://127.0.0.1:${spec.client}`,
      monitorUrl: `http://127.0.0.1:${spec.monitor}`,
      get pid() {
        return servers.get(spec.name)?.pid;
      },
      kill: (signal: NodeJS.Signals = "SIGKILL") => stopNode(spec, signal),
      restart: async () => {
        await stopNode(spec, "SIGTERM");
        await launch(spec);
        await until(routed(spec), `${spec.name} to rejoin the cluster`, timeoutMs);
        await until(metaLeader(spec), `${spec.name} to see a JetStream meta leader`, timeoutMs);
      },
    })),
    stop,
  };
}

/** The node holding a client connection with this name (from each node's /connz). */
export async function nodeHoldingConnection(cluster: LocalCluster, connectionName: string): Promise<ClusterNode> {
  for (const node of cluster.nodes) {
    const connz = (await (await fetch(`${node.monitorUrl}/connz`)).json()) as { connections?: { name?: string }[] };
    if (connz.connections?.some((c) => c.name === connectionName)) return node;
  }
  throw new Error(`no node has a connection named ${connectionName}`);
}
