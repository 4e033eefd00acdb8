/**
 * AI jobs and the scheduler's queries (`svc.scheduler.<endpoint>`, request-reply). A job is work
 * measured in accelerator-hours (one accelerator at full clock for one hour) that the scheduler
 * places on satellites of one cluster.
 */
import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Reply } from "./reply.js";
import { Count, Finite, Tick, Token, Version } from "./common.js";

export const JobKinds = ["training", "inference", "batch"] as const;
export type JobKind = (typeof JobKinds)[number];
export const LatencyClasses = ["interactive", "standard"] as const;
export type LatencyClass = (typeof LatencyClasses)[number];
/** A job's state; `paused` jobs keep their placement and progress (a maneuver). Append only. */
export const JobStates = ["queued", "running", "paused", "completed"] as const;
export type JobState = (typeof JobStates)[number];

export const JobSpecSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$", description: "job id, unique in the run; default: assigned by the scheduler" })),
    kind: Type.Union(
      JobKinds.map((k) => Type.Literal(k)),
      { description: "training (a gang that syncs over the cluster's links), inference (steady demand), batch" },
    ),
    accelerators: Type.Integer({ minimum: 1, maximum: 100_000, description: "accelerators the job runs on at once (a training job's gang size G)" }),
    acceleratorHours: Type.Number({ exclusiveMinimum: 0, maximum: 1e9, description: "work to do, accelerator-hours at full clock" }),
    checkpointIntervalS: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 604_800,
        description: "job time between checkpoints, s; default 1800 (training), 600 (batch); inference keeps no state",
      }),
    ),
    latencyClass: Type.Optional(
      Type.Union(
        LatencyClasses.map((c) => Type.Literal(c)),
        { description: "inference only: interactive is placed before anything else; default standard" },
      ),
    ),
    stepS: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3600, description: "training: compute time of one step at full clock, s; default 1" })),
    gradientGB: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000, description: "training: data all-reduced per step across the gang, GB; default 1" })),
  },
  { additionalProperties: false },
);
export type JobSpec = Static<typeof JobSpecSchema>;

/** `svc.scheduler.submit`: one or more jobs; all are checked before any is accepted. */
export const JobSubmitSchema = Type.Object({ v: Version, jobs: Type.Array(JobSpecSchema, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false });
export type JobSubmit = Static<typeof JobSubmitSchema>;
export const jobSubmit = defineMessage("job-submit", "public", JobSubmitSchema, {
  subject: (run: string) => subjects.serviceEndpoint(run, "scheduler", "submit"),
  maxBytes: 4 * 1024 * 1024,
});
export const JobSubmitResultSchema = Type.Object(
  { tick: Tick, accepted: Type.Array(Token, { description: "ids of the accepted jobs, in submission order" }) },
  { additionalProperties: false },
);
export const jobSubmitReply = defineMessage("job-submit-reply", "public", Reply(JobSubmitResultSchema));

/** Jobs in one `svc.scheduler.list` reply: about 250 KB, well under NATS's default 1 MiB max_payload. */
export const MAX_JOBS_PER_PAGE = 1000;

/** `svc.scheduler.list`. */
export const JobListRequestSchema = Type.Object(
  {
    state: Type.Optional(
      Type.Union(
        JobStates.map((s) => Type.Literal(s)),
        { description: "only jobs in this state" },
      ),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000, description: `jobs to return, in submission order; default 100, at most ${MAX_JOBS_PER_PAGE} a page` }),
    ),
    after: Type.Optional(
      Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$", description: "cursor: the previous page's next; the page starts after this job" }),
    ),
  },
  { additionalProperties: false },
);
export type JobListRequest = Static<typeof JobListRequestSchema>;
export const jobListRequest = defineMessage("job-list-request", "public", JobListRequestSchema, {
  subject: (run: string) => subjects.serviceEndpoint(run, "scheduler", "list"),
});

