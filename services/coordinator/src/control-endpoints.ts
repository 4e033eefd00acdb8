/** The coordinator's run-control endpoints (`ctl.<verb>`), each answering with the run status. */
import { emptyRequest, speedRequest, stepRequest, subjects, type MessageDescriptor, type RunStatus, type WireError } from "@orbitwin/protocol";
import { inboundHandler, type Logger, type ServiceEndpoint } from "@orbitwin/runtime";

export interface RunControl {
  status(): RunStatus;
  pause(): void;
  resume(): void;
  setSpeed(speed: number | null): void;
  step(ticks: number): void;
  stopRun(): void;
}

export function controlEndpoints(run: string, control: RunControl, log: Logger, onRejected: (error: WireError, subject: string) => void): ServiceEndpoint[] {
  const endpoint = <T>(name: "status" | "pause" | "resume" | "speed" | "step" | "stop", descriptor: MessageDescriptor<T>, act: (req: T) => void): ServiceEndpoint => ({
    name,
    subject: subjects.control(run, name),
    handler: inboundHandler({
      descriptor,
      log,
      onRejected,
      onMessage: (req: T) => {
        act(req);
        return control.status();
      },
    }),
  });
  return [
    endpoint("status", emptyRequest, () => undefined),
    endpoint("pause", emptyRequest, () => control.pause()),
    endpoint("resume", emptyRequest, () => control.resume()),
    endpoint("speed", speedRequest, (r) => control.setSpeed(r.speed === "max" ? null : r.speed)),
    endpoint("step", stepRequest, (r) => control.step(r.ticks)),
    endpoint("stop", emptyRequest, () => control.stopRun()),
  ];
}
