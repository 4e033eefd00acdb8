import { readFileSync } from "node:fs";
import {
  JobStates,
  encodeMessage,
  jobListReply,
  MAX_JOBS_PER_PAGE,
  jobShowReply,
  jobSubmit,
  jobSubmitReply,
  parseJobFile,
  schedulerStatusReply,
  subjects,
  type JobDetail,
  type JobState,
  type MessageDescriptor,
  type ReplyOf,
  type SchedulerStatus,
} from "@orbitwin/protocol";
import { createRootLogger } from "@orbitwin/runtime";
import { parsePositiveInt, parseCommandArgs } from "../args.js";
import { connectClient, resultOf, type Client } from "../client.js";
import { UsageError } from "../errors.js";
import { formatCount, table } from "../format.js";

export const jobsHelp = `orbitwin jobs submit FILE | list | show ID | status [flags]

The AI job scheduler of a running twin (a scenario with a scheduler: section, or --scheduler on).

  submit FILE     submit the jobs in FILE (YAML or JSON: one job, a list, or { jobs: [...] });
                  a job: { id?, kind: training|inference|batch, accelerators, acceleratorHours,
                  checkpointIntervalS?, latencyClass?: interactive|standard, stepS?, gradientGB? }
  list            the jobs, in submission order (--state queued|running|paused|completed, --limit N)
  show ID         one job: placement, progress, checkpoints, work lost, energy
  status          utilization, goodput, queue wait, jobs completed, energy per job

Flags: --json, --nats URL, --run ID (default: the twin \`orbitwin up\` started in this folder)
`;

export async function jobsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    run: { type: "string" },
    json: { type: "boolean" },
    state: { type: "string" },
    limit: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(jobsHelp);
    return 0;
  }
  const [verb, arg] = positionals;
  if (verb !== "submit" && verb !== "list" && verb !== "show" && verb !== "status")
    throw new UsageError(`jobs needs submit FILE, list, show ID or status${verb ? ` (got "${verb}")` : ""}`);
  if ((verb === "submit" || verb === "show") && !arg) throw new UsageError(`jobs ${verb} needs ${verb === "submit" ? "a FILE" : "a job ID"}`);
  if (values.state !== undefined && !(JobStates as readonly string[]).includes(values.state))
    throw new UsageError(`--state ${values.state}: give one of ${JobStates.join(", ")}`);
  // Read and check the file before connecting: a bad file fails fast, naming its field.
  const jobs = verb === "submit" ? parseJobFile(readJobFile(arg!), arg!) : [];
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const client = await connectClient(values, log);
  const out = (human: string, value: unknown) => process.stdout.write(values.json ? JSON.stringify(value) + "\n" : human);
  try {
    switch (verb) {
      case "submit": {
        const r = await ask(client, "submit", jobSubmitReply, jobSubmit.encode({ v: 1, jobs }));
        out(`submitted ${r.accepted.length} job${r.accepted.length === 1 ? "" : "s"} (admitted at tick ${r.tick}): ${r.accepted.join(", ")}\n`, r);
        return 0;
      }
      case "list": {
        const r = await listJobs(client, values.state as JobState | undefined, values.limit ? parsePositiveInt(values.limit, "--limit", 10_000) : 100);
        const rows = r.jobs.map((j) => [
          j.id,
          j.kind,
          j.state,
          String(j.accelerators),
          `${j.doneAcceleratorHours.toFixed(1)} / ${j.acceleratorHours}`,
          j.cluster ?? "-",
          j.reason,
        ]);
        out(
          `tick ${formatCount(r.tick)}: ${formatCount(r.total)} jobs${r.total > r.jobs.length ? ` (first ${r.jobs.length})` : ""}\n` +
            table(["job", "kind", "state", "accelerators", "done / total accelerator-hours", "cluster", "why"], rows) +
            "\n",
          r,
        );
        return 0;
      }
      case "show": {
        const r = await ask(client, "show", jobShowReply, encodeMessage({ id: arg }));
        out(renderJob(r), r);
        return 0;
      }
      case "status": {
        const r = await ask(client, "status", schedulerStatusReply, encodeMessage({}));
        out(renderSchedulerStatus(r), r);
        return 0;
      }
    }
  } finally {
    await client.bus.drain();
  }
}

/** Up to `limit` jobs, a page at a time (a reply holds at most MAX_JOBS_PER_PAGE: it must fit NATS's max_payload). */
async function listJobs(client: Client, state: JobState | undefined, limit: number) {
  const page = (after?: string) =>
    ask(client, "list", jobListReply, encodeMessage({ ...(state ? { state } : {}), limit: Math.min(limit, MAX_JOBS_PER_PAGE), ...(after ? { after } : {}) }));
  const first = await page();
  const jobs = [...first.jobs];
  for (let next = first.next; next !== undefined && jobs.length < limit;) {
    const more = await page(next);
    jobs.push(...more.jobs.slice(0, limit - jobs.length));
    next = more.next;
  }
  return { tick: first.tick, total: first.total, jobs };
}

async function ask<T>(client: Client, endpoint: string, reply: MessageDescriptor<ReplyOf<T>>, body: Uint8Array): Promise<T> {
  const msg = await client.bus.request(subjects.serviceEndpoint(client.run, "scheduler", endpoint), body, { timeoutMs: 5000 });
  return resultOf(reply.decode(msg.data));
}

function readJobFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read job file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function renderJob(j: JobDetail): string {
  const s = j.summary;
  return (
    [
      `job ${s.id}: ${s.kind}, ${s.state} (${s.reason})`,
      `${s.accelerators} accelerators, ${s.doneAcceleratorHours.toFixed(2)} of ${s.acceleratorHours} accelerator-hours done, checkpoint at ${j.checkpointAcceleratorHours.toFixed(2)}`,
      `submitted tick ${j.submittedTick}, started ${j.startedTick ?? "-"}, completed ${j.completedTick ?? "-"}, queued ${(j.queueWaitS / 60).toFixed(1)} min`,
      `lost ${j.lostAcceleratorHours.toFixed(2)} accelerator-hours in ${j.restarts} restart(s), stalled ${j.stalledAcceleratorHours.toFixed(2)}, ${j.migrations} move(s), energy ${(j.energyWh / 1000).toFixed(2)} kWh`,
      j.satellites.length > 0 ? `on ${s.cluster}: ${j.satellites.map((x) => `${x.sat} x${x.accelerators}`).join(", ")}` : "not placed",
    ].join("\n") + "\n"
  );
}

export function renderSchedulerStatus(s: SchedulerStatus): string {
  return (
    [
      `scheduler at tick ${formatCount(s.tick)}, policy ${s.policy}: ${s.queued} queued, ${s.running} running, ${s.paused} paused, ${s.completed} completed`,
      `utilization ${(s.utilization * 100).toFixed(1)} % (${formatCount(s.acceleratorsUsed)} of ${formatCount(s.acceleratorsAvailable)} accelerators)`,
      `goodput ${s.goodputAcceleratorHours.toFixed(1)} accelerator-hours (${(s.goodputFraction * 100).toFixed(1)} % of held), delivered ${s.deliveredAcceleratorHours.toFixed(1)}, lost ${s.lostAcceleratorHours.toFixed(1)}, stalled ${s.stalledAcceleratorHours.toFixed(1)}`,
      `${s.restarts} restarts, ${s.migrations} moves, mean queue wait ${(s.meanQueueWaitS / 60).toFixed(1)} min, ${(s.energyPerCompletedJobWh / 1000).toFixed(2)} kWh per completed job`,
    ].join("\n") + "\n"
  );
}
