/**
 * The public face of @orbitwin/protocol: what the other packages, services, tests and tools use.
 * A name is added here when something outside the package needs it (docs/PROTOCOL.md explains
 * the protocol itself); everything else stays inside the package.
 */
export {
  assertToken,
  buckets,
  ControlVerbs,
  Families,
  parseRunStoreName,
  registryKeys,
  STUDY_WORKERS_CONSUMER,
  streams,
  subjects,
  type ControlVerb,
  type RunStoreName,
} from "./subjects.js";
export { ErrorCodes, InvalidMessageError, InvalidScenarioError, MessageTooLargeError, OrbitwinError, asError, toWireError, type WireError } from "./errors.js";
export { decodeUntrusted, defaultDecodeLimits, encodeMessage } from "./codec.js";
export { transientCopy } from "./byte-pool.js";
export { PAYLOAD_LIMIT_BYTES, SMALLEST_PAYLOAD_LIMIT_BYTES, payloadLimitBytes, subjectFamily } from "./payload-limits.js";
export { type MessageDescriptor, type SubjectBuilder } from "./descriptor.js";
export { allMessages, codecForSubject, decodeAs, decodeOnSubject, messageOn, subjectShape } from "./message-routes.js";
export {
  MAX_SCENARIO_SATELLITES,
  parseDurationMs,
  parseScenario,
  PlacementPolicies,
  scenarioToFile,
  validateScenario,
  type HistoryConfig,
  type JobArrival,
  type PlacementPolicyName,
  type Scenario,
  type SchedulerSection,
  type ThermalPolicy,
} from "./scenario.js";
export { MAX_NEIGHBOUR_SATELLITES, type DebrisWatchConfig, type NeighbourShell } from "./scenario-debris.js";
export { DEFAULT_STORAGE, checkpointsMaxBytes, clustersMaxBytes, type StorageConfig } from "./scenario-storage.js";
export {
  DEFAULT_RUN_LIMITS,
  limitExceeded,
  MAX_JOBS_PER_SUBMIT,
  MAX_JOBS_QUEUED,
  MAX_TICK_FAULT_BYTES,
  MAX_TICK_FAULTS,
  resolveRunLimits,
  type RunLimits,
} from "./run-limits.js";
export { type ReplyOf } from "./messages/reply.js";
export {
  clockDone,
  clockRestore,
  clockRestored,
  clockTick,
  participantHeartbeat,
  type ClockDone,
  type ClockRestore,
  type ClockRestored,
  type ClockTick,
  type ClusterDigest,
  type ManeuverFailure,
  type ParticipantHeartbeat,
} from "./messages/clock.js";
export { hostAssign, hostAssignReply, hostHeartbeat, type HostAssign, type HostHeartbeat } from "./messages/membership.js";
export {
  decodeEvent,
  EventOwners,
  EventPublishers,
  eventKindsOf,
  eventOwnerProblem,
  isParticipantKind,
  ParticipantKinds,
  publisherOf,
  type EventPublisher,
  type ParticipantKind,
} from "./publishers.js";
export {
  CLUSTER_TELEMETRY_VERSION,
  clusterTelemetry,
  fleetTelemetry,
  Health,
  HealthNames,
  satelliteTelemetry,
  SatStatus,
  SatStatusNames,
  watchRequest,
  type ClusterTelemetry,
  type ClusterTelemetryV3,
  type FleetTelemetry,
  type HealthName,
  type SatelliteTelemetry,
} from "./messages/telemetry.js";
export { emptyRequest, runStatusReply, speedRequest, stepRequest, type RunStatus } from "./messages/control.js";
export {
  eventData,
  EventKinds,
  eventMessage,
  isEventKind,
  orbitwinEvent,
  raisedEvent,
  type EventData,
  type EventKind,
  type OrbitwinEvent,
  type RaisedEvent,
  type Severity,
} from "./messages/events.js";
export {
  clusterDefinition,
  clusterDefinitionOf,
  clusterDefinitionProblems,
  ELEMENT_COLUMNS,
  elementColumns,
  elementsAtSlot,
  type ClusterDefinition,
} from "./messages/cluster.js";
export { binToFloat32, binToFloat64, binToUint16, binToUint8, float32ToBin, float64ToBin, uint16ToBin } from "./columns.js";
export {
  clusterTelemetryProblems,
  isScalarColumn,
  READING_COLUMNS,
  SCALAR_COLUMNS,
  telemetryColumn,
  telemetryVectors,
  type OrbitValues,
  type ReadingColumn,
  type ScalarColumn,
} from "./telemetry-columns.js";
export { addSubsystemTotals, emptySubsystemTotals, type SubsystemTotals } from "./messages/subsystems.js";
export { clusterCommand, clusterCommandReply, type ClusterCommand, type SatelliteCommand } from "./messages/commands.js";
export { marginsRequest, type ThermalStatus } from "./messages/thermal.js";
export {
  conjunctionListReply,
  conjunctionListRequest,
  conjunctionShowReply,
  conjunctionShowRequest,
  ConjunctionStatuses,
  debrisWatchStatusReply,
  type Conjunction,
  type ConjunctionStatus,
  type DebrisWatchStatus,
} from "./messages/debris.js";
export {
  faultClearRequest,
  FaultKinds,
  faultListReply,
  faultReply,
  injectRequest,
  SensorFields,
  type FaultActivation,
  type FaultKind,
  type FaultRecord,
  type InjectRequest,
  type ScenarioFault,
} from "./messages/faults.js";
export {
  jobListReply,
  jobListRequest,
  MAX_JOBS_PER_PAGE,
  jobShowReply,
  jobShowRequest,
  JobStates,
  jobSubmit,
  jobSubmitReply,
  schedulerMetrics,
  schedulerStatusReply,
  type JobDetail,
  type JobKind,
  type JobSpec,
  type JobState,
  type JobSummary,
  type LatencyClass,
  type SchedulerStatus,
} from "./messages/jobs.js";
export { parseJobFile } from "./job-file.js";
export {
  operation,
  operationResult,
  OperationVerbs,
  restoreRequest,
  type Operation,
  type OperationResult,
  type OperationVerb,
  type SnapshotResult,
} from "./messages/operations.js";
export { forkScenario, rebaseScenarioPaths } from "./scenario-patch.js";
export { declaredSatellites, type BusChoice, type ConstellationSpec } from "./scenario-constellations.js";
export {
  studyVariantResult,
  studyVariantStarted,
  studyVariantWork,
  type StudyRunObservations,
  type StudyVariantResult,
  type StudyVariantStarted,
  type StudyVariantWork,
} from "./messages/study.js";
