/**
 * A fleet host that uses several cores: one worker thread per core it is given, each a fleet
 * host of its own (`<host>-t1`, `<host>-t2`, ...) with its own connections, so the coordinator
 * spreads clusters over them as over separate processes, and the run's answer is the same.
 * The main thread only forwards a stop and waits.
 */
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { stopOnSignals, type Logger } from "@orbitwin/runtime";
import type { FleetServiceConfig } from "./service-config.js";

/** The worker's input: the config of the one host it runs. */
export interface FleetThreadData {
  config: FleetServiceConfig;
}

/** Message the main thread posts to ask a worker's host to stop. */
export const STOP_THREAD = "stop";

/**
 * The old generation a host thread's heap starts with, MiB. A thread at a million keeps about 30
 * MB alive; V8's default limit for that left less headroom than the young generation holds, so
 * it began marking again as soon as a full collection ended: one per thread per tick at 1 Hz (40
 * in a 40-tick trial), 30-80 ms each. From 128 MiB it did 3-6 in the same trial and the tick lag
 * fell by a third. It is a limit, not memory taken: the million's peak memory went down with it.
 */
export const HOST_THREAD_INITIAL_OLD_SPACE_MIB = 128;

/**
 * That start as node's flag (NODE_OPTIONS does not take it). V8 reads it when it creates an
 * isolate, so a host on a process's main thread (`--threads 1`) has it only from node's command
 * line: whatever starts such a process gives it there (`orbitwin up` and `run`, the compose file
 * and the manifests do).
 */
export const FLEET_HOST_HEAP_FLAG = `--initial-old-space-size=${HOST_THREAD_INITIAL_OLD_SPACE_MIB}`;

/**
 * The V8 flag that sizes the host threads' heaps, set at run time before they start, or
 * undefined when node was given one already (ours, or the operator's own size).
 */
export function hostThreadHeapFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((arg) => arg.startsWith("--initial-old-space-size") || arg.startsWith("--initial_old_space_size"))) return undefined;
  return FLEET_HOST_HEAP_FLAG;
}

export function threadHostId(hostId: string, thread: number): string {
  return `${hostId}-t${thread}`;
}

/** Runs `config.threads` hosts in worker threads until a signal stops them; the worst exit code. */
export async function runFleetThreads(config: FleetServiceConfig, log: Logger): Promise<number> {
  const heapFlag = hostThreadHeapFlag(process.execArgv);
  if (heapFlag) setFlagsFromString(heapFlag);
  const workers = Array.from({ length: config.threads }, (_, i) => {
    const data: FleetThreadData = { config: { ...config, hostId: threadHostId(config.hostId, i + 1), threads: 1 } };
    return new Worker(new URL("./fleet-thread.js", import.meta.url), { workerData: data });
  });
  const exits = workers.map(
    (worker, i) =>
      new Promise<number>((resolve) => {
        worker.once("error", (err) => log.error({ err, thread: i + 1 }, "fleet host thread failed"));
        worker.once("exit", (code) => resolve(code));
      }),
  );
  log.info({ threads: config.threads, hosts: workers.map((_, i) => threadHostId(config.hostId, i + 1)) }, "fleet host threads started");
  const removeHandlers = stopOnSignals({
    log,
    stop: async () => {
      for (const worker of workers) worker.postMessage(STOP_THREAD);
      await Promise.all(exits);
    },
  });
  try {
    return Math.max(...(await Promise.all(exits)));
  } finally {
    removeHandlers();
  }
}
