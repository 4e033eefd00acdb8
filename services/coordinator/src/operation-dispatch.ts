/**
 * What each operator command does to the run: the command log hands a verb and its request here,
 * first when it is new (validated, decided, applied) and again when a resumed coordinator replays
 * the decisions recorded after its checkpoint (the same decision again, never a new one).
 */
import {
  ErrorCodes,
  OrbitwinError,
  faultClearRequest,
  injectRequest,
  restoreRequest,
  speedRequest,
  stepRequest,
  type FaultRecord,
  type Operation,
  type OperationResult,
  type OperationVerb,
  type RunStatus,
  type SnapshotResult,
  type WireError,
} from "@orbitwin/protocol";
import type { Logger } from "@orbitwin/runtime";
import type { FaultBook } from "./fault-book.js";
import type { OperationApplier } from "./operation-log.js";

/** The run controls a command reaches; each throws an OrbitwinError to refuse, changing nothing. */
export interface RunControls {
  pause(): void;
  resume(): void;
  setSpeed(speed: number | null): void;
  step(ticks: number): void;
  stopRun(): void;
  status(): RunStatus;
  /** Takes a checkpoint at the next open tick. */
  snapshot(): SnapshotResult;
  /** Sends every participant back to the complete checkpoint of `tick`. */
  restore(tick: number): Promise<{ tick: number; from: number }>;
  /** Ends the run at `tick` (a recorded stop, replayed). */
  stopAt(tick: number): void;
  /** The first tick not yet announced: a command decided now takes effect there. */
  nextOpenTick(): number;
}

export function operationDispatch(options: {
  controls: RunControls;
  faults: FaultBook;
  log: Logger;
  onRejected: (error: WireError, subject: string) => void;
}): OperationApplier {
  const { controls, faults, log } = options;

  const apply = (verb: OperationVerb, op: Operation): unknown => {
    const what = `${verb} request`;
    switch (verb) {
      case "pause":
        controls.pause();
        return controls.status();
      case "resume":
        controls.resume();
        return controls.status();
      case "speed": {
        const r = speedRequest.validate(op.request, what);
        controls.setSpeed(r.speed === "max" ? null : r.speed);
        return controls.status();
      }
      case "step":
        controls.step(stepRequest.validate(op.request, what).ticks);
        return controls.status();
      case "stop":
        controls.stopRun();
        return controls.status();
      case "snapshot":
        return controls.snapshot();
      case "restore":
        return controls.restore(restoreRequest.validate(op.request, what).tick);
      case "inject": {
        if (op.fault === undefined) throw new OrbitwinError(ErrorCodes.invalidMessage, "inject: give the fault kind (fault)");
        const record = faults.inject(
          op.fault,
          injectRequest.validate(op.request, what),
          controls.nextOpenTick(),
          op.source === "request" || op.source === undefined ? "operator" : op.source,
        );
        log.info({ fault: record.id, kind: record.kind, tick: record.startsAtTick, command: op.id }, "fault scheduled");
        return record;
      }
      case "clear-fault":
        return faults.clear(faultClearRequest.validate(op.request, what).id, controls.nextOpenTick());
    }
  };

  /** The decisions that shape the run again exactly; settings again as given; one-off acts not again. */
  const reapply = (verb: OperationVerb, op: Operation, recorded: OperationResult): void => {
    switch (verb) {
      case "inject":
      case "clear-fault":
        faults.adopt(recorded.result as FaultRecord);
        return;
      case "stop":
        controls.stopAt(recorded.atTick);
        return;
      case "pause":
      case "resume":
      case "speed":
      case "step":
        try {
          apply(verb, op);
        } catch (err) {
          log.warn({ err, verb, command: op.id }, "a recorded command no longer applies");
        }
        return;
      case "snapshot":
      case "restore":
        return;
    }
  };

  return { nextTick: () => controls.nextOpenTick(), apply, reapply, rejected: options.onRejected };
}
