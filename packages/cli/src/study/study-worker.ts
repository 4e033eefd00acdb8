/**
 * A study worker: takes variants from the shared work queue one at a time, runs each (a real run
 * of the twin, in this process), stores the result in the study's bucket under the variant id and
 * only then acknowledges it. A variant whose worker dies is not acknowledged and goes to another
 * worker when its ack wait runs out; in-progress heartbeats keep a long variant with its worker.
 * A worker told to stop gives the variant in hand back at once, for another worker to run whole.
 * A result is stored create-only, so a variant run twice (a worker presumed dead that was only
 * slow) is still counted once.
 */
import { hostname } from "node:os";
import {
  asError,
  buckets,
  STUDY_WORKERS_CONSUMER,
  streams,
  studyVariantResult,
  studyVariantStarted,
  studyVariantWork,
  subjects,
  type StudyVariantResult,
  type StudyVariantWork,
} from "@orbitwin/protocol";
import { KvConflictError, LifecycleBase, type KvStore, type Logger, type NatsBus, type NatsWorkQueue, type WorkItem } from "@orbitwin/runtime";
import { DEFAULT_ECONOMICS, isEconomicsName } from "./economics-assumptions.js";
import { isMetricName } from "./metrics.js";
import { runVariant, type VariantOutcome } from "./variant-runner.js";

/** Deliveries of one variant before it is stored as failed (so the study can end and say so). */
export const MAX_DELIVERIES = 3;
/** How long one wait for the next variant lasts before the worker looks again, ms. */
const POLL_MS = 2000;

export interface StudyWorkerOptions {
  bus: NatsBus;
  log: Logger;
  /** @default <hostname>-<pid> */
  workerId?: string;
  /** Wall time a variant may go without a heartbeat before another worker gets it, ms. @default 30000 */
  ackWaitMs?: number;
  /** Runs one variant, rejecting once `signal` aborts. @default runVariant (the twin in this process) */
  run?: (work: StudyVariantWork, log: Logger, signal: AbortSignal) => Promise<VariantOutcome>;
}

export async function openStudyQueue(bus: NatsBus, ackWaitMs = 30_000): Promise<NatsWorkQueue> {
  return bus.workQueue({
    stream: streams.studyVariants(),
    subjects: [subjects.allStudyVariants()],
    consumer: STUDY_WORKERS_CONSUMER,
    ackWaitMs,
    maxDeliveries: MAX_DELIVERIES,
  });
}

/** Checks what the schema cannot: every metric and economics figure is one this worker knows. */
function workProblems(work: StudyVariantWork): string[] {
  return [
    ...work.metrics.filter((m) => !isMetricName(m)).map((m) => `/metrics: unknown metric ${m}`),
    ...Object.keys(work.economics)
      .filter((n) => !isEconomicsName(n))
      .map((n) => `/economics/${n}: unknown figure`),
  ];
}

export class StudyWorker extends LifecycleBase {
  readonly #bus: NatsBus;
  readonly #workerId: string;
  readonly #ackWaitMs: number;
  readonly #run: (work: StudyVariantWork, log: Logger, signal: AbortSignal) => Promise<VariantOutcome>;
  readonly #buckets = new Map<string, Promise<KvStore>>();
  #loop: Promise<void> | undefined;
  #draining = false;
  /** aborts the variant in hand */
  #inHand: AbortController | undefined;
  #completed = 0;

  constructor(options: StudyWorkerOptions) {
    super("study worker", options.log);
    this.#bus = options.bus;
    this.#workerId = options.workerId ?? `${hostname()}-${process.pid}`;
    this.#ackWaitMs = options.ackWaitMs ?? 30_000;
    this.#run = options.run ?? runVariant;
  }

  /** Variants this worker has stored a result for. */
  get completed(): number {
    return this.#completed;
  }

  protected async onStart(): Promise<void> {
    const queue = await openStudyQueue(this.#bus, this.#ackWaitMs);
    this.#loop = this.#takeVariants(queue).catch((err: unknown) => void this.fail(err));
    this.defer("the variant loop", () => this.#loop);
  }

  protected override async onDrain(): Promise<void> {
    // A variant runs for minutes to hours, longer than a stop may take: the one in hand is given
    // back unfinished, and no new one is taken.
    this.#draining = true;
    this.#inHand?.abort();
    await this.#loop;
  }

  async #takeVariants(queue: NatsWorkQueue): Promise<void> {
    while (!this.#draining) {
      const item = await queue.next(POLL_MS);
      if (!item) continue;
      // Taken as the stop began: given back as it came.
      if (this.#draining) item.nak(0);
      else await this.#handle(item);
    }
  }

  #results(study: string): Promise<KvStore> {
    let kv = this.#buckets.get(study);
    if (!kv) this.#buckets.set(study, (kv = this.#bus.kv(buckets.studyResults(study))));
    return kv;
  }

  async #handle(item: WorkItem): Promise<void> {
    let work: StudyVariantWork;
    try {
      work = studyVariantWork.decode(item.data);
      const problems = workProblems(work);
      if (problems.length > 0) throw new Error(`study variant is invalid: ${problems.join("; ")}`);
    } catch (err) {
      // Bad input is dropped, not retried: every worker would refuse it alike.
      this.log.warn({ err, subject: item.subject }, "dropped an invalid study variant");
      await item.ack();
      return;
    }
    const kv = await this.#results(work.study);
    if (await kv.get(work.variantId)) {
      // Already stored (a --resume pushed it again, or another worker finished it first).
      await item.ack();
      return;
    }
    this.#bus.publish(
      subjects.studyVariantStarted(work.study),
      studyVariantStarted.encode({ v: 1, study: work.study, variantId: work.variantId, worker: this.#workerId, delivery: item.delivery }),
    );
    const heartbeat = setInterval(() => item.inProgress(), Math.max(250, this.#ackWaitMs / 3));
    const inHand = (this.#inHand = new AbortController());
    let result: StudyVariantResult;
    try {
      const outcome = await this.#run(
        { ...work, economics: { ...DEFAULT_ECONOMICS, ...work.economics } },
        this.log.child({ variant: work.variantId }),
        inHand.signal,
      );
      result = { v: 1, study: work.study, variantId: work.variantId, seed: work.seed, values: work.values, worker: this.#workerId, ...outcome };
    } catch (err) {
      if (inHand.signal.aborted) {
        // Not the variant's failure: nothing is stored, and the queue gives it to another worker now.
        this.log.info({ variant: work.variantId }, "stopping: the variant in hand is given back for another worker");
        item.nak(0);
        return;
      }
      this.log.warn({ err, variant: work.variantId, delivery: item.delivery }, "a study variant failed");
      if (item.delivery < MAX_DELIVERIES) {
        item.nak(1000);
        return;
      }
      result = {
        v: 1,
        study: work.study,
        variantId: work.variantId,
        seed: work.seed,
        values: work.values,
        worker: this.#workerId,
        digest: "",
        ticks: 0,
        satellites: 0,
        simulatedMs: 0,
        wallMs: 0,
        metrics: {},
        error: asError(err).message.slice(0, 4096),
      };
    } finally {
      clearInterval(heartbeat);
      this.#inHand = undefined;
    }
    try {
      await kv.update(work.variantId, studyVariantResult.encode(result), 0);
      this.#completed++;
    } catch (err) {
      // Another worker stored it first: the same variant gives the same result, kept once.
      if (!(err instanceof KvConflictError)) throw err;
    }
    await item.ack();
  }
}
