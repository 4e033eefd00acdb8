/** One slice of a parallel screen (screen-pool.ts), in a worker thread. */
import { parentPort, workerData } from "node:worker_threads";
import { screen, toSatrec } from "@orbitwin/physics";
import type { SliceJob } from "./screen-pool.js";

const job = workerData as SliceJob;
parentPort!.postMessage(screen(job.elements.map(toSatrec), job.startMs, job.endMs, job.options));
