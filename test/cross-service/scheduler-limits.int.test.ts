/**
 * The scheduler under excessive use, on real NATS: 60,000 jobs submitted to one run are refused
 * past the queue limit with the limit named, the list answers in pages that fit NATS's payload
 * limit, and the run goes on; an accepted job survives the scheduler's death after a checkpoint.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { unpack } from "msgpackr";
import {
  DEFAULT_RUN_LIMITS,
  ErrorCodes,
  encodeMessage,
  jobListReply,
  jobSubmit,
  MAX_JOBS_PER_PAGE,
  parseScenario,
  schedulerStatusReply,
  subjects,
  type JobSpec,
} from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, type Bus, type NatsBus } from "@orbitwin/runtime";
import { CrashableBus } from "@orbitwin/runtime/testing";
import { SchedulerService, createSchedulerCore } from "@orbitwin/scheduler";
import { control, restored, tickReached } from "./recovery-cases.js";
import { clustersAssigned, smallScenarioYaml, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

// A queue of 3,000 (not the default 10,000) keeps the test quick; the refusals are the same.
const yaml = `${smallScenarioYaml}checkpoint: { everyTicks: 5, keep: 2 }\nlimits: { jobsQueued: 3000 }\n`;
const scenario = parseScenario(yaml, "scheduler-limits");
/** Ten ticks after the flood show the run goes on. */
const SHORT_RUN_MS = 100_000;
const SUBMISSIONS = 60;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of cleanup.reverse()) await stop();
  cleanup = [];
});

function newScheduler(bus: Bus, run: string): SchedulerService {
  return new SchedulerService({ bus, run, core: createSchedulerCore({ seed: scenario.seed, limits: scenario.limits }), log: silentLogger() });
}

async function start(
  run: string,
  options: { schedulerBus?: (bus: NatsBus) => Bus; durationMs?: number } = {},
): Promise<{ bus: NatsBus; twin: TwinFixture; scheduler: SchedulerService }> {
  const bus = await connectNatsBus({ url: inject("natsUrl"), name: `${run}-test`, log: silentLogger() });
  cleanup.push(() => bus.drain());
  const scheduler = newScheduler(options.schedulerBus?.(bus) ?? bus, run);
  await scheduler.start();
  const twin = await startTwinOnBus({
    bus,
    run,
    hosts: 1,
    yaml,
    startPaused: true,
    requiredParticipants: ["scheduler"],
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
  });
  cleanup.push(() => twin.stop());
  await clustersAssigned(twin);
  return { bus, twin, scheduler };
}

type Reply = { ok: boolean; result?: { accepted: string[] }; error?: { code: string; message: string } };
const jobs = (n: number): JobSpec[] => Array.from({ length: n }, () => ({ kind: "batch", accelerators: 1, acceleratorHours: 1 }));

async function submit(bus: Bus, run: string, list: JobSpec[]): Promise<Reply> {
  const reply = await bus.request(subjects.serviceEndpoint(run, "scheduler", "submit"), jobSubmit.encode({ v: 1, jobs: list }), { timeoutMs: 20_000 });
  return unpack(reply.data) as Reply;
}

describe("the scheduler under excessive use on real NATS", () => {
  it("refuses 60,000 jobs past jobsQueued naming the limit, pages its list, and the run goes on", async () => {
    const run = "sched-limits";
    const { bus, twin, scheduler } = await start(run, { durationMs: SHORT_RUN_MS });
    cleanup.push(() => scheduler.stop());
    const { jobsPerSubmit, jobsQueued } = scenario.limits;
    expect(jobsPerSubmit).toBe(DEFAULT_RUN_LIMITS.jobsPerSubmit);
    const tooBig = await submit(bus, run, jobs(jobsPerSubmit + 1));
    expect(tooBig.error).toMatchObject({ code: ErrorCodes.limitExceeded });
    expect(tooBig.error!.message).toContain(`jobsPerSubmit = ${jobsPerSubmit}`);
    const replies: Reply[] = [];
    for (let i = 0; i < SUBMISSIONS; i++) replies.push(await submit(bus, run, jobs(jobsPerSubmit)));
    expect(replies.filter((r) => r.ok)).toHaveLength(jobsQueued / jobsPerSubmit);
    const refused = replies.filter((r) => !r.ok);
    expect(refused).toHaveLength(SUBMISSIONS - jobsQueued / jobsPerSubmit);
    for (const r of refused) expect(r.error!.message).toContain(`jobsQueued = ${jobsQueued}`);

    const list = async (after?: string) =>
      jobListReply.decode(
        (await bus.request(subjects.serviceEndpoint(run, "scheduler", "list"), encodeMessage({ limit: 10_000, ...(after ? { after } : {}) }))).data,
      );
    const first = await list();
    if (!first.ok) throw new Error(first.error.message);
    expect(first.result.total).toBe(jobsQueued);
    expect(first.result.jobs).toHaveLength(MAX_JOBS_PER_PAGE);
    const second = await list(first.result.next);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.result.jobs[0]!.id).toBe(`job-${MAX_JOBS_PER_PAGE + 1}`);

    await control(bus, run, "resume");
    const result = await twin.coordinator.finished();
    expect(result.ticks).toBe(twin.coordinator.status().endTick! + 1);
  });

  it("keeps a job accepted after the last checkpoint when the scheduler is killed", async () => {
    const run = "sched-durable";
    let link: CrashableBus | undefined;
    const { bus, twin } = await start(run, { schedulerBus: (b) => (link = new CrashableBus(b, "scheduler")).bus });
    const reached = tickReached(bus, run, 7);
    await control(bus, run, "step", { ticks: 8 });
    await reached;
    const accepted = await submit(bus, run, [{ id: "after-checkpoint", kind: "batch", accelerators: 1, acceleratorHours: 1 }]);
    expect(accepted.ok).toBe(true);
    // Killed: no drain, nothing saved; its memory is gone with it.
    link!.crash();
    const back = restored(bus, run);
    const replacement = newScheduler(bus, run);
    await replacement.start();
    cleanup.push(() => replacement.stop());
    expect((await back).data.tick).toBe(5);
    await control(bus, run, "resume");
    await twin.coordinator.finished();
    const status = schedulerStatusReply.decode((await bus.request(subjects.serviceEndpoint(run, "scheduler", "status"), encodeMessage({}))).data);
    if (!status.ok) throw new Error(status.error.message);
    expect(status.result.queued).toBe(1);
    const shown = unpack((await bus.request(subjects.serviceEndpoint(run, "scheduler", "show"), encodeMessage({ id: "after-checkpoint" }))).data) as Reply;
    expect(shown.ok).toBe(true);
  });
});
