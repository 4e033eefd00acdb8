/** Operators' fault endpoints: `inject.<fault>` and `svc.faults.clear` (commands, through the operation log), `svc.faults.list`. */
import { emptyRequest, faultClearRequest, injectRequest, subjects, type FaultRecord, type WireError } from "@orbitwin/protocol";
import { inboundHandler, type Logger, type ServiceEndpoint } from "@orbitwin/runtime";
import type { SubmitOperation } from "./control-endpoints.js";

export function faultEndpoints(
  run: string,
  list: () => FaultRecord[],
  submit: SubmitOperation,
  log: Logger,
  onRejected: (error: WireError, subject: string) => void,
): ServiceEndpoint[] {
  return [
    {
      name: "inject",
      subject: subjects.allInjects(run),
      handler: inboundHandler({
        descriptor: injectRequest,
        log,
        onRejected,
        onMessage: (r, msg) => submit("inject", r as Record<string, unknown>, msg.subject.slice(msg.subject.lastIndexOf(".") + 1)),
      }),
    },
    {
      name: "faults-list",
      subject: subjects.serviceEndpoint(run, "faults", "list"),
      handler: inboundHandler({ descriptor: emptyRequest, log, onRejected, onMessage: () => ({ faults: list() }) }),
    },
    {
      name: "faults-clear",
      subject: subjects.serviceEndpoint(run, "faults", "clear"),
      handler: inboundHandler({ descriptor: faultClearRequest, log, onRejected, onMessage: (r) => submit("clear-fault", r) }),
    },
  ];
}
