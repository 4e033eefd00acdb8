#!/usr/bin/env node
/**
 * A fleet host process: `orbitwin serve fleet` or `node services/fleet/dist/main.js` (configured by
 * environment: NATS_URL, ORBITWIN_RUN, ORBITWIN_HOST). Only wiring lives here.
 */
import { hostname } from "node:os";
import { pathToFileURL } from "node:url";
import { assertToken } from "@orbitwin/protocol";
import { connectNatsBus, createRootLogger, exitWhenDone, stopOnSignals, type Logger } from "@orbitwin/runtime";
import { FleetHost } from "./fleet-host.js";

export interface FleetServiceConfig {
  natsUrl: string;
  run: string;
  /** @default `<hostname>-<pid>` made into a token */
  hostId?: string;
  log: Logger;
}

export function defaultHostId(): string {
  const base = hostname().toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+/, "").slice(0, 40) || "host";
  return `${base}-${process.pid}`;
}

/** Runs a fleet host until a signal stops it; resolves with the process exit code. */
export async function runFleetService(config: FleetServiceConfig): Promise<number> {
  const hostId = assertToken(config.hostId ?? defaultHostId(), "host id");
  const log = config.log.child({ svc: "fleet", run: config.run, host: hostId });
  const bus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-fleet-${hostId}`, log });
  // Telemetry on its own connection: a big host's tens of MB a tick never delay its heartbeats.
  const telemetryBus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-fleet-${hostId}-telemetry`, log });
  const host = new FleetHost({ bus, telemetryBus, run: config.run, hostId, log });
  const removeHandlers = stopOnSignals({ log, stop: () => host.stop() });
  try {
    await host.start();
    const err = await host.closed();
    return err ? 1 : 0;
  } finally {
    removeHandlers();
    await telemetryBus.drain();
    await bus.drain();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const log = createRootLogger({ service: "fleet" });
  const config: FleetServiceConfig = {
    natsUrl: process.env.NATS_URL || "nats://127.0.0.1:4222",
    run: process.env.ORBITWIN_RUN || "demo",
    ...(process.env.ORBITWIN_HOST ? { hostId: process.env.ORBITWIN_HOST } : {}),
    log,
  };
  exitWhenDone(runFleetService(config), log, "fleet host");
}
