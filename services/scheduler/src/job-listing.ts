/**
 * What the scheduler shows of its jobs: summaries, details, and the pages of `svc.scheduler.list`
 * (at most MAX_JOBS_PER_PAGE a reply, with a cursor to the next page).
 */
import { ErrorCodes, MAX_JOBS_PER_PAGE, OrbitwinError, type JobDetail, type JobSpec, type JobState, type JobSummary } from "@orbitwin/protocol";
import type { ClusterView } from "./cluster-view.js";
import type { Job } from "./job.js";

export interface JobPage {
  tick: number;
  total: number;
  jobs: JobSummary[];
  next?: string;
}

/**
 * A page of `jobs` (in admission order) then `pending`: at most `limit` and MAX_JOBS_PER_PAGE,
 * starting after the job `after`; `next` is the cursor of the page after, when there is one.
 */
export function pageOfJobs(options: {
  lastTick: number;
  jobs: Iterable<Job>;
  pending: Iterable<[string, JobSpec]>;
  state: JobState | undefined;
  limit: number;
  after: string | undefined;
}): JobPage {
  const { state, after } = options;
  const pageSize = Math.min(options.limit, MAX_JOBS_PER_PAGE);
  const jobs: JobSummary[] = [];
  let total = 0;
  let started = after === undefined;
  let more = false;
  const visit = (id: string, summary: () => JobSummary) => {
    total++;
    if (!started) {
      started = id === after;
      return;
    }
    if (jobs.length < pageSize) jobs.push(summary());
    else more = true;
  };
  for (const job of options.jobs) if (state === undefined || job.state === state) visit(job.id, () => summaryOf(job));
  if (state === undefined || state === "queued") for (const [id, spec] of options.pending) visit(id, () => pendingSummary(id, spec));
  if (!started) throw new OrbitwinError(ErrorCodes.unknownJob, `after: no job "${after}" in this list any more; list again from the start`);
  return { tick: options.lastTick, total, jobs, ...(more ? { next: jobs.at(-1)!.id } : {}) };
}

export function summaryOf(job: Job): JobSummary {
  return {
    id: job.id,
    kind: job.resolved.kind,
    state: job.state,
    accelerators: job.resolved.accelerators,
    acceleratorHours: job.resolved.acceleratorHours,
    doneAcceleratorHours: job.doneAh,
    cluster: job.placement?.cluster ?? null,
    reason: job.reason,
  };
}

export function pendingSummary(id: string, spec: JobSpec): JobSummary {
  return {
    id,
    kind: spec.kind,
    state: "queued",
    accelerators: spec.accelerators,
    acceleratorHours: spec.acceleratorHours,
    doneAcceleratorHours: 0,
    cluster: null,
    reason: "submitted: admitted at the next tick",
  };
}

export function detailOf(job: Job, views: ReadonlyMap<string, ClusterView>): JobDetail {
  const p = job.placement;
  const view = p ? views.get(p.cluster) : undefined;
  return {
    summary: summaryOf(job),
    spec: job.spec,
    submittedTick: job.submittedTick,
    startedTick: job.startedTick,
    completedTick: job.completedTick,
    checkpointAcceleratorHours: job.checkpointAh,
    lostAcceleratorHours: job.lostAh,
    stalledAcceleratorHours: job.stalledAh,
    queueWaitS: job.queueWaitS,
    energyWh: job.energyWh,
    restarts: job.restarts,
    migrations: job.migrations,
    satellites: p && view ? p.slots.map((slot, k) => ({ sat: view.satIds[slot]!, accelerators: p.counts[k]! })) : [],
  };
}
