#!/usr/bin/env node
/**
 * The scheduler process: `orbitwin serve scheduler [flags]`, or `node services/scheduler/dist/main.js`
 * with the same flags or their environment variables (service-config.ts). Only wiring lives here.
 */
import { isMainModule, runService, serviceMain, type Logger } from "@orbitwin/runtime";
import { createSchedulerCore } from "./scheduler-config.js";
import { resolveSchedulerServiceConfig, schedulerServiceFlags, type SchedulerServiceConfig } from "./service-config.js";
import { SchedulerService } from "./scheduler-service.js";

/** Runs the scheduler until a signal stops it; resolves with the process exit code. */
export function runSchedulerService(config: SchedulerServiceConfig, log?: Logger): Promise<number> {
  return runService({
    service: "scheduler",
    config,
    ...(log ? { log } : {}),
    build: ({ bus, log }) =>
      new SchedulerService({
        bus,
        run: config.run,
        core: createSchedulerCore({ section: config.section, seed: config.seed, policy: config.policy, limits: config.limits }),
        log,
      }),
  });
}

if (isMainModule(import.meta.url))
  serviceMain({ service: "scheduler", flags: schedulerServiceFlags, resolve: resolveSchedulerServiceConfig, run: runSchedulerService });
