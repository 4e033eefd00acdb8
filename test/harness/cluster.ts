/**
 * A 3-node NATS cluster on loopback for tests that need one (R3 streams and KV, node loss).
 * Each node gets its own client, route and monitor port, JetStream store and config file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findNatsServerBinary } from "../../packages/runtime/src/nats-server.js";

export interface ClusterNode {
  name: string;
  url: string;
  monitorUrl: string;
  pid(): number | undefined;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

export interface LocalCluster {
  urls: string[];
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function getJson(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const res = await fetch(url);
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Polls `probe` until true; the cluster's monitoring endpoints offer no push notification. */
async function until(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`cluster: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startLocalCluster(size = 3, timeoutMs = 60_000): Promise<LocalCluster> {
  const binary = findNatsServerBinary();
  if (!binary) throw new Error("a local NATS cluster needs nats-server on the PATH (apt-get install nats-server)");
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-cluster-"));
  const ports = await Promise.all(Array.from({ length: size * 3 }, freePort));
  const specs = Array.from({ length: size }, (_, i) => ({ name: `n${i + 1}`, client: ports[3 * i]!, route: ports[3 * i + 1]!, monitor: ports[3 * i + 2]! }));
  const routes = specs.map((s) => `nats-route://127.0.0.1:${s.route}`).join(", ");
  const children = new Map<string, ChildProcess>();
  const launch = (spec: (typeof specs)[number]) => {
    const store = join(dir, spec.name);
    mkdirSync(store, { recursive: true });
    const conf = join(dir, `${spec.name}.conf`);
    writeFileSync(
      conf,
      `server_name: ${spec.name}\nlisten: 127.0.0.1:${spec.client}\nhttp: 127.0.0.1:${spec.monitor}\nmax_payload: 8MB\n` +
        `jetstream { store_dir: "${store}" }\ncluster { name: orbitwin-test, listen: 127.0.0.1:${spec.route}, routes: [${routes}] }\n`,
    );
    const child = spawn(binary, ["-c", conf], { stdio: "ignore" });
    children.set(spec.name, child);
    return child;
  };
  specs.forEach(launch);
  const stopNode = async (name: string, signal: NodeJS.Signals) => {
    const child = children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill(signal);
    await exited;
  };
  const stopAll = async () => {
    await Promise.all(specs.map((s) => stopNode(s.name, "SIGTERM")));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", () => children.forEach((c) => c.kill("SIGKILL")));
  try {
    await until(
      async () => {
        const all = await Promise.all(specs.map((s) => getJson(`http://127.0.0.1:${s.monitor}/routez`)));
        return all.every((r) => r !== undefined && Number(r.num_routes) >= size - 1);
      },
      "routes between all nodes",
      timeoutMs,
    );
    await until(
      async () => {
        const jsz = await getJson(`http://127.0.0.1:${specs[0]!.monitor}/jsz`);
        const meta = jsz?.meta_cluster as { leader?: string } | undefined;
        return typeof meta?.leader === "string" && meta.leader.length > 0;
      },
      "a JetStream meta leader",
      timeoutMs,
    );
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    urls: specs.map((s) => `nats://127.0.0.1:${s.client}`),
    nodes: specs.map((spec) => ({
      name: spec.name,
      url: `nats://127.0.0.1:${spec.client}`,
      monitorUrl: `http://127.0.0.1:${spec.monitor}`,
      pid: () => children.get(spec.name)?.pid,
      kill: (signal: NodeJS.Signals = "SIGKILL") => stopNode(spec.name, signal),
      restart: async () => {
        await stopNode(spec.name, "SIGTERM");
        launch(spec);
      },
    })),
    stop: stopAll,
  };
}
