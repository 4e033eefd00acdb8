/**
 * Starts a private nats-server (JetStream on, its own store, an ephemeral loopback port) for
 * `orbitwin up`/`run` and the test harness. The port is learnt from the server's ports file
 * (`--ports_file_dir`), which nats-server 2.9 supports. The server is killed with its parent.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Logger } from "pino";

export interface SpawnNatsServerOptions {
  /** JetStream store folder (created). */
  storeDir: string;
  /** @default 127.0.0.1 */
  host?: string;
  /** @default -1: an ephemeral port */
  port?: number;
  /** @default "nats-server" on the PATH */
  binary?: string;
  /** @default 8 MiB */
  maxPayloadBytes?: number;
  /** Extra config lines (e.g. a cluster block). */
  extraConfig?: string;
  /** @default 15000 ms */
  startTimeoutMs?: number;
  /**
   * Run in its own process group, so a terminal's Ctrl-C reaches only the parent, which then
   * stops its services before the server. @default false
   */
  detached?: boolean;
  log?: Logger;
}

export interface SpawnedNatsServer {
  url: string;
  pid: number;
  version: string;
  /** SIGTERM, then SIGKILL after 5 s; idempotent. */
  stop(): Promise<void>;
}

/** The nats-server binary on the PATH, or undefined. */
export function findNatsServerBinary(name = "nats-server"): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

export async function spawnNatsServer(options: SpawnNatsServerOptions): Promise<SpawnedNatsServer> {
  const binary = options.binary ?? findNatsServerBinary();
  if (!binary) throw new Error("nats-server is not on the PATH: install it (apt-get install nats-server, brew install nats-server) or set NATS_URL");
  const version = natsServerVersion(binary);
  mkdirSync(options.storeDir, { recursive: true });
  const portsDir = join(options.storeDir, "ports");
  rmSync(portsDir, { recursive: true, force: true });
  mkdirSync(portsDir, { recursive: true });
  const configPath = join(options.storeDir, "nats-server.conf");
  writeFileSync(
    configPath,
    [
      `listen: "${options.host ?? "127.0.0.1"}:${options.port ?? -1}"`,
      `max_payload: ${options.maxPayloadBytes ?? 8 * 1024 * 1024}`,
      `jetstream { store_dir: "${join(options.storeDir, "js")}" }`,
      options.extraConfig ?? "",
    ].join("\n") + "\n",
  );
  const child = spawn(binary, ["-c", configPath, "--ports_file_dir", portsDir], { stdio: ["ignore", "ignore", "pipe"], detached: options.detached ?? false });
  running.add(child);
  killAllOnExit();
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(child));
  const stop = onceAsync(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.kill("SIGTERM");
    await exited;
    clearTimeout(force);
  });
  try {
    const url = await waitForPortsFile(child, join(portsDir, `nats-server_${child.pid}.ports`), options.startTimeoutMs ?? 15_000, () => stderr);
    options.log?.info({ url, version, pid: child.pid }, "nats-server started");
    return { url, pid: child.pid!, version, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function natsServerVersion(binary: string): string {
  const out = spawnSync(binary, ["--version"], { encoding: "utf8" });
  const m = /v?(\d+\.\d+\.\d+)/.exec(`${out.stdout}${out.stderr}`);
  return m?.[1] ?? "unknown";
}

async function waitForPortsFile(child: ChildProcess, path: string, timeoutMs: number, stderr: () => string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode} before listening:\n${stderr()}`);
    if (existsSync(path)) {
      try {
        const ports = JSON.parse(readFileSync(path, "utf8")) as { nats?: string[] };
        const url = ports.nats?.[0];
        if (url) return url;
      } catch {
        // The server writes the file in one go; a partial read is retried below.
      }
    }
    if (Date.now() > deadline) throw new Error(`nats-server did not report its port within ${timeoutMs} ms:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}
