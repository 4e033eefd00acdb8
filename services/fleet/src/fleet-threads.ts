/**
 * A fleet host that uses several cores: one worker thread per core it is given, each a fleet
 * host of its own (`<host>-t1`, `<host>-t2`, ...) with its own connections, so the coordinator
 * spreads clusters over them as over separate processes, and the run's answer is the same.
 * The main thread only forwards a stop and waits.
 */
import { Worker } from "node:worker_threads";
import { stopOnSignals, type Logger } from "@orbitwin/runtime";
import type { FleetServiceConfig } from "./service-config.js";

/** The worker's input: the config of the one host it runs. */
export interface FleetThreadData {
  config: FleetServiceConfig;
}

/** Message the main thread posts to ask a worker's host to stop. */
export const STOP_THREAD = "stop";

export function threadHostId(hostId: string, thread: number): string {
  return `${hostId}-t${thread}`;
}

/** Runs `config.threads` hosts in worker threads until a signal stops them; the worst exit code. */
export async function runFleetThreads(config: FleetServiceConfig, log: Logger): Promise<number> {
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
