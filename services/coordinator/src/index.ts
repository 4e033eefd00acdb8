export { Coordinator } from "./coordinator.js";
export type { CoordinatorOptions } from "./coordinator-options.js";
export type { RunResult } from "./run-executor.js";
export type { CoordinatorCheckpoint } from "./checkpoint-recorder.js";
export { clusterDefinitions, expandScenario, type ExpansionOptions } from "./scenario-expansion.js";
export { assignClusters, movedClusters, type Assignment, type ClusterLoad } from "./assignment.js";
export { checkScenarioFile, loadScenarioFile, type CheckedScenario, type LoadedScenario } from "./scenario-loader.js";
export { runCoordinatorService } from "./main.js";
export { coordinatorServiceFlags, resolveCoordinatorServiceConfig, type CoordinatorServiceConfig } from "./service-config.js";
