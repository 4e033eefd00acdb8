/** The scheduler's configuration from the scenario's `scheduler:` section, resolved once. */
import type { PlacementPolicyName, RunLimits, SchedulerSection } from "@orbitwin/protocol";
import { ArrivalProcesses } from "./arrivals.js";
import { placementPolicy } from "./placement-policy.js";
import { SchedulerCore } from "./scheduler-core.js";

/** Default inter-satellite link, Gbit/s: a single commercial optical terminal (100 Gbit/s class). */
export const DEFAULT_ISL_GBPS = 100;

export interface SchedulerOptions {
  /** the scenario's section; undefined = defaults, no arrivals */
  section?: SchedulerSection | undefined;
  /** the scenario's seed, for the arrivals */
  seed: number;
  /** overrides the section's policy (`--policy`) */
  policy?: PlacementPolicyName | undefined;
  /** the scenario's admission limits (jobsQueued, jobsPerSubmit); @default DEFAULT_RUN_LIMITS's */
  limits?: RunLimits | undefined;
}

export function createSchedulerCore(options: SchedulerOptions): SchedulerCore {
  const section = options.section ?? {};
  const arrivals = section.arrivals && section.arrivals.length > 0 ? new ArrivalProcesses(section.arrivals, options.seed) : undefined;
  return new SchedulerCore({
    policy: placementPolicy(options.policy ?? section.policy ?? "energy-aware", section.energyAware),
    islGbps: section.islGbps ?? DEFAULT_ISL_GBPS,
    ...(arrivals ? { arrivals } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
}
