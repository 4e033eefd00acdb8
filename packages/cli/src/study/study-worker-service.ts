/**
 * `orbitwin serve study-worker`: one study worker on its own process, for as many machines as
 * wanted. Flags: the common ones (--nats, --log-level; --run is not used) and --ack-wait.
 */
import {
  ServiceConfigError,
  commonServiceFlags,
  parseDurationFlag,
  resolveCommonConfig,
  runService,
  NatsBus,
  type CommonServiceConfig,
  type FlagValues,
  type Logger,
  type ServiceEnv,
} from "@orbitwin/runtime";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { StudyWorker } from "./study-worker.js";

export const studyWorkerServiceFlags = { ...commonServiceFlags, "ack-wait": { type: "string" } } as const;

export interface StudyWorkerServiceConfig extends CommonServiceConfig {
  /** Wall time a variant may go without a heartbeat before another worker takes it, ms. */
  readonly ackWaitMs: number;
}

export function resolveStudyWorkerServiceConfig(env: ServiceEnv, flags: FlagValues): StudyWorkerServiceConfig {
  const common = resolveCommonConfig(env, { ...flags, run: "study-worker" });
  const raw = typeof flags["ack-wait"] === "string" ? flags["ack-wait"] : env.ORBITWIN_STUDY_ACK_WAIT;
  const ackWaitMs = raw === undefined ? 30_000 : parseDurationFlag(raw, "--ack-wait");
  if (!(ackWaitMs >= 1000)) throw new ServiceConfigError(`--ack-wait ${raw}: give at least 1s, e.g. 30s`);
  return Object.freeze({ ...common, ackWaitMs });
}

export function runStudyWorkerService(config: StudyWorkerServiceConfig, log: Logger): Promise<number> {
  return runService({
    service: "study-worker",
    config,
    log,
    build: ({ bus, log: serviceLog }) => {
      if (!(bus instanceof NatsBus))
        throw new OrbitwinError(ErrorCodes.invalidState, "a study worker takes variants from a JetStream work queue: it needs NATS");
      return new StudyWorker({ bus, log: serviceLog, ackWaitMs: config.ackWaitMs });
    },
  });
}
