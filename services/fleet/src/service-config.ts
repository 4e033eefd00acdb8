/**
 * The fleet host's front door, shared by `orbitwin serve fleet` and main.ts: `--host ID` (or
 * ORBITWIN_HOST) names the host, unique in the run; without one, `<hostname>-<pid>`. `--threads
 * N` (ORBITWIN_FLEET_THREADS) is how many cores it uses: one host per worker thread. Plus the
 * flags every service takes (--nats, --run, --log-level).
 */
import { availableParallelism, hostname } from "node:os";
import { assertToken } from "@orbitwin/protocol";
import { ServiceConfigError, commonServiceFlags, resolveCommonConfig, type CommonServiceConfig, type FlagValues, type ServiceEnv } from "@orbitwin/runtime";

export const fleetServiceFlags = { ...commonServiceFlags, host: { type: "string" }, threads: { type: "string" } } as const;

/** More threads than this is a mistake, not a machine. */
const MAX_THREADS = 256;

export interface FleetServiceConfig extends CommonServiceConfig {
  /** --host, ORBITWIN_HOST. @default `<hostname>-<pid>` made into a token */
  readonly hostId: string;
  /** cores to use, one fleet host per worker thread. --threads, ORBITWIN_FLEET_THREADS. @default the machine's cores */
  readonly threads: number;
}

function defaultHostId(): string {
  const base =
    hostname()
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+/, "")
      .slice(0, 40) || "host";
  return `${base}-${process.pid}`;
}

export function resolveFleetServiceConfig(env: ServiceEnv, flags: FlagValues): FleetServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const flag = typeof flags.host === "string" ? flags.host : undefined;
  const from = flag ? "--host" : env.ORBITWIN_HOST ? "ORBITWIN_HOST" : "the default host id";
  let hostId: string;
  try {
    hostId = assertToken(flag || env.ORBITWIN_HOST || defaultHostId(), from);
  } catch (err) {
    throw new ServiceConfigError(err instanceof Error ? err.message : String(err), err);
  }
  return Object.freeze({ ...common, hostId, threads: threadsFrom(env, flags) });
}

function threadsFrom(env: ServiceEnv, flags: FlagValues): number {
  const flag = typeof flags.threads === "string" ? flags.threads : undefined;
  const text = flag ?? env.ORBITWIN_FLEET_THREADS;
  if (text === undefined || text === "") return availableParallelism();
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new ServiceConfigError(
      `${flag === undefined ? "ORBITWIN_FLEET_THREADS" : "--threads"} ${text}: give a whole number of threads from 1 to ${MAX_THREADS}`,
    );
  }
  return threads;
}
