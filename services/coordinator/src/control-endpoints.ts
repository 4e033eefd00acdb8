/**
 * The coordinator's run-control endpoints (`ctl.<verb>`). Status is answered at once; every other
 * verb is a command and goes through the run's durable operation log, answering once applied.
 */
import {
  emptyRequest,
  restoreRequest,
  speedRequest,
  stepRequest,
  subjects,
  type MessageDescriptor,
  type OperationVerb,
  type RunStatus,
  type WireError,
} from "@orbitwin/protocol";
import { inboundHandler, type Logger, type ServiceEndpoint } from "@orbitwin/runtime";

/** Appends a command to the operation log and resolves with its answer, or rejects with its error. */
export type SubmitOperation = (verb: OperationVerb, request: Record<string, unknown>, fault?: string) => Promise<unknown>;

export function controlEndpoints(
  run: string,
  status: () => RunStatus,
  submit: SubmitOperation,
  log: Logger,
  onRejected: (error: WireError, subject: string) => void,
): ServiceEndpoint[] {
  const endpoint = <T extends object>(
    name: "pause" | "resume" | "speed" | "step" | "stop" | "snapshot" | "restore",
    descriptor: MessageDescriptor<T>,
  ): ServiceEndpoint => ({
    name,
    subject: subjects.control(run, name),
    handler: inboundHandler({ descriptor, log, onRejected, onMessage: (req: T) => submit(name, req as Record<string, unknown>) }),
  });
  return [
    {
      name: "status",
      subject: subjects.control(run, "status"),
      handler: inboundHandler({ descriptor: emptyRequest, log, onRejected, onMessage: () => status() }),
    },
    endpoint("pause", emptyRequest),
    endpoint("resume", emptyRequest),
    endpoint("speed", speedRequest),
    endpoint("step", stepRequest),
    endpoint("stop", emptyRequest),
    endpoint("snapshot", emptyRequest),
    endpoint("restore", restoreRequest),
  ];
}
