export { FleetHost, type FleetHostOptions } from "./fleet-host.js";
export { ClusterActor, type ClusterStepSummary } from "./cluster-actor.js";
export { ClusterSubsystems } from "./cluster-subsystems.js";
export { runFleetService } from "./main.js";
export { FLEET_HOST_HEAP_FLAG, threadHostId } from "./fleet-threads.js";
export { fleetServiceFlags, resolveFleetServiceConfig, type FleetServiceConfig } from "./service-config.js";
export { resolveBus } from "./bus-resolver.js";
