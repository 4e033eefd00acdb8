import { describe, expect, it } from "vitest";
import { EventKinds, orbitwinEvent, schedulerMetrics, streams, subjects } from "@orbitwin/protocol";
import { testSchedulerStatus } from "@orbitwin/protocol/testing";
import { LocalBus, silentLogger } from "@orbitwin/runtime";
import { HISTORY_TICKS, RunHistory } from "./run-history.js";

const RUN = "late";

const status = (tick: number) => testSchedulerStatus(tick, { policy: "energy-aware" });

describe("RunHistory", () => {
  it("opens a late page's jobs panel with the scheduler's stored metrics, the live ones after them", async () => {
    const bus = new LocalBus();
    const store = await bus.stream(streams.jobs(RUN), { subjects: [subjects.schedulerMetrics(RUN)] });
    for (let tick = 0; tick < HISTORY_TICKS + 5; tick++) await store.publish(subjects.schedulerMetrics(RUN), schedulerMetrics.encode(status(tick)));
    const history = new RunHistory();
    history.onJobs(status(HISTORY_TICKS + 5));
    await history.load(bus, RUN, silentLogger());
    expect(history.jobs).toHaveLength(HISTORY_TICKS);
    expect(history.jobs.at(-1)!.tick).toBe(HISTORY_TICKS + 5);
    expect(history.jobs.map((j) => j.tick)).toEqual([...history.jobs.map((j) => j.tick)].sort((a, b) => a - b));
  });

  it("opens with the stored events their owners raised, leaving out forged ones", async () => {
    const bus = new LocalBus();
    const store = await bus.stream(streams.events(RUN), { subjects: [subjects.allEvents(RUN)] });
    const raise = (kind: string, source: string, subject = subjects.event(RUN, kind)) =>
      store.publish(
        subject,
        orbitwinEvent.encode({ v: 1, run: RUN, kind, tick: 1, simTimeMs: 0, source, severity: "info", message: `${kind} from ${source}`, data: {} }),
      );
    await raise(EventKinds.runFinished, "coordinator");
    await raise(EventKinds.runFinished, "thermal");
    await raise(EventKinds.jobPlaced, "fleet/h1");
    await raise(EventKinds.runRestored, "coordinator", subjects.event(RUN, EventKinds.thermalAlarm));
    await raise(EventKinds.inputRejected, "fleet/h1");
    const history = new RunHistory();
    await history.load(bus, RUN, silentLogger());
    expect(history.events.map((e) => e.message)).toEqual(["run-finished from coordinator", "input-rejected from fleet/h1"]);
  });

  it("starts empty for a run that kept no history", async () => {
    const history = new RunHistory();
    await history.load(new LocalBus(), RUN, silentLogger());
    expect([history.fleet, history.jobs, history.events]).toEqual([[], [], []]);
  });
});
