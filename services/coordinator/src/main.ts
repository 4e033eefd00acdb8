#!/usr/bin/env node
/**
 * The coordinator process: `orbitwin serve coordinator` or `node services/coordinator/dist/main.js`
 * (configured by environment: NATS_URL, ORBITWIN_RUN, ORBITWIN_SCENARIO, ORBITWIN_SPEED,
 * ORBITWIN_MIN_HOSTS). Only wiring lives here.
 */
import { pathToFileURL } from "node:url";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { buckets, registryKeys, type HistoryConfig } from "@orbitwin/protocol";
import { connectNatsBus, createRootLogger, exitWhenDone, stopOnSignals, systemWallClock, type Logger } from "@orbitwin/runtime";
import { Coordinator } from "./coordinator.js";
import { CoordinatorLease } from "./lease.js";
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
  /** Wait for the lease and take over a run already under way (from its newest checkpoint). */
  standby?: boolean;
  /** Continue a run with this id from its newest checkpoint instead of starting it afresh. */
  resume?: boolean;
  /** Overrides of the scenario's history retention (command-line flags). */
  history?: Partial<HistoryConfig>;
  log: Logger;
}

const LEASE_RENEW_MS = 1000;
/** Registry key a finished run leaves, so no standby resumes it. */
const FINISHED_KEY = "run-finished";

/** Runs the coordinator until a signal stops it; resolves with the process exit code. */
export async function runCoordinatorService(config: CoordinatorServiceConfig): Promise<number> {
  const log = config.log.child({ svc: "coordinator", run: config.run });
  const { scenario, clusters } = loadScenarioFile(config.scenarioPath, config.run);
  const bus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-coordinator-${config.run}`, log });
  const registry = await bus.kv(buckets.registry(config.run));
  const lease = new CoordinatorLease({ kv: registry, holder: `${hostname()}-${process.pid}`, wallClock: systemWallClock, onError: (err) => log.warn({ err }, "could not read the coordinator lease; trying again") });
  const waiting = new AbortController();
  const removeWaitHandlers = stopOnSignals({ log, stop: () => Promise.resolve(waiting.abort()) });
  if (config.standby) log.info("standby: waiting for the coordinator lease");
  const acquired = await lease.acquire(waiting.signal, { standby: config.standby === true });
  removeWaitHandlers();
  if (!acquired) {
    await bus.drain();
    return 0;
  }
  const resume = config.standby === true || config.resume === true;
  if (resume && (await registry.get(FINISHED_KEY))) {
    log.info("the run has finished: nothing to take over");
    await lease.release();
    await bus.drain();
    return 0;
  }
  if (!resume) await registry.delete(FINISHED_KEY);
  await registry.put(registryKeys.scenario, new TextEncoder().encode(JSON.stringify({ path: resolve(config.scenarioPath) })));
  if (config.standby) log.warn("took over the coordinator lease: resuming the run from its newest checkpoint");
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
    ...(resume ? { resume: true } : {}),
    ...(config.history ? { history: Object.freeze({ ...scenario.history, ...config.history }) } : {}),
  });
  void coordinator.finished().then(() => registry.put(FINISHED_KEY, new TextEncoder().encode(new Date().toISOString())).catch(() => undefined));
  const removeHandlers = stopOnSignals({ log, stop: () => coordinator.stop() });
  // Another coordinator holding the lease means this one was cut off: it steps down.
  const stopRenewing = systemWallClock.every(LEASE_RENEW_MS, () => {
    lease.renew().then(
      (held) => {
        if (held || coordinator.state !== "running") return;
        log.error("lost the coordinator lease to another coordinator: stepping down");
        void coordinator.stop();
      },
      (err: unknown) => log.warn({ err }, "could not renew the coordinator lease; trying again"),
    );
  });
  try {
    await coordinator.start();
    const err = await coordinator.closed();
    return err ? 1 : 0;
  } finally {
    stopRenewing();
    removeHandlers();
    await lease.release().catch(() => undefined);
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
