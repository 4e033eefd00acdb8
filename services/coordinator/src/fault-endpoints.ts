/** Operators' fault endpoints: `inject.<fault>` and `svc.faults.list` / `svc.faults.clear`. */
import { emptyRequest, faultClearRequest, injectRequest, subjects, type FaultRecord, type WireError } from "@orbitwin/protocol";
import { inboundHandler, type Logger, type ServiceEndpoint } from "@orbitwin/runtime";
import type { FaultBook } from "./fault-book.js";

export function faultEndpoints(run: string, book: FaultBook, nextTick: () => number, log: Logger, onRejected: (error: WireError, subject: string) => void, onInjected: (f: FaultRecord) => void): ServiceEndpoint[] {
  return [
    {
      name: "inject",
      subject: subjects.allInjects(run),
      handler: inboundHandler({
        descriptor: injectRequest,
        log,
        onRejected,
        onMessage: (r, msg) => {
          const record = book.inject(msg.subject.slice(msg.subject.lastIndexOf(".") + 1), r, nextTick(), "operator");
          onInjected(record);
          return record;
        },
      }),
    },
    { name: "faults-list", subject: subjects.serviceEndpoint(run, "faults", "list"), handler: inboundHandler({ descriptor: emptyRequest, log, onRejected, onMessage: () => ({ faults: book.list() }) }) },
    { name: "faults-clear", subject: subjects.serviceEndpoint(run, "faults", "clear"), handler: inboundHandler({ descriptor: faultClearRequest, log, onRejected, onMessage: (r) => book.clear(r.id, nextTick()) }) },
  ];
}