export const JobSummarySchema = Type.Object(
  {
    id: Token,
    kind: Type.String({ description: "training | inference | batch" }),
    state: Type.String({ description: "queued | running | paused | completed" }),
    accelerators: Count("accelerators the job runs on"),
    acceleratorHours: Finite("work to do, accelerator-hours"),
    doneAcceleratorHours: Finite("work done and kept so far, accelerator-hours"),
    cluster: Type.Union([Token, Type.Null()], { description: "cluster it runs on; null when queued" }),
    /** Why a queued job waits, for people. */
    reason: Type.String({ description: "why the job is in its state, e.g. no cluster has 64 free accelerators" }),
  },
  { additionalProperties: false },
);
export type JobSummary = Static<typeof JobSummarySchema>;
export const JobListResultSchema = Type.Object(
  {
    tick: Tick,
    total: Count("jobs the scheduler holds matching the filter (finished ones beyond the last kept are in the event history)"),
    jobs: Type.Array(JobSummarySchema, { maxItems: MAX_JOBS_PER_PAGE }),
    next: Type.Optional(Type.String({ description: "more jobs follow: ask again with after set to this" })),
  },
  { additionalProperties: false },
);
export const jobListReply = defineMessage("job-list-reply", "public", Reply(JobListResultSchema));

/** `svc.scheduler.show`. */
export const JobShowRequestSchema = Type.Object({ id: Token }, { additionalProperties: false });
export const jobShowRequest = defineMessage("job-show-request", "public", JobShowRequestSchema, {
  subject: (run: string) => subjects.serviceEndpoint(run, "scheduler", "show"),
});

export const JobDetailSchema = Type.Object(
  {
    summary: JobSummarySchema,
    spec: JobSpecSchema,
    submittedTick: Tick,
    startedTick: Type.Union([Tick, Type.Null()], { description: "tick of the first placement" }),
    completedTick: Type.Union([Tick, Type.Null()]),
    checkpointAcceleratorHours: Finite("work saved at the last checkpoint, accelerator-hours"),
    lostAcceleratorHours: Finite("work thrown away by restarts from a checkpoint, accelerator-hours"),
    stalledAcceleratorHours: Finite("accelerator-hours held with no progress (paused, gang waiting, power shed), accelerator-hours"),
    queueWaitS: Finite("time spent queued, s of simulation time"),
    energyWh: Finite("energy of the satellites' share the job used, Wh"),
    restarts: Count("restarts from a checkpoint"),
    migrations: Count("moves to other satellites ahead of an eclipse"),
    satellites: Type.Array(Type.Object({ sat: Token, accelerators: Count("accelerators used on it") }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type JobDetail = Static<typeof JobDetailSchema>;
export const jobShowReply = defineMessage("job-show-reply", "public", Reply(JobDetailSchema));

/** `svc.scheduler.status`: the run's data-center metrics. */
export const SchedulerStatusSchema = Type.Object(
  {
    tick: Tick,
    policy: Type.String({ description: "placement policy: first-fit | energy-aware" }),
    queued: Count("jobs waiting for placement"),
    running: Count("jobs placed and computing"),
    paused: Count("jobs placed but paused (maneuver)"),
    completed: Count("jobs finished"),
    acceleratorsUsed: Count("accelerators given work this tick"),
    acceleratorsAvailable: Count("working accelerators on satellites that can compute this tick"),
    utilization: Finite("accelerators used / available this tick, 0..1"),
    deliveredAcceleratorHours: Finite("work the fleet delivered to jobs so far, accelerator-hours"),
    goodputAcceleratorHours: Finite("delivered work that was kept (not lost to restarts), accelerator-hours"),
    lostAcceleratorHours: Finite("delivered work thrown away by restarts, accelerator-hours"),
    stalledAcceleratorHours: Finite("accelerator-hours held by jobs with no progress, accelerator-hours"),
    goodputFraction: Finite("goodput / (delivered + stalled), 0..1; 0 before any work"),
    meanQueueWaitS: Finite("mean time jobs placed so far waited, s"),
    energyPerCompletedJobWh: Finite("mean energy of completed jobs, Wh; 0 before the first"),
    restarts: Count("restarts from a checkpoint so far"),
    migrations: Count("moves ahead of an eclipse so far"),
    decideMs: Finite("wall time of the last tick's decision, ms"),
  },
  { additionalProperties: false },
);
export type SchedulerStatus = Static<typeof SchedulerStatusSchema>;
export const schedulerStatusReply = defineMessage("scheduler-status-reply", "public", Reply(SchedulerStatusSchema));
/** The same figures published every tick on `fleet.jobs`. */
export const schedulerMetrics = defineMessage("scheduler-metrics", "public", SchedulerStatusSchema, { subject: subjects.schedulerMetrics });
