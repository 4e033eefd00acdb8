export * from "./bus/bus.js";
export * from "./errors.js";
export * from "./lifecycle.js";
export * from "./log.js";
export * from "./wall-clock.js";
export * from "./state-digest.js";
export * from "./inbound.js";
export * from "./process-signals.js";
export * from "./bus/subject-match.js";
export { LocalBus, type LocalBusOptions } from "./bus/local-bus.js";
export { connectNatsBus, NatsBus, type NatsBusOptions } from "./bus/nats-bus.js";
export { NatsWorkQueue, type WorkItem, type WorkQueueOptions } from "./bus/nats-work-queue.js";
export { NatsStoreAdmin, type StoreInfo } from "./bus/nats-store-admin.js";
export { isPermissionDenied, permissionDenied } from "./security/permission-denied.js";
export { spawnNatsServer, findNatsServerBinary, type SpawnNatsServerOptions, type SpawnedNatsServer } from "./nats-server.js";
export * from "./checkpoint-store.js";
export * from "./tick-gate.js";
export { TcpChaosProxy, type LinkConditions, type ProxyStats, type TcpChaosProxyOptions } from "./tcp-chaos-proxy.js";
export { ParticipantRunner, type ParticipantRunnerOptions } from "./participant/participant-runner.js";
export type { ClusterDefinitions, DecisionContext, ParticipantEvent, ParticipantLogic, RestoreContext, TickDecision } from "./participant/participant-logic.js";
export { readClusterDefinitions } from "./participant/cluster-definitions.js";
export { ClusterIdBook } from "./cluster-ids.js";
export {
  runService,
  serviceMain,
  serviceRootLogger,
  isMainModule,
  type RunServiceOptions,
  type ServiceContext,
  type ServiceMainOptions,
} from "./service/run-service.js";
export { historyFlags, parseDurationFlag, parseHistoryFlags, parsePositiveIntFlag, parseSpeedFlag } from "./service/flag-parsers.js";
export {
  resolveCommonConfig,
  parseServiceArgs,
  scenarioFrom,
  stringFlag,
  commonServiceFlags,
  ServiceConfigError,
  type CommonServiceConfig,
  type ScenarioFile,
  type ServiceEnv,
  type FlagValues,
  type FlagSpecs,
} from "./service/service-config.js";
export { EventTime, type SimTime } from "./participant/event-time.js";
export {
  PersonRoles,
  Roles,
  ServiceRoles,
  inboxPrefix,
  rolePermissions,
  roleUsers,
  type Permissions,
  type Role,
  type RoleUser,
  type RoleUsersOptions,
  type ServiceParticipant,
} from "./security/roles.js";
export { readCredentialsFile, writeCredentialsFile, writeNkeyCredentials, type NatsCredentials } from "./security/credentials.js";
export { nkeyEnvOf, renderAuthConf, type AuthConfUser, type Credential } from "./security/auth-conf.js";
export { DEPLOY_NATS_HOSTS, writeDeploySecrets, type DeploySecrets, type DeploySecretsOptions } from "./security/deploy-secrets.js";
export { deployAuthConfs, renderDeployAuthConf, type DeployAuthConf } from "./security/deploy-auth.js";
export { prepareSecureNats, type SecureNats, type SecureNatsOptions } from "./security/secure-nats.js";
