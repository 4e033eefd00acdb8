#!/usr/bin/env node
/**
 * The gateway process: `orbitwin serve gateway [--port N] [--bind HOST]` or
 * `node services/gateway/dist/main.js` (configured by environment: NATS_URL, ORBITWIN_RUN,
 * ORBITWIN_DASHBOARD_PORT). Only wiring lives here.
 */
import { pathToFileURL } from "node:url";
import { connectNatsBus, createRootLogger, exitWhenDone, stopOnSignals, type Logger } from "@orbitwin/runtime";
import { Gateway } from "./gateway.js";

export interface GatewayServiceConfig {
  natsUrl: string;
  run: string;
  port?: number;
  host?: string;
  log: Logger;
  /** Called with the dashboard's URL once it listens. */
  onListening?: (url: string) => void;
}

export async function runGatewayService(config: GatewayServiceConfig): Promise<number> {
  const log = config.log.child({ svc: "gateway", run: config.run });
  const bus = await connectNatsBus({ url: config.natsUrl, name: `orbitwin-gateway-${config.run}`, log });
  const gateway = new Gateway({ bus, run: config.run, log, ...(config.port === undefined ? {} : { port: config.port }), ...(config.host ? { host: config.host } : {}) });
  const removeHandlers = stopOnSignals({ log, stop: () => gateway.stop() });
  try {
    await gateway.start();
    config.onListening?.(gateway.url);
    const err = await gateway.closed();
    return err ? 1 : 0;
  } finally {
    removeHandlers();
    await bus.drain();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const log = createRootLogger({ service: "gateway" });
  const port = Number(process.env.ORBITWIN_DASHBOARD_PORT ?? "0");
  exitWhenDone(runGatewayService({ natsUrl: process.env.NATS_URL || "nats://127.0.0.1:4222", run: process.env.ORBITWIN_RUN || "demo", port, log }), log, "gateway");
}
