/**
 * debris-watch's front door, shared by `orbitwin serve debris-watch` and main.ts: `--scenario
 * FILE` (or ORBITWIN_SCENARIO, required) names the scenario whose `debris:` section says what to
 * screen and how; catalog files are read relative to it. Plus the flags every service takes
 * (--nats, --run, --log-level).
 */
import type { DebrisWatchConfig } from "@orbitwin/protocol";
import {
  ServiceConfigError,
  commonServiceFlags,
  resolveCommonConfig,
  scenarioFrom,
  type CommonServiceConfig,
  type FlagValues,
  type ServiceEnv,
} from "@orbitwin/runtime";

export const debrisWatchServiceFlags = { ...commonServiceFlags, scenario: { type: "string" } } as const;

export interface DebrisWatchServiceConfig extends CommonServiceConfig {
  /** the scenario's `debris:` section */
  readonly debris: DebrisWatchConfig | undefined;
  readonly seed: number;
  readonly epochMs: number;
  /** the scenario's folder: catalog file names are relative to it */
  readonly baseDir: string;
}

export function resolveDebrisWatchServiceConfig(env: ServiceEnv, flags: FlagValues): DebrisWatchServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const file = scenarioFrom(env, flags);
  if (!file) throw new ServiceConfigError("debris-watch needs --scenario FILE (or ORBITWIN_SCENARIO): its debris: section and catalog files");
  return Object.freeze({ ...common, debris: file.scenario.debris, seed: file.scenario.seed, epochMs: file.scenario.epochMs, baseDir: file.baseDir });
}
