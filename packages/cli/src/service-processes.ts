/**
 * The twin's service processes: started with an IPC channel (they stop when it closes, so killing
 * the parent never leaves orphans), in their own process group, their output in a log file, and
 * supervised ones started again when they die.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { RotatingLog } from "./rotating-log.js";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Logger } from "@orbitwin/runtime";

const cliMain = fileURLToPath(new URL("./main.js", import.meta.url));

export interface Supervised {
  readonly name: string;
  /** the live process's pid */
  pid(): number | undefined;
  stop(): Promise<void>;
}

const MAX_RESTARTS = 20;

/**
 * A service child that is started again when it dies (the coordinator then takes every
 * participant back to the last checkpoint, so the run's answer does not change).
 */
export function supervise(name: string, args: string[], logFile: string, log: Logger, env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): Supervised {
  let stopping = false;
  let restarts = 0;
  let child = spawnService(args, logFile, env, nodeFlags);
  const watch = (c: ChildProcess) =>
    c.once("exit", (code, signal) => {
      if (stopping) return;
      if (restarts >= MAX_RESTARTS) {
        log.error({ service: args[1], code, signal }, "service died too often; not restarted");
        return;
      }
      restarts++;
      log.warn({ service: args[1], code, signal, restarts }, "service died; restarting it");
      child = spawnService(args, logFile, env, nodeFlags);
      watch(child);
    });
  watch(child);
  return {
    name,
    pid: () => child.pid,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

/**
 * glibc's malloc gives a freed block of at least this many bytes back to the system at once. Its
 * own threshold starts at 128 KiB and rises to the largest block freed (up to 32 MiB), so a
 * process that takes a tick's telemetry in 136 kB messages soon keeps every freed one resident:
 * at a million satellites that was 25 MiB (a fleet host) to 125 MiB (thermal) of peak memory.
 * A threshold set in the environment wins; other C libraries ignore the variable.
 */
export const MALLOC_MMAP_THRESHOLD_BYTES = 64 * 1024;

/**
 * `env` adds to this process's environment: the NATS URL and, in secure mode, the child's own
 * credentials. `nodeFlags` go to node itself, for the V8 flags NODE_OPTIONS does not take.
 */
export function spawnService(args: string[], logFile: string, env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): ChildProcess {
  // Own process group: a terminal's Ctrl-C reaches only this command, which stops the
  // services in order; the IPC channel still ends them if this command dies.
  const child = spawn(process.execPath, [...nodeFlags, cliMain, ...args], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    detached: true,
    env: serviceEnv(process.env, env),
  });
  // Through this process, so the file is rotated at a size (rotating-log.ts) instead of growing for the whole run.
  const log = new RotatingLog(logFile);
  child.stdout!.on("data", (chunk: Buffer) => log.write(chunk));
  child.stderr!.on("data", (chunk: Buffer) => log.write(chunk));
  child.once("close", () => log.close());
  return child;
}

/**
 * V8's young generation per service, MiB a semi-space (Node 20's default grows to 16). A service
 * allocates little that lives (its state is typed arrays), and a full young generation stays
 * resident: at a million satellites 4 MiB took 25-40 MiB off each fleet host and thermal, with
 * no slower ticks measured. NODE_OPTIONS of the environment come after it and win.
 */
export const SEMI_SPACE_MIB = 4;

/** A service child's environment: this process's, the malloc and young-generation sizes unless it sets them, then `env`. */
export function serviceEnv(inherited: NodeJS.ProcessEnv, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const nodeOptions = [`--max-semi-space-size=${SEMI_SPACE_MIB}`, inherited.NODE_OPTIONS].filter(Boolean).join(" ");
  return { MALLOC_MMAP_THRESHOLD_: String(MALLOC_MMAP_THRESHOLD_BYTES), ...inherited, NODE_OPTIONS: nodeOptions, ...env, ORBITWIN_SUPERVISED: "1" };
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}

/** A port free on loopback now, for a child to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether something accepts connections on the loopback port within `timeoutMs`. */
export async function listening(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolveOpen) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolveOpen(true)));
      socket.once("error", () => (socket.destroy(), resolveOpen(false)));
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
