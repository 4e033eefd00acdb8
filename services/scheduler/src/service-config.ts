/**
 * The scheduler's front door, shared by `orbitwin serve scheduler` and main.ts: `--scenario FILE`
 * (or ORBITWIN_SCENARIO) names the scenario whose `scheduler:` section (policy, arrivals) and seed
 * it uses; `--policy P` (or ORBITWIN_POLICY) overrides the section's policy. Without a scenario:
 * energy-aware, no arrivals, seed 0. Plus the flags every service takes (--nats, --run, --log-level).
 */
import { PlacementPolicies, type PlacementPolicyName, type RunLimits, type SchedulerSection } from "@orbitwin/protocol";
import {
  ServiceConfigError,
  commonServiceFlags,
  resolveCommonConfig,
  scenarioFrom,
  stringFlag,
  type CommonServiceConfig,
  type FlagValues,
  type ServiceEnv,
} from "@orbitwin/runtime";

export const schedulerServiceFlags = { ...commonServiceFlags, scenario: { type: "string" }, policy: { type: "string" } } as const;

export interface SchedulerServiceConfig extends CommonServiceConfig {
  readonly section: SchedulerSection | undefined;
  /** the scenario's seed: it keys the job arrivals */
  readonly seed: number;
  readonly policy: PlacementPolicyName | undefined;
  /** the scenario's admission limits; undefined without a scenario (the defaults) */
  readonly limits: RunLimits | undefined;
}

export function resolveSchedulerServiceConfig(env: ServiceEnv, flags: FlagValues): SchedulerServiceConfig {
  const common = resolveCommonConfig(env, flags);
  const scenario = scenarioFrom(env, flags)?.scenario;
  const flag = stringFlag(flags, "policy");
  const policy = flag ?? env.ORBITWIN_POLICY;
  if (policy !== undefined && !(PlacementPolicies as readonly string[]).includes(policy))
    throw new ServiceConfigError(`${flag ? "--policy" : "ORBITWIN_POLICY"} ${policy}: give ${PlacementPolicies.join(" or ")}`);
  return Object.freeze({
    ...common,
    section: scenario?.scheduler,
    seed: scenario?.seed ?? 0,
    policy: policy as PlacementPolicyName | undefined,
    limits: scenario?.limits,
  });
}
