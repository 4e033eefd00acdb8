/**
 * The coordinator's front door, shared by `orbitwin serve coordinator` and main.ts. Each flag has
 * an environment variable (in parentheses); a flag wins over its variable:
 * `--scenario FILE` (ORBITWIN_SCENARIO, required), `--speed X|max` (ORBITWIN_SPEED), `--until D|forever`
 * (ORBITWIN_UNTIL), `--min-hosts N` (ORBITWIN_MIN_HOSTS), `--require IDS` (ORBITWIN_REQUIRE),
 * `--paused`, `--standby` (ORBITWIN_STANDBY=1), `--resume` (ORBITWIN_RESUME=1), `--sample-every N`,
 * `--history-max-age D`, plus the flags every service takes (--nats, --run, --log-level).
 */
import { resolve } from "node:path";
import { assertToken, type HistoryConfig } from "@orbitwin/protocol";
import {
  ServiceConfigError,
  commonServiceFlags,
  historyFlags,
  parseDurationFlag,
  parseHistoryFlags,
  parsePositiveIntFlag,
  parseSpeedFlag,
  resolveCommonConfig,
  stringFlag,
  type CommonServiceConfig,
  type FlagValues,
  type ServiceEnv,
} from "@orbitwin/runtime";

export const coordinatorServiceFlags = {
  ...commonServiceFlags,
  scenario: { type: "string" },
  speed: { type: "string" },
  until: { type: "string" },
  "min-hosts": { type: "string" },
  require: { type: "string" },
  paused: { type: "boolean" },
  standby: { type: "boolean" },
  resume: { type: "boolean" },
  ...historyFlags,
} as const;

export interface CoordinatorServiceConfig extends CommonServiceConfig {
  /** absolute path of the scenario file */
  readonly scenarioPath: string;
  /** x wall clock, null = as fast as possible, undefined = the scenario's */
  readonly speed?: number | null;
  /** simulated time to run, null = open-ended, undefined = the scenario's duration */
  readonly durationMs?: number | null;
  /** fleet hosts to wait for before the first tick. @default 1 */
  readonly minHosts?: number;
  /** clock participants to wait for before the first tick (e.g. thermal) */
  readonly requiredParticipants?: readonly string[];
  readonly startPaused?: boolean;
  /** Wait for the lease and take over a run already under way (from its newest checkpoint). */
  readonly standby?: boolean;
  /** Continue a run with this id from its newest checkpoint instead of starting it afresh. */
  readonly resume?: boolean;
  /** Overrides of the scenario's history retention. */
  readonly history?: Partial<HistoryConfig>;
}

export function resolveCoordinatorServiceConfig(env: ServiceEnv, flags: FlagValues): CoordinatorServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const scenarioPath = stringFlag(flags, "scenario") ?? env.ORBITWIN_SCENARIO;
  if (!scenarioPath) throw new ServiceConfigError("the coordinator needs a scenario: --scenario FILE or ORBITWIN_SCENARIO");
  const pick = (flag: string, variable: string) => {
    const value = stringFlag(flags, flag);
    if (value !== undefined) return { value, name: `--${flag}` };
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === "" ? undefined : { value: fromEnv, name: variable };
  };
  const speed = pick("speed", "ORBITWIN_SPEED");
  const until = pick("until", "ORBITWIN_UNTIL");
  const minHosts = pick("min-hosts", "ORBITWIN_MIN_HOSTS");
  const required = pick("require", "ORBITWIN_REQUIRE");
  const history = parseHistoryFlags(flags);
  const onOff = (flag: string, variable: string) => flags[flag] === true || env[variable] === "1" || env[variable] === "true";
  const tokens = (raw: string, name: string) => {
    try {
      return raw.split(",").map((p) => assertToken(p.trim(), name));
    } catch (err) {
      throw new ServiceConfigError(err instanceof Error ? err.message : String(err), err);
    }
  };
  return Object.freeze({
    ...common,
    scenarioPath: resolve(scenarioPath),
    ...(speed ? { speed: parseSpeedFlag(speed.value, speed.name) } : {}),
    ...(until ? { durationMs: until.value === "forever" ? null : parseDurationFlag(until.value, until.name) } : {}),
    ...(minHosts ? { minHosts: parsePositiveIntFlag(minHosts.value, minHosts.name, 10_000) } : {}),
    ...(required ? { requiredParticipants: tokens(required.value, required.name) } : {}),
    ...(flags.paused === true ? { startPaused: true } : {}),
    ...(onOff("standby", "ORBITWIN_STANDBY") ? { standby: true } : {}),
    ...(onOff("resume", "ORBITWIN_RESUME") ? { resume: true } : {}),
    ...(history ? { history } : {}),
  });
}
