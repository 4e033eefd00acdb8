#!/usr/bin/env node
/**
 * The thermal service process: `orbitwin serve thermal [flags]`, or `node services/thermal/dist/main.js`
 * with the same flags or their environment variables (service-config.ts). Only wiring lives here.
 */
import { isMainModule, runService, serviceMain, type Logger } from "@orbitwin/runtime";
import { resolveThermalServiceConfig, thermalServiceFlags, type ThermalServiceConfig } from "./service-config.js";
import { ThermalService } from "./thermal-service.js";

/** Runs the thermal service until a signal stops it; resolves with the process exit code. */
export function runThermalService(config: ThermalServiceConfig, log?: Logger): Promise<number> {
  return runService({
    service: "thermal",
    config,
    ...(log ? { log } : {}),
    build: ({ bus, log }) => new ThermalService({ bus, run: config.run, policy: config.policy, log }),
  });
}

if (isMainModule(import.meta.url))
  serviceMain({ service: "thermal", flags: thermalServiceFlags, resolve: resolveThermalServiceConfig, run: runThermalService });
