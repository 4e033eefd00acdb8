import { describe, expect, it } from "vitest";
import { schedulerMetrics, streams, subjects, type FleetTelemetry } from "@orbitwin/protocol";
import { testSchedulerStatus } from "@orbitwin/protocol/testing";
import { LocalBus } from "@orbitwin/runtime";
import { fleetTimeOfTick, loadSchedulerMetrics } from "./history-data.js";

const RUN = "sched";
const EPOCH_MS = Date.UTC(2026, 4, 13);

describe("the scheduler's history", () => {
  it("is read from stream ot-<run>-jobs and placed in time by the fleet history's clock", async () => {
    const bus = new LocalBus();
    await bus.stream(streams.events(RUN), { subjects: [subjects.allEvents(RUN)] });
    const store = await bus.stream(streams.jobs(RUN), { subjects: [subjects.schedulerMetrics(RUN)] });
    for (const tick of [0, 1, 2]) await store.publish(subjects.schedulerMetrics(RUN), schedulerMetrics.encode(testSchedulerStatus(tick)));
    const fleet = [{ tick: 0, simTimeMs: EPOCH_MS, dtMs: 60_000 } as FleetTelemetry];
    const loaded = await loadSchedulerMetrics(bus, RUN, {}, fleetTimeOfTick(fleet)!);
    expect(loaded.skipped).toBe(0);
    expect(loaded.records.map((m) => [m.tick, m.simTimeMs, m.completed])).toEqual([
      [0, EPOCH_MS, 0],
      [1, EPOCH_MS + 60_000, 1],
      [2, EPOCH_MS + 120_000, 2],
    ]);
  });

  it("says there is none for a run that kept none, and has no clock without fleet history", async () => {
    await expect(loadSchedulerMetrics(new LocalBus(), RUN, {}, () => 0)).rejects.toMatchObject({ code: "ORBITWIN_UNKNOWN_STREAM" });
    expect(fleetTimeOfTick([])).toBeUndefined();
  });
});
