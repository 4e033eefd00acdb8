/** A worker thread of runFleetThreads: one fleet host, stopped by the main thread's message. */
import { parentPort, workerData } from "node:worker_threads";
import { serviceRootLogger } from "@orbitwin/runtime";
import { STOP_THREAD, type FleetThreadData } from "./fleet-threads.js";
import { runFleetHost } from "./main.js";

const { config } = workerData as FleetThreadData;
const stop = new AbortController();
parentPort?.on("message", (message) => {
  if (message === STOP_THREAD) stop.abort();
});
const code = await runFleetHost(config, serviceRootLogger("fleet", config), { handleSignals: false, stopSignal: stop.signal });
parentPort?.close();
process.exitCode = code;
