/**
 * The gateway's front door, shared by `orbitwin serve gateway` and main.ts: `--port N` (or
 * ORBITWIN_DASHBOARD_PORT; 0 = a free one), `--bind HOST` (or ORBITWIN_DASHBOARD_BIND),
 * `--allow-host host:port,...` (or ORBITWIN_DASHBOARD_ALLOW_HOSTS: names a proxy or LAN serves it
 * under), `--max-clients N` (or ORBITWIN_DASHBOARD_MAX_CLIENTS). The operator token comes only
 * from ORBITWIN_GATEWAY_TOKEN, never a flag (flags show in every process listing). Plus the flags
 * every service takes (--nats, --run, --log-level).
 */
import {
  ServiceConfigError,
  commonServiceFlags,
  parsePositiveIntFlag,
  resolveCommonConfig,
  stringFlag,
  type CommonServiceConfig,
  type FlagValues,
  type ServiceEnv,
} from "@orbitwin/runtime";

export const gatewayServiceFlags = {
  ...commonServiceFlags,
  port: { type: "string" },
  bind: { type: "string" },
  "allow-host": { type: "string" },
  "max-clients": { type: "string" },
} as const;

/** Shortest operator token accepted, characters (`orbitwin up` makes 32). */
export const MIN_TOKEN_CHARS = 16;

export interface GatewayServiceConfig extends CommonServiceConfig {
  /** HTTP port; 0 = a free one. @default 8080 */
  readonly port: number;
  /** Address to listen on. @default 127.0.0.1 (the dashboard can pause the run and inject faults) */
  readonly host: string;
  /** The operator token; undefined = control and injection off. @default undefined */
  readonly operatorToken: string | undefined;
  /** More host:port names requests may use. @default none */
  readonly allowHosts: readonly string[];
  /** Dashboard streams open at once. @default 32 */
  readonly maxClients: number;
}

export function resolveGatewayServiceConfig(env: ServiceEnv, flags: FlagValues): GatewayServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const portFlag = stringFlag(flags, "port");
  const rawPort = portFlag ?? env.ORBITWIN_DASHBOARD_PORT ?? "8080";
  const port = Number(rawPort);
  if (rawPort.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new ServiceConfigError(`${portFlag === undefined ? "ORBITWIN_DASHBOARD_PORT" : "--port"} ${rawPort}: give a port number from 0 to 65535`);
  const token = env.ORBITWIN_GATEWAY_TOKEN || undefined;
  if (token !== undefined && (token.length < MIN_TOKEN_CHARS || /\s/.test(token)))
    throw new ServiceConfigError(`ORBITWIN_GATEWAY_TOKEN: give at least ${MIN_TOKEN_CHARS} characters without spaces (orbitwin up makes one per run)`);
  const hostsFlag = stringFlag(flags, "allow-host");
  const allowHosts = (hostsFlag ?? env.ORBITWIN_DASHBOARD_ALLOW_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (const h of allowHosts)
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(h))
      throw new ServiceConfigError(
        `${hostsFlag === undefined ? "ORBITWIN_DASHBOARD_ALLOW_HOSTS" : "--allow-host"} ${h}: give host:port names, comma-separated`,
      );
  const clientsFlag = stringFlag(flags, "max-clients");
  const rawClients = clientsFlag ?? env.ORBITWIN_DASHBOARD_MAX_CLIENTS;
  const maxClients =
    rawClients === undefined ? 32 : parsePositiveIntFlag(rawClients, clientsFlag === undefined ? "ORBITWIN_DASHBOARD_MAX_CLIENTS" : "--max-clients", 1000);
  return Object.freeze({
    ...common,
    port,
    host: stringFlag(flags, "bind") || env.ORBITWIN_DASHBOARD_BIND || "127.0.0.1",
    operatorToken: token,
    allowHosts,
    maxClients,
  });
}
