#!/usr/bin/env node
/**
 * The thermal service process: `orbitwin serve thermal` or `node services/thermal/dist/main.js`
 * (configured by environment: NATS_URL, ORBITWIN_RUN). Only wiring lives here.
 */
import { pathToFileURL } from "node:url";
import type { ThermalPolicy } from "@orbitwin/protocol";
import { connectNatsBus, createRootLogger, exitWhenDone, stopOnSignals, type Logger } from "@orbitwin/runtime";
import { resolveThermalPolicy } from "./thermal-policy.js";
import { ThermalService } from "./thermal-service.js";

export interface ThermalServiceConfig {
  natsUrl: string;
  run: string;
  policy?: ThermalPolicy;
  log: Logger;
}

export async function runThermalService(config: ThermalServiceConfig): Promise<number> {
  const log = config.log.child({ svc: "thermal", run: config.run });
  const bus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-thermal-${config.run}`, log });
  const service = new ThermalService({ bus, run: config.run, policy: resolveThermalPolicy(config.policy), log });
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
  const log = createRootLogger({ service: "thermal" });
  exitWhenDone(runThermalService({ natsUrl: process.env.NATS_URL || "nats://127.0.0.1:4222", run: process.env.ORBITWIN_RUN || "demo", log }), log, "thermal service");
}
