#!/usr/bin/env node
/**
 * The coordinator process: `orbitwin serve coordinator` or `node services/coordinator/dist/main.js`
 * (configured by environment: NATS_URL, ORBITWIN_RUN, ORBITWIN_SCENARIO, ORBITWIN_SPEED,
 * ORBITWIN_MIN_HOSTS). Only wiring lives here.
 */
import { pathToFileURL } from "node:url";
import type { HistoryConfig } from "@orbitwin/protocol";
import { connectNatsBus, createRootLogger, exitWhenDone, stopOnSignals, type Logger } from "@orbitwin/runtime";
import { Coordinator } from "./coordinator.js";
import { loadScenarioFile } from "./scenario-loader.js";

export interface CoordinatorServiceConfig {
  natsUrl: string;
  run: string;
  scenarioPath: string;
  /** x wall clock, null = as fast as possible, undefined = the scenario's */
  speed?: number | null;
  /** undefined = the scenario's duration */
  durationMs?: number | null;
  minHosts?: number;
  requiredParticipants?: string[];
  startPaused?: boolean;
  /** Overrides of the scenario's history retention (command-line flags). */
  history?: Partial<HistoryConfig>;
  log: Logger;
}

/** Runs the coordinator until a signal stops it; resolves with the process exit code. */
export async function runCoordinatorService(config: CoordinatorServiceConfig): Promise<number> {
  const log = config.log.child({ svc: "coordinator", run: config.run });
  const { scenario, clusters } = loadScenarioFile(config.scenarioPath, config.run);
  const bus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-coordinator-${config.run}`, log });
  const coordinator = new Coordinator({
    bus,
    run: config.run,
    scenario,
    clusters,
    log,
    ...(config.speed === undefined ? {} : { speed: config.speed }),
    ...(config.durationMs === undefined ? {} : { durationMs: config.durationMs }),
    ...(config.minHosts === undefined ? {} : { minHosts: config.minHosts }),
    ...(config.requiredParticipants === undefined ? {} : { requiredParticipants: config.requiredParticipants }),
    ...(config.startPaused === undefined ? {} : { startPaused: config.startPaused }),
    ...(config.history ? { history: Object.freeze({ ...scenario.history, ...config.history }) } : {}),
  });
  const removeHandlers = stopOnSignals({ log, stop: () => coordinator.stop() });
  try {
    await coordinator.start();
    const err = await coordinator.closed();
    return err ? 1 : 0;
  } finally {
    removeHandlers();
    await bus.drain();
  }
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name}=${raw} is not a number`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const log = createRootLogger({ service: "coordinator" });
  const speedRaw = process.env.ORBITWIN_SPEED;
  const minHosts = envNumber("ORBITWIN_MIN_HOSTS");
  const config: CoordinatorServiceConfig = {
    natsUrl: process.env.NATS_URL || "nats://127.0.0.1:4222",
    run: process.env.ORBITWIN_RUN || "demo",
    scenarioPath: process.env.ORBITWIN_SCENARIO ?? "scenarios/demo.yaml",
    ...(speedRaw === undefined ? {} : { speed: speedRaw === "max" ? null : envNumber("ORBITWIN_SPEED")! }),
    ...(minHosts === undefined ? {} : { minHosts }),
    log,
  };
  exitWhenDone(runCoordinatorService(config), log, "coordinator");
}
