/** A worker of a parallel screen (screen-pool.ts): the batched SGP4 records built once, then one slice per request until a null. */
import { parentPort, workerData } from "node:worker_threads";
import { Sgp4Batch } from "@orbitwin/physics";
import { elementsAt, packedCount } from "./packed-elements.js";
import type { ScreenWorkerData } from "./screen-pool.js";
import { runSlice, type SliceRequest } from "./screen-slice.js";

const port = parentPort!;
const { elements } = workerData as ScreenWorkerData;
const orbits = Sgp4Batch.fromElements(packedCount(elements), (i) => elementsAt(elements, i));
port.on("message", (request: SliceRequest | null) => {
  if (request === null) {
    port.close();
    return;
  }
  const result = runSlice(orbits, request);
  port.postMessage(result, result.packed ? [result.packed.buffer as ArrayBuffer] : []);
});
