#!/usr/bin/env node
/**
 * The debris-watch process: `orbitwin serve debris-watch --scenario FILE` or
 * `node services/debris-watch/dist/main.js` (configured by environment: NATS_URL, ORBITWIN_RUN,
 * ORBITWIN_SCENARIO). Only wiring lives here.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseScenario } from "@orbitwin/protocol";
import { connectNatsBus, createRootLogger, exitWhenDone, stopOnSignals, type Logger } from "@orbitwin/runtime";
import { DebrisWatch } from "./debris-watch.js";

export interface DebrisWatchServiceConfig {
  natsUrl: string;
  run: string;
  scenarioPath: string;
  log: Logger;
}

export async function runDebrisWatchService(config: DebrisWatchServiceConfig): Promise<number> {
  const log = config.log.child({ svc: "debris-watch", run: config.run });
  const scenario = parseScenario(readFileSync(config.scenarioPath, "utf8"), config.scenarioPath);
  const bus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-debris-watch-${config.run}`, log });
  const service = new DebrisWatch({ bus, run: config.run, config: scenario.debris, seed: scenario.seed, epochMs: scenario.epochMs, baseDir: dirname(resolve(config.scenarioPath)), log });
  const removeHandlers = stopOnSignals({ log, stop: () => service.stop() });
  try {
    await service.start();
    const err = await service.closed();
    return err ? 1 : 0;
  } finally {
    removeHandlers();
    await bus.drain();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const log = createRootLogger({ service: "debris-watch" });
  const scenarioPath = process.env.ORBITWIN_SCENARIO;
  if (!scenarioPath) {
    log.fatal("ORBITWIN_SCENARIO must name the scenario file");
    process.exit(2);
  }
  exitWhenDone(runDebrisWatchService({ natsUrl: process.env.NATS_URL || "nats://127.0.0.1:4222", run: process.env.ORBITWIN_RUN || "demo", scenarioPath, log }), log, "debris-watch");
}
