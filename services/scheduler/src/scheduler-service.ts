/**
 * The AI job scheduler as a service: its decisions (scheduler-logic.ts) on the clock as a
 * participant (ParticipantRunner), its metrics on `fleet.jobs` after every decision, and
 * `svc.scheduler.submit|list|show|status` as the NATS micro service `orbitwin-scheduler`.
 */
import {
  ErrorCodes,
  OrbitwinError,
  emptyRequest,
  jobListRequest,
  jobShowRequest,
  jobSubmit,
  schedulerMetrics,
  subjects,
  type JobSpec,
  type WireError,
} from "@orbitwin/protocol";
import { LifecycleBase, ParticipantRunner, inboundHandler, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import type { SchedulerCore } from "./scheduler-core.js";
import { schedulerLogic, type SchedulerSnapshot, type SchedulerState } from "./scheduler-logic.js";
import { SubmissionLog } from "./submission-log.js";

export interface SchedulerServiceOptions {
  bus: Bus;
  run: string;
  core: SchedulerCore;
  log: Logger;
  /** @default "scheduler" */
  participantId?: string;
  /** @default the system clock */
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
}

export class SchedulerService extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #runner: ParticipantRunner<SchedulerState, SchedulerSnapshot>;
  #submissions: SubmissionLog | undefined;
  /** one submission at a time: checked, stored, taken, in the order stored */
  #submitting: Promise<unknown> = Promise.resolve();

  constructor(options: SchedulerServiceOptions) {
    super(`scheduler ${options.run}`, options.log);
    this.#bus = options.bus;
    this.#run = options.run;
    this.#runner = new ParticipantRunner({
      bus: options.bus,
      run: options.run,
      participant: options.participantId ?? "scheduler",
      role: "scheduler",
      logic: schedulerLogic(options.core, () => this.#submissions),
      log: options.log,
      ...(options.wallClock ? { wallClock: options.wallClock } : {}),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      afterDecision: () => this.#bus.publish(subjects.schedulerMetrics(this.#run), schedulerMetrics.encode(this.#core.status(this.#runner.lastDecideMs))),
    });
  }

  get #core(): SchedulerCore {
    return this.#runner.current.core;
  }

  protected async onStart(): Promise<void> {
    this.#submissions = await SubmissionLog.open(this.#bus, this.#run, this.log);
    // What is stored already belongs to this run's checkpoints, or to an earlier run under the
    // same id: a restore takes again only what its checkpoint had not.
    this.#core.startAfter(await this.#submissions.lastSeq());
    await this.#runner.start();
    this.defer("clock participant", () => this.#runner.stop());
    const onRejected = (error: WireError, subject: string) => this.#runner.reportRejected(error, subject);
    const endpoint = (name: string) => subjects.serviceEndpoint(this.#run, "scheduler", name);
    const service = await this.#bus.addService({
      name: "orbitwin-scheduler",
      version: "0.1.0",
      description: `orbitwin AI job scheduler for run ${this.#run}`,
      endpoints: [
        {
          name: "submit",
          subject: endpoint("submit"),
          handler: inboundHandler({
            descriptor: jobSubmit,
            log: this.log,
            onRejected,
            onMessage: (r) => this.#submit(r.jobs),
          }),
        },
        {
          name: "list",
          subject: endpoint("list"),
          handler: inboundHandler({
            descriptor: jobListRequest,
            log: this.log,
            onRejected,
            onMessage: (r) => this.#core.list(r.state, r.limit ?? 100, r.after),
          }),
        },
        {
          name: "show",
          subject: endpoint("show"),
          handler: inboundHandler({ descriptor: jobShowRequest, log: this.log, onRejected, onMessage: (r) => this.#show(r.id) }),
        },
        {
          name: "status",
          subject: endpoint("status"),
          handler: inboundHandler({ descriptor: emptyRequest, log: this.log, onRejected, onMessage: () => this.#core.status(this.#runner.lastDecideMs) }),
        },
      ],
    });
    this.defer("service", () => service.stop());
  }

  /** Stops taking ticks and lets the decision in flight finish. */
  protected override onDrain(): Promise<void> {
    return this.#runner.drain();
  }

  /**
   * Checks a submission, stores it, then takes it: the answer comes once the jobs are durable, and
   * a refusal (a bad field, a limit) stores nothing.
   */
  #submit(jobs: JobSpec[]): Promise<{ tick: number; accepted: string[] }> {
    const submit = async () => {
      const planned = this.#core.plan(jobs);
      const seq = await this.#submissions!.append(planned.jobs.map((j) => j.spec));
      this.#core.accept(planned, seq);
      return { tick: this.#runner.decidedTick + 1, accepted: planned.jobs.map((j) => j.id) };
    };
    const result = this.#submitting.then(submit, submit);
    this.#submitting = result.catch(() => undefined);
    return result;
  }

  #show(id: string) {
    const detail = this.#core.show(id, this.#runner.current.views);
    if (!detail) throw new OrbitwinError(ErrorCodes.unknownJob, `id: no job "${id}" in run ${this.#run}; orbitwin jobs list shows the jobs`);
    return detail;
  }
}
