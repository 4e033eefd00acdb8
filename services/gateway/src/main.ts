#!/usr/bin/env node
/**
 * The gateway process (the web dashboard): `orbitwin serve gateway [flags]`, or
 * `node services/gateway/dist/main.js` with the same flags or their environment variables
 * (service-config.ts). Only wiring lives here.
 */
import { isMainModule, runService, serviceMain, type Logger } from "@orbitwin/runtime";
import { Gateway } from "./gateway.js";
import { gatewayServiceFlags, resolveGatewayServiceConfig, type GatewayServiceConfig } from "./service-config.js";

/** Runs the gateway until a signal stops it; resolves with the process exit code. */
export function runGatewayService(config: GatewayServiceConfig, log?: Logger): Promise<number> {
  return runService({
    service: "gateway",
    config,
    ...(log ? { log } : {}),
    build: ({ bus, log }) =>
      new Gateway({
        bus,
        run: config.run,
        log,
        port: config.port,
        host: config.host,
        operatorToken: config.operatorToken,
        allowHosts: config.allowHosts,
        stream: { maxClients: config.maxClients },
      }),
  });
}

if (isMainModule(import.meta.url))
  serviceMain({ service: "gateway", flags: gatewayServiceFlags, resolve: resolveGatewayServiceConfig, run: runGatewayService });
