/**
 * The gateway's front door, shared by `orbitwin serve gateway` and main.ts: `--port N` (or
 * ORBITWIN_DASHBOARD_PORT; 0 = a free one) and `--bind HOST` (or ORBITWIN_DASHBOARD_BIND). Plus the
 * flags every service takes (--nats, --run, --log-level).
 */
import {
  ServiceConfigError,
  commonServiceFlags,
  resolveCommonConfig,
  stringFlag,
  type CommonServiceConfig,
  type FlagValues,
  type ServiceEnv,
} from "@orbitwin/runtime";

export const gatewayServiceFlags = { ...commonServiceFlags, port: { type: "string" }, bind: { type: "string" } } as const;

export interface GatewayServiceConfig extends CommonServiceConfig {
  /** HTTP port; 0 = a free one. @default 8080 */
  readonly port: number;
  /** Address to listen on. @default 127.0.0.1 (the dashboard can pause the run and inject faults) */
  readonly host: string;
}

export function resolveGatewayServiceConfig(env: ServiceEnv, flags: FlagValues): GatewayServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const portFlag = stringFlag(flags, "port");
  const rawPort = portFlag ?? env.ORBITWIN_DASHBOARD_PORT ?? "8080";
  const port = Number(rawPort);
  if (rawPort.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new ServiceConfigError(`${portFlag === undefined ? "ORBITWIN_DASHBOARD_PORT" : "--port"} ${rawPort}: give a port number from 0 to 65535`);
  return Object.freeze({ ...common, port, host: stringFlag(flags, "bind") || env.ORBITWIN_DASHBOARD_BIND || "127.0.0.1" });
}
