export { FleetHost, type FleetHostOptions } from "./fleet-host.js";
export { ClusterActor, type ClusterStepSummary } from "./cluster-actor.js";
export { ClusterSubsystems } from "./cluster-subsystems.js";
export { runFleetService } from "./main.js";
export { threadHostId } from "./fleet-threads.js";
export { fleetServiceFlags, resolveFleetServiceConfig, type FleetServiceConfig } from "./service-config.js";
export { resolveBus } from "./bus-resolver.js";
