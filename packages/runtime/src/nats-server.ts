/**
 * Starts a private nats-server (JetStream on, its own store, an ephemeral loopback port) for
 * `orbitwin up`/`run` and the test harness. The port is learnt from the server's ports file
 * (`--ports_file_dir`, supported since 2.x and deleted by the server on exit). nats-server 2.9 has
 * no flag for max_payload, so the settings go into a generated config file. A process 'exit'
 * hook SIGKILLs every server still running, so a crashing parent leaves no orphan behind.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import type { Logger } from "pino";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

export interface SpawnNatsServerOptions {
  /** Folder for the JetStream store, the generated config and the ports file (created). */
  storeDir: string;
  /** Listen address. @default "127.0.0.1" (loopback only) */
  host?: string;
  /** Client port. @default -1: an ephemeral port the server picks */
  port?: number;
  /**
   * Your own config file, used as it is; nats-server's flags then set the store folder, JetStream
   * and the ports file, and host/port only when you pass them. Excludes maxPayloadBytes and extraConfig.
   */
  configFile?: string;
  /** @default "nats-server" on the PATH */
  binary?: string;
  /** Largest message, bytes. @default 8 MiB */
  maxPayloadBytes?: number;
  /**
   * JetStream's file store limit, bytes. Every stream reserves its byte limit against it when it is
   * made: a server shared by many short runs (the test harness) reaches the default (75 % of the
   * free disk) long before its disk fills. @default the server's
   */
  maxFileStoreBytes?: number;
  /** Extra config lines for the generated config (e.g. a cluster block). */
  extraConfig?: string;
  /** Variables the config reads (`$NAME`), besides this process's environment. @default none */
  env?: Readonly<Record<string, string>>;
  /** How long to wait for the server to listen, ms. @default 15000 */
  startTimeoutMs?: number;
  /**
   * Run in its own process group, so a terminal's Ctrl-C reaches only the parent, which then
   * stops its services before the server. @default false
   */
  detached?: boolean;
  log?: Logger;
}

export interface SpawnedNatsServer {
  /** nats://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** e.g. "2.9.10" */
  version: string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when the server has exited: undefined after stop(), else an error with its stderr. Never rejects. */
  closed(): Promise<Error | undefined>;
}

const STOP_GRACE_MS = 5000;
const DEFAULT_MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

/** The nats-server executable on the PATH, or undefined. */
export function findNatsServerBinary(name = "nats-server"): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this PATH entry.
    }
  }
  return undefined;
}

/** The version `binary --version` prints, e.g. "2.9.10", or "unknown". */
export function natsServerVersion(binary: string): string {
  const out = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 5000 });
  return /v?(\d+\.\d+\.\d+)/.exec(`${out.stdout ?? ""}${out.stderr ?? ""}`)?.[1] ?? "unknown";
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL is the only thing that still works here.
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

/** The soft memory limit (Go's GOMEMLIMIT) of a nats-server started here. */
export const NATS_SERVER_SOFT_MEMORY_LIMIT = "256MiB";

/** How far the heap of a nats-server started here grows past what is live before a collection (Go's GOGC), %. */
export const NATS_SERVER_GC_PERCENT = "400";

