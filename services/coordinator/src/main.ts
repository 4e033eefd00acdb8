#!/usr/bin/env node
/**
 * The coordinator process: `orbitwin serve coordinator [flags]`, or
 * `node services/coordinator/dist/main.js` with the same flags or their environment variables
 * (service-config.ts). Only wiring lives here.
 */
import { hostname } from "node:os";
import { buckets, registryKeys } from "@orbitwin/protocol";
import { connectNatsBus, isMainModule, runService, serviceMain, systemWallClock, type Logger } from "@orbitwin/runtime";
import { Coordinator } from "./coordinator.js";
import { CoordinatorLease } from "./lease.js";
import { indexScenarioFileInSlices } from "./scenario-loader.js";
import { coordinatorServiceFlags, resolveCoordinatorServiceConfig, type CoordinatorServiceConfig } from "./service-config.js";

const LEASE_RENEW_MS = 1000;
/** Registry key a finished run leaves, so no standby resumes it. */
const FINISHED_KEY = registryKeys.runFinished;

/** Runs the coordinator (or its standby) until a signal stops it; resolves with the process exit code. */
export function runCoordinatorService(config: CoordinatorServiceConfig, log?: Logger): Promise<number> {
  return runService({
    service: "coordinator",
    config,
    ...(log ? { log } : {}),
    build: async ({ bus, log, stopping, defer }) => {
      // The lease on a connection of its own: its renewal never waits behind a million
      // satellites' definitions being written on the main one.
      const leaseBus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-coordinator-${config.run}-lease`, log });
      defer("lease connection", () => leaseBus.drain());
      const registry = await leaseBus.kv(buckets.registry(config.run));
      const lease = new CoordinatorLease({
        kv: registry,
        holder: `${hostname()}-${process.pid}`,
        wallClock: systemWallClock,
        onError: (err) => log.warn({ err }, "could not read the coordinator lease; trying again"),
      });
      if (config.standby) log.info("standby: waiting for the coordinator lease");
      if (!(await lease.acquire(stopping, { standby: config.standby === true }))) return undefined;
      defer("lease", () => lease.release().catch(() => undefined));
      // Renewed from now on; losing it stops the coordinator (or, before there is one, its start).
      let coordinator: Coordinator | undefined = undefined;
      let leaseLost = false;
      defer(
        "lease renewal",
        systemWallClock.every(LEASE_RENEW_MS, () => {
          lease.renew().then(
            (held) => {
              if (held || leaseLost) return;
              leaseLost = true;
              log.error("lost the coordinator lease to another coordinator: stepping down");
              void coordinator?.stop();
            },
            (err: unknown) => log.warn({ err }, "could not renew the coordinator lease; trying again"),
          );
        }),
      );
      const resume = config.standby === true || config.resume === true;
      if (resume && (await registry.get(FINISHED_KEY))) {
        log.info("the run has finished: nothing to take over");
        return undefined;
      }
      if (!resume) await registry.delete(FINISHED_KEY);
      await registry.put(registryKeys.scenario, new TextEncoder().encode(JSON.stringify({ path: config.scenarioPath })));
      if (config.standby) log.warn("took over the coordinator lease: resuming the run from its newest checkpoint");
      // Read once the lease is held (a standby holds nothing of the scenario while it waits), in
      // slices so the lease is renewed meanwhile.
      const { scenario, clusters, fleet } = await indexScenarioFileInSlices(config.scenarioPath, config.run);
      if (leaseLost) return undefined;
      coordinator = new Coordinator({
        bus,
        run: config.run,
        scenario,
        clusters,
        fleet,
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
      return coordinator;
    },
  });
}

if (isMainModule(import.meta.url))
  serviceMain({ service: "coordinator", flags: coordinatorServiceFlags, resolve: resolveCoordinatorServiceConfig, run: runCoordinatorService });
