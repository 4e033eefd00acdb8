/**
 * The thermal service's front door, shared by `orbitwin serve thermal` and main.ts: `--scenario
 * FILE` (or ORBITWIN_SCENARIO) names the scenario whose `thermal:` section is the policy; without
 * one, the built-in policy. Plus the flags every service takes (--nats, --run, --log-level).
 */
import {
  ServiceConfigError,
  commonServiceFlags,
  resolveCommonConfig,
  scenarioFrom,
  type CommonServiceConfig,
  type FlagValues,
  type ServiceEnv,
} from "@orbitwin/runtime";
import { resolveThermalPolicy, type ResolvedThermalPolicy } from "./thermal-policy.js";

export const thermalServiceFlags = { ...commonServiceFlags, scenario: { type: "string" } } as const;

export interface ThermalServiceConfig extends CommonServiceConfig {
  readonly policy: Readonly<ResolvedThermalPolicy>;
}

export function resolveThermalServiceConfig(env: ServiceEnv, flags: FlagValues): ThermalServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const file = scenarioFrom(env, flags);
  try {
    return Object.freeze({ ...common, policy: resolveThermalPolicy(file?.scenario.thermal) });
  } catch (err) {
    throw new ServiceConfigError(`the thermal policy of ${file ? "the scenario" : "the defaults"}: ${err instanceof Error ? err.message : String(err)}`, err);
  }
}