export async function spawnNatsServer(options: SpawnNatsServerOptions): Promise<SpawnedNatsServer> {
  const binary = options.binary ?? findNatsServerBinary();
  if (!binary) {
    throw new OrbitwinError(
      ErrorCodes.natsServerFailed,
      "nats-server is not on the PATH: install it (Debian/Ubuntu: apt-get install nats-server; macOS: brew install nats-server), pass options.binary, or set NATS_URL to a running server",
    );
  }
  if (options.configFile && (options.extraConfig || options.maxPayloadBytes !== undefined)) {
    throw new OrbitwinError(
      ErrorCodes.invalidConfig,
      "spawnNatsServer: configFile excludes extraConfig and maxPayloadBytes; put those settings in the config file",
    );
  }
  const storeDir = resolve(options.storeDir);
  const portsDir = join(storeDir, "ports");
  mkdirSync(storeDir, { recursive: true });
  rmSync(portsDir, { recursive: true, force: true });
  mkdirSync(portsDir, { recursive: true });
  const args = options.configFile ? flagsForConfigFile(options, storeDir) : ["-c", writeConfig(options, storeDir)];
  args.push("--ports_file_dir", portsDir);

  // Go's collector otherwise lets the heap reach twice what is live: at a million satellites
  // the telemetry passing through took nats-server to 620 MiB, 282 MiB under this soft limit
  // (the collector works harder near it, never fails an allocation). Below that limit it may
  // wait longer than Go's default of 100 %: relaying 300,000 satellites' telemetry at 1 Hz the
  // server spent 91-94 ms of CPU a second at 100 % and 62-64 at 400 %, on the cores the tick
  // needs. GOMEMLIMIT and GOGC set by the user win.
  const env = {
    ...process.env,
    GOMEMLIMIT: process.env.GOMEMLIMIT ?? NATS_SERVER_SOFT_MEMORY_LIMIT,
    GOGC: process.env.GOGC ?? NATS_SERVER_GC_PERCENT,
    ...options.env,
  };
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"], detached: options.detached ?? false, env });
  running.add(child);
  killAllOnExit();
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  let stopping = false;
  const exited = new Promise<Error | undefined>((done) => {
    child.once("error", (err) =>
      done(new OrbitwinError(ErrorCodes.natsServerFailed, `nats-server (${binary}) could not start: ${err.message}`, { cause: err })),
    );
    child.once("exit", (code, signal) =>
      done(
        stopping ? undefined : new OrbitwinError(ErrorCodes.natsServerFailed, `nats-server exited unexpectedly (code ${code}, signal ${signal}):\n${stderr}`),
      ),
    );
  });
  void exited.then((err) => {
    running.delete(child);
    if (err && child.pid !== undefined) options.log?.error({ err, pid: child.pid }, "nats-server exited");
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const force = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
        child.kill("SIGTERM");
        await exited;
        clearTimeout(force);
      }
      running.delete(child);
    })());

  try {
    const url = await waitForPortsFile({
      child,
      exited,
      path: join(portsDir, `nats-server_${child.pid}.ports`),
      timeoutMs: options.startTimeoutMs ?? 15_000,
      stderr: () => stderr,
    });
    const version = natsServerVersion(binary);
    options.log?.info({ url, version, pid: child.pid, storeDir }, "nats-server started");
    return { url, pid: child.pid!, version, stop, closed: () => exited };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Writes the generated config; JSON strings are valid NATS config strings and quote any path. */
function writeConfig(options: SpawnNatsServerOptions, storeDir: string): string {
  const configPath = join(storeDir, "nats-server.conf");
  const lines = [
    `listen: ${JSON.stringify(`${options.host ?? "127.0.0.1"}:${options.port ?? -1}`)}`,
    `max_payload: ${options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES}`,
    // max_pending must hold at least one max_payload message; 64 MiB is the server's default.
    `max_pending: ${Math.max(64 * 1024 * 1024, 2 * (options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES))}`,
    `jetstream { store_dir: ${JSON.stringify(join(storeDir, "js"))}${options.maxFileStoreBytes === undefined ? "" : `, max_file_store: ${options.maxFileStoreBytes}`} }`,
    options.extraConfig ?? "",
  ];
  writeFileSync(configPath, lines.join("\n") + "\n");
  return configPath;
}

function flagsForConfigFile(options: SpawnNatsServerOptions, storeDir: string): string[] {
  const configFile = resolve(options.configFile!);
  if (!existsSync(configFile))
    throw new OrbitwinError(
      ErrorCodes.invalidConfig,
      `spawnNatsServer: config file ${configFile} does not exist: give the path of an existing nats-server configuration`,
    );
  const args = ["-c", configFile, "-js", "-sd", join(storeDir, "js")];
  if (options.host !== undefined) args.push("-a", options.host);
  if (options.port !== undefined) args.push("-p", String(options.port));
  return args;
}

/** Polls the ports file: nats-server writes it once it listens and offers no other signal. */
async function waitForPortsFile(w: {
  child: ChildProcess;
  exited: Promise<Error | undefined>;
  path: string;
  timeoutMs: number;
  stderr: () => string;
}): Promise<string> {
  const deadline = Date.now() + w.timeoutMs;
  let exitError: Error | undefined;
  let gone = false;
  void w.exited.then((err) => {
    gone = true;
    exitError = err;
  });
  for (;;) {
    if (gone)
      throw new OrbitwinError(
        ErrorCodes.natsServerFailed,
        `nats-server exited before listening: ${exitError?.message ?? "stopped"}\nFix the cause above (port in use? bad config?) and retry.`,
      );
    if (existsSync(w.path)) {
      try {
        const url = (JSON.parse(readFileSync(w.path, "utf8")) as { nats?: string[] }).nats?.[0];
        if (url) return url;
      } catch {
        // Caught mid-write: read again on the next poll.
      }
    }
    if (Date.now() > deadline)
      throw new OrbitwinError(
        ErrorCodes.natsServerFailed,
        `nats-server (pid ${w.child.pid}) did not report its port within ${w.timeoutMs} ms. Its stderr:\n${w.stderr()}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
