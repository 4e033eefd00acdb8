#!/usr/bin/env node
/**
 * A fleet host process: `orbitwin serve fleet [flags]`, or `node services/fleet/dist/main.js` with
 * the same flags or their environment variables (service-config.ts). Only wiring lives here.
 */
import { connectNatsBus, isMainModule, runService, serviceMain, type Logger } from "@orbitwin/runtime";
import { FleetHost } from "./fleet-host.js";
import { fleetServiceFlags, resolveFleetServiceConfig, type FleetServiceConfig } from "./service-config.js";

/** Runs a fleet host until a signal stops it; resolves with the process exit code. */
export function runFleetService(config: FleetServiceConfig, log?: Logger): Promise<number> {
  const name = `orbitwin-fleet-${config.hostId}`;
  return runService({
    service: "fleet",
    config,
    connectionName: name,
    ...(log ? { log } : {}),
    build: async ({ bus, log, defer }) => {
      // Telemetry on its own connection: a big host's tens of MB a tick never delay its heartbeats.
      const telemetryBus = await connectNatsBus({ url: config.natsUrl, name: `${name}-telemetry`, log });
      defer("telemetry connection", () => telemetryBus.drain());
      return new FleetHost({ bus, telemetryBus, run: config.run, hostId: config.hostId, log: log.child({ host: config.hostId }) });
    },
  });
}

if (isMainModule(import.meta.url)) serviceMain({ service: "fleet", flags: fleetServiceFlags, resolve: resolveFleetServiceConfig, run: runFleetService });
