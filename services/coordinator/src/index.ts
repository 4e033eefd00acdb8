export { Coordinator, type CoordinatorCheckpoint, type CoordinatorOptions, type RunResult } from "./coordinator.js";
export { clusterDefinitions, expandScenario, type ExpansionOptions } from "./scenario-expansion.js";
export { assignClusters, movedClusters, type Assignment, type ClusterLoad } from "./assignment.js";
export { checkScenarioFile, loadScenarioFile, type CheckedScenario, type LoadedScenario } from "./scenario-loader.js";
export { runCoordinatorService, type CoordinatorServiceConfig } from "./main.js";
