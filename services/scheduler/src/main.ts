#!/usr/bin/env node
/**
 * The scheduler process: `orbitwin serve scheduler` or `node services/scheduler/dist/main.js`
 * (configured by environment: NATS_URL, ORBITWIN_RUN). Only wiring lives here.
 */
import { pathToFileURL } from "node:url";
import type { PlacementPolicyName, SchedulerSection } from "@orbitwin/protocol";
import { connectNatsBus, createRootLogger, exitWhenDone, stopOnSignals, type Logger } from "@orbitwin/runtime";
import { createSchedulerCore } from "./scheduler-config.js";
import { SchedulerService } from "./scheduler-service.js";

export interface SchedulerServiceConfig {
  natsUrl: string;
  run: string;
  section?: SchedulerSection | undefined;
  /** the scenario's seed, keys the job arrivals */
  seed: number;
  policy?: PlacementPolicyName | undefined;
  log: Logger;
}

export async function runSchedulerService(config: SchedulerServiceConfig): Promise<number> {
  const log = config.log.child({ svc: "scheduler", run: config.run });
  const bus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-scheduler-${config.run}`, log });
  const core = createSchedulerCore({ section: config.section, seed: config.seed, policy: config.policy });
  const service = new SchedulerService({ bus, run: config.run, core, log });
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
  const log = createRootLogger({ service: "scheduler" });
  exitWhenDone(runSchedulerService({ natsUrl: process.env.NATS_URL || "nats://127.0.0.1:4222", run: process.env.ORBITWIN_RUN || "demo", seed: 0, log }), log, "scheduler service");
}
