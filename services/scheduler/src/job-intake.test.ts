import { describe, expect, it } from "vitest";
import { ErrorCodes, Health, OrbitwinError, type JobSpec } from "@orbitwin/protocol";
import { ClusterView } from "./cluster-view.js";
import { firstFitPolicy } from "./placement-policy.js";
import { FINISHED_JOBS_KEPT, SchedulerCore } from "./scheduler-core.js";

const batch = (n: number, extra: Partial<JobSpec> = {}): JobSpec[] =>
  Array.from({ length: n }, () => ({ kind: "batch", accelerators: 1, acceleratorHours: 1, ...extra }));

function refusal(act: () => unknown): OrbitwinError {
  try {
    act();
  } catch (err) {
    if (err instanceof OrbitwinError) return err;
    throw err;
  }
  throw new Error("not refused");
}

/** One healthy sunlit satellite with `accelerators` accelerators. */
function view(accelerators: number): ClusterView {
  const v = new ClusterView("c", ["c-s0"]);
  v.hasBus = true;
  v.health.fill(Health.nominal);
  v.batterySoc.fill(1);
  v.clock.fill(1);
  v.dutyCycle.fill(1);
  v.consumedW.fill(12_000);
  v.marginK.fill(20);
  v.acceleratorsActive.fill(accelerators);
  v.sunAheadS.fill(Infinity);
  return v;
}

describe("the scheduler's admission limits", () => {
  it("refuses a submission over jobsPerSubmit and one that would overfill jobsQueued, naming the limit, changing nothing", () => {
    const core = new SchedulerCore({ policy: firstFitPolicy, islGbps: 100, limits: { jobsPerSubmit: 10, jobsQueued: 25 } });
    const big = refusal(() => core.submit(batch(11)));
    expect(big.code).toBe(ErrorCodes.limitExceeded);
    expect(big.message).toContain("jobsPerSubmit = 10");
    core.submit(batch(10));
    core.submit(batch(10));
    const full = refusal(() => core.submit(batch(10)));
    expect(full.message).toContain("jobsQueued = 25");
    expect(core.status(0).queued).toBe(20);
    expect(core.submit(batch(5))).toEqual(["job-21", "job-22", "job-23", "job-24", "job-25"]);
  });

  it("takes 60,000 jobs in submissions of 10,000 in time linear in the jobs held", () => {
    const core = new SchedulerCore({ policy: firstFitPolicy, islGbps: 100, limits: { jobsPerSubmit: 10_000, jobsQueued: 100_000 } });
    // Quadratic checking took seconds per submission here; linear takes milliseconds.
    for (let i = 0; i < 6; i++) expect(core.submit(batch(10_000))).toHaveLength(10_000);
    expect(core.status(0).queued).toBe(60_000);
    expect(core.list(undefined, 10_000).jobs).toHaveLength(1000);
  });
});

describe("the scheduler's job pages", () => {
  it("pages through every job with the cursor, at most 1,000 a page", () => {
    const core = new SchedulerCore({ policy: firstFitPolicy, islGbps: 100 });
    core.submit(batch(1000));
    core.decide({ tick: 0, dtS: 0 }, new Map());
    core.submit(batch(500));
    const seen: string[] = [];
    let page = core.list(undefined, 10_000);
    expect(page.total).toBe(1500);
    for (;;) {
      seen.push(...page.jobs.map((j) => j.id));
      if (page.next === undefined) break;
      page = core.list(undefined, 10_000, page.next);
    }
    expect(seen).toHaveLength(1500);
    expect(new Set(seen).size).toBe(1500);
    expect(core.list("queued", 3, "job-1000").jobs.map((j) => j.id)).toEqual(["job-1001", "job-1002", "job-1003"]);
    expect(refusal(() => core.list(undefined, 10, "job-99999")).code).toBe(ErrorCodes.unknownJob);
  });
});

describe("the scheduler's finished jobs", () => {
  it("keeps the newest finished jobs and counts every one", () => {
    const core = new SchedulerCore({ policy: firstFitPolicy, islGbps: 100, limits: { jobsPerSubmit: 10_000, jobsQueued: 10_000 } });
    const total = FINISHED_JOBS_KEPT + 200;
    core.submit(batch(total, { acceleratorHours: 0.001 }));
    const views = new Map([["c", view(total)]]);
    for (let tick = 0; tick < 4; tick++) {
      views.get("c")!.tick = tick;
      core.decide({ tick, dtS: tick === 0 ? 0 : 60 }, views);
    }
    const status = core.status(0);
    expect(status.completed).toBe(total);
    expect(core.list("completed", 10_000).total).toBe(FINISHED_JOBS_KEPT);
    expect(core.snapshot().jobs).toHaveLength(FINISHED_JOBS_KEPT);
    expect(core.show(`job-${total}`, views)?.summary.state).toBe("completed");
    expect(core.show("job-1", views)).toBeUndefined();
  });
});

describe("the scheduler's stored submissions", () => {
  it("takes again, after a restore, the submissions stored after its snapshot and only those", () => {
    const core = new SchedulerCore({ policy: firstFitPolicy, islGbps: 100 });
    core.accept(core.plan(batch(2)), 1);
    const snap = core.snapshot();
    expect(snap.submissionSeq).toBe(1);
    const later = core.plan(batch(3));
    core.accept(later, 2);
    const replacement = new SchedulerCore({ policy: firstFitPolicy, islGbps: 100 });
    replacement.restore(snap);
    expect(replacement.submissionSeq).toBe(1);
    replacement.replaySubmission(
      2,
      later.jobs.map((j) => j.spec),
    );
    replacement.replaySubmission(
      2,
      later.jobs.map((j) => j.spec),
    );
    expect(replacement.list(undefined, 100).jobs.map((j) => j.id)).toEqual(["job-1", "job-2", "job-3", "job-4", "job-5"]);
    expect(replacement.submit(batch(1))).toEqual(["job-6"]);
  });
});
