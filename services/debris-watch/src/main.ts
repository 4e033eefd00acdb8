#!/usr/bin/env node
/**
 * The debris-watch process: `orbitwin serve debris-watch --scenario FILE`, or
 * `node services/debris-watch/dist/main.js` with the same flags or their environment variables
 * (service-config.ts). Only wiring lives here.
 */
import { isMainModule, runService, serviceMain, type Logger } from "@orbitwin/runtime";
import { DebrisWatch } from "./debris-watch.js";
import { debrisWatchServiceFlags, resolveDebrisWatchServiceConfig, type DebrisWatchServiceConfig } from "./service-config.js";

/** Runs debris-watch until a signal stops it; resolves with the process exit code. */
export function runDebrisWatchService(config: DebrisWatchServiceConfig, log?: Logger): Promise<number> {
  return runService({
    service: "debris-watch",
    config,
    ...(log ? { log } : {}),
    build: ({ bus, log }) =>
      new DebrisWatch({ bus, run: config.run, config: config.debris, seed: config.seed, epochMs: config.epochMs, baseDir: config.baseDir, log }),
  });
}

if (isMainModule(import.meta.url))
  serviceMain({ service: "debris-watch", flags: debrisWatchServiceFlags, resolve: resolveDebrisWatchServiceConfig, run: runDebrisWatchService });
