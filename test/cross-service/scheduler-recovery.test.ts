/**
 * Exact recovery with the scheduler in the clock, in process: a fleet host dies, or the scheduler
 * itself is replaced, mid-run; every participant goes back to the last coordinated checkpoint and
 * the run ends with the digest and the job accounts of the undisturbed run.
 */
import { afterEach, describe, expect, it } from "vitest";
import { encodeMessage, parseScenario, schedulerStatusReply, subjects, type SchedulerStatus } from "@orbitwin/protocol";
import { LocalBus, ManualWallClock, silentLogger, type Bus, type WallClock } from "@orbitwin/runtime";
import { SchedulerService, createSchedulerCore } from "@orbitwin/scheduler";
import { control, expectRestoredTo, newThermal, restored, tickReached } from "./recovery-cases.js";
import { startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const RUN = "sched-recovery";
const yaml = `
name: sched-recovery
epoch: 2026-05-13T00:00:00Z
dt: 60s
duration: 90m
seed: 23
clusterSize: 8
checkpoint: { everyTicks: 5, keep: 2 }
bus: { preset: starlink-v2-mini-gpu, batteryCapacityWh: 3000, fit: 3000000 }
scheduler:
  policy: energy-aware
  arrivals:
    - { kind: training, ratePerHour: 6, accelerators: 24, acceleratorHours: 10, checkpointIntervalS: 600 }
    - { kind: batch, ratePerHour: 12, accelerators: 8, acceleratorHours: 2 }
constellations:
  - { kind: walker, name: r, planes: 2, satsPerPlane: 8, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;
const scenario = parseScenario(yaml, "sched-recovery");

function newScheduler(bus: Bus, wallClock?: WallClock): SchedulerService {
  const core = createSchedulerCore({ section: scenario.scheduler, seed: scenario.seed });
  return new SchedulerService({ bus, run: RUN, core, log: silentLogger(), ...(wallClock ? { wallClock } : {}) });
}

interface Running {
  twin: TwinFixture;
  services: { stop(): Promise<void> }[];
}
let running: Running[] = [];
afterEach(async () => {
  for (const r of running) {
    await r.twin.stop();
    for (const s of r.services) await s.stop();
  }
  running = [];
});

async function start(bus: Bus, options: { startPaused?: boolean; wallClock?: WallClock } = {}) {
  const thermal = newThermal(bus, RUN, options.wallClock);
  const scheduler = newScheduler(bus, options.wallClock);
  await thermal.start();
  await scheduler.start();
  const twin = await startTwinOnBus({
    bus,
    run: RUN,
    hosts: 2,
    yaml,
    requiredParticipants: ["thermal", "scheduler"],
    ...(options.startPaused ? { startPaused: true } : {}),
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
  });
  const r: Running = { twin, services: [thermal, scheduler] };
  running.push(r);
  return { r, scheduler };
}

async function jobs(bus: Bus): Promise<SchedulerStatus> {
  const reply = schedulerStatusReply.decode((await bus.request(subjects.serviceEndpoint(RUN, "scheduler", "status"), encodeMessage({}))).data);
  if (!reply.ok) throw new Error(reply.error.message);
  return { ...reply.result, decideMs: 0 };
}

async function reference(): Promise<{ digest: string; status: SchedulerStatus }> {
  const bus = new LocalBus();
  const { r } = await start(bus);
  const digest = (await r.twin.coordinator.finished()).digest;
  return { digest, status: await jobs(bus) };
}

describe("exact recovery with the scheduler in the clock, in process", { timeout: 60_000 }, () => {
  it("ends with the undisturbed digest and job accounts after a fleet host dies mid-run", async () => {
    const expected = await reference();
    expect(expected.status.completed + expected.status.running).toBeGreaterThan(3);
    const clock = new ManualWallClock(Date.UTC(2026, 0, 1));
    const bus = new LocalBus();
    const { r } = await start(bus, { startPaused: true, wallClock: clock });
    clock.advance(1000);
    const reached = tickReached(bus, RUN, 33);
    await control(bus, RUN, "step", { ticks: 34 });
    await reached;
    const back = restored(bus, RUN);
    await r.twin.hosts[1]!.stop();
    for (let i = 0; i < 10; i++) clock.advance(500);
    expectRestoredTo(await back, 30, 33);
    await control(bus, RUN, "resume");
    expect((await r.twin.coordinator.finished()).digest).toBe(expected.digest);
    expect(await jobs(bus)).toEqual(expected.status);
  });

  it("ends with the undisturbed digest and job accounts after the scheduler is replaced mid-run", async () => {
    const expected = await reference();
    const clock = new ManualWallClock(Date.UTC(2026, 0, 1));
    const bus = new LocalBus();
    const { r, scheduler } = await start(bus, { startPaused: true, wallClock: clock });
    clock.advance(1000);
    const reached = tickReached(bus, RUN, 42);
    await control(bus, RUN, "step", { ticks: 43 });
    await reached;
    await scheduler.stop();
    for (let i = 0; i < 10; i++) clock.advance(500);
    const back = restored(bus, RUN);
    const replacement = newScheduler(bus, clock);
    await replacement.start();
    r.services[1] = replacement;
    clock.advance(1000);
    expectRestoredTo(await back, 40, 42);
    await control(bus, RUN, "resume");
    expect((await r.twin.coordinator.finished()).digest).toBe(expected.digest);
    expect(await jobs(bus)).toEqual(expected.status);
  });
});
