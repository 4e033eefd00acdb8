export { SchedulerService, type SchedulerServiceOptions } from "./scheduler-service.js";
export { schedulerLogic, type SchedulerState, type SchedulerSnapshot } from "./scheduler-logic.js";
export { SchedulerCore, type SchedulerCoreOptions, type TickDecision, type JobEvent } from "./scheduler-core.js";
export { ClusterView } from "./cluster-view.js";
export { createSchedulerCore, DEFAULT_ISL_GBPS, type SchedulerOptions } from "./scheduler-config.js";
export { firstFitPolicy, energyAwarePolicy, placementPolicy, type PlacementPolicy, type EnergyAwareOptions } from "./placement-policy.js";
export { runSchedulerService } from "./main.js";
export { resolveSchedulerServiceConfig, schedulerServiceFlags, type SchedulerServiceConfig } from "./service-config.js";
