/**
 * The fleet host's front door, shared by `orbitwin serve fleet` and main.ts: `--host ID` (or
 * ORBITWIN_HOST) names the host, unique in the run; without one, `<hostname>-<pid>`. Plus the
 * flags every service takes (--nats, --run, --log-level).
 */
import { hostname } from "node:os";
import { assertToken } from "@orbitwin/protocol";
import { ServiceConfigError, commonServiceFlags, resolveCommonConfig, type CommonServiceConfig, type FlagValues, type ServiceEnv } from "@orbitwin/runtime";

export const fleetServiceFlags = { ...commonServiceFlags, host: { type: "string" } } as const;

export interface FleetServiceConfig extends CommonServiceConfig {
  /** --host, ORBITWIN_HOST. @default `<hostname>-<pid>` made into a token */
  readonly hostId: string;
}

function defaultHostId(): string {
  const base = hostname().toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+/, "").slice(0, 40) || "host";
  return `${base}-${process.pid}`;
}

export function resolveFleetServiceConfig(env: ServiceEnv, flags: FlagValues): FleetServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const flag = typeof flags.host === "string" ? flags.host : undefined;
  const from = flag ? "--host" : env.ORBITWIN_HOST ? "ORBITWIN_HOST" : "the default host id";
  try {
    return Object.freeze({ ...common, hostId: assertToken(flag || env.ORBITWIN_HOST || defaultHostId(), from) });
  } catch (err) {
    throw new ServiceConfigError(err instanceof Error ? err.message : String(err), err);
  }
}
