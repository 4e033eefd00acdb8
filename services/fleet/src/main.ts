#!/usr/bin/env node
/**
 * A fleet host process: `orbitwin serve fleet [flags]`, or `node services/fleet/dist/main.js` with
 * the same flags or their environment variables (service-config.ts). Only wiring lives here.
 */
import { connectNatsBus, isMainModule, runService, serviceMain, serviceRootLogger, type Logger } from "@orbitwin/runtime";
import { FleetHost } from "./fleet-host.js";
import { runFleetThreads } from "./fleet-threads.js";
import { fleetServiceFlags, resolveFleetServiceConfig, type FleetServiceConfig } from "./service-config.js";

/** Runs a fleet host (one per thread given) until a signal stops it; resolves with the exit code. */
export function runFleetService(config: FleetServiceConfig, log?: Logger): Promise<number> {
  if (config.threads > 1) return runFleetThreads(config, (log ?? serviceRootLogger("fleet", config)).child({ svc: "fleet", run: config.run }));
  return runFleetHost(config, log);
}

/** One fleet host on this thread. */
export function runFleetHost(config: FleetServiceConfig, log?: Logger, control: { handleSignals?: boolean; stopSignal?: AbortSignal } = {}): Promise<number> {
  const name = `orbitwin-fleet-${config.hostId}`;
  return runService({
    service: "fleet",
    config,
    connectionName: name,
    ...(log ? { log } : {}),
    ...control,
    build: async ({ bus, log, defer }) => {
      // Telemetry on its own connection: a big host's tens of MB a tick never delay its heartbeats.
      const telemetryBus = await connectNatsBus({ url: config.natsUrl, name: `${name}-telemetry`, log });
      defer("telemetry connection", () => telemetryBus.drain());
      return new FleetHost({ bus, telemetryBus, run: config.run, hostId: config.hostId, log: log.child({ host: config.hostId }) });
    },
  });
}

if (isMainModule(import.meta.url)) serviceMain({ service: "fleet", flags: fleetServiceFlags, resolve: resolveFleetServiceConfig, run: runFleetService });
