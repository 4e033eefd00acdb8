/** A worker of a parallel screen (screen-pool.ts): SGP4 records built once, then one slice per request until a null. */
import { parentPort, workerData } from "node:worker_threads";
import { toSatrec } from "@orbitwin/physics";
import type { ScreenWorkerData } from "./screen-pool.js";
import { runSlice, type SliceRequest } from "./screen-slice.js";

const port = parentPort!;
const satrecs = (workerData as ScreenWorkerData).elements.map(toSatrec);
port.on("message", (request: SliceRequest | null) => {
  if (request === null) {
    port.close();
    return;
  }
  const result = runSlice(satrecs, request);
  port.postMessage(result, result.packed ? [result.packed.buffer as ArrayBuffer] : []);
});
