/**
 * The scheduler's front desk: checks a submission (fields, ids, the admission limits), gives ids
 * to jobs without one, and holds the accepted jobs until the next decision admits them. It also
 * remembers the sequence of the last stored submission it holds (`submissionSeq`), so a restored
 * scheduler takes again every submission stored after its checkpoint: none is lost with the process.
 */
import { InvalidMessageError, limitExceeded, type JobSpec, type RunLimits } from "@orbitwin/protocol";

export interface IntakeJob {
  id: string;
  spec: JobSpec;
}

/** A checked submission, not yet taken: its jobs carry their ids. */
export interface PlannedSubmission {
  jobs: IntakeJob[];
  lastAutoId: number;
}

export interface JobIntakeSnapshot {
  pending: IntakeJob[];
  lastAutoId: number;
  /** the last stored submission whose jobs the state holds (pending, placed, or finished) */
  submissionSeq: number;
}

/** What the intake asks of the jobs already admitted. */
export interface AdmittedJobs {
  has(id: string): boolean;
  /** jobs admitted and waiting for placement */
  queued(): number;
}

export class JobIntake {
  readonly #limits: Pick<RunLimits, "jobsQueued" | "jobsPerSubmit">;
  #pending = new Map<string, JobSpec>();
  /** number of the last id given to a job submitted without one (job-<n>) */
  #lastAutoId = 0;
  #submissionSeq = 0;

  constructor(limits: Pick<RunLimits, "jobsQueued" | "jobsPerSubmit">) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#pending.size;
  }

  get submissionSeq(): number {
    return this.#submissionSeq;
  }

  get(id: string): JobSpec | undefined {
    return this.#pending.get(id);
  }

  entries(): IterableIterator<[string, JobSpec]> {
    return this.#pending.entries();
  }

  /**
   * Checks a submission and names its jobs, changing nothing. A bad job refuses the whole
   * submission naming its field; a submission over a limit is refused naming the limit.
   */
  plan(specs: readonly JobSpec[], admitted: AdmittedJobs): PlannedSubmission {
    const { jobsPerSubmit, jobsQueued } = this.#limits;
    if (specs.length > jobsPerSubmit) throw limitExceeded("jobsPerSubmit", jobsPerSubmit, `a submission of ${specs.length} jobs`);
    const queued = admitted.queued() + this.#pending.size;
    if (queued + specs.length > jobsQueued)
      throw limitExceeded("jobsQueued", jobsQueued, `${specs.length} more jobs with ${queued} queued already; submit again as the queue drains`);
    const problems: string[] = [];
    const jobs: IntakeJob[] = [];
    const seen = new Set<string>();
    const used = (id: string) => admitted.has(id) || seen.has(id) || this.#pending.has(id);
    let next = this.#lastAutoId;
    const nextFreeId = () => {
      // Skips ids a submitter chose, so a job without an id never collides with one.
      for (;;) if (!used(`job-${++next}`)) return `job-${next}`;
    };
    specs.forEach((spec, i) => {
      if (spec.kind !== "inference" && spec.latencyClass !== undefined) problems.push(`/jobs/${i}/latencyClass: only inference jobs have a latency class`);
      if (spec.kind !== "training" && (spec.stepS !== undefined || spec.gradientGB !== undefined))
        problems.push(`/jobs/${i}/${spec.stepS !== undefined ? "stepS" : "gradientGB"}: only training jobs sync gradients`);
      if (spec.kind === "inference" && spec.checkpointIntervalS !== undefined)
        problems.push(`/jobs/${i}/checkpointIntervalS: inference jobs keep no state to checkpoint`);
      const id = spec.id ?? nextFreeId();
      if (spec.id !== undefined && used(id)) problems.push(`/jobs/${i}/id: "${id}" is already used in this run`);
      seen.add(id);
      jobs.push({ id, spec: { ...spec, id } });
    });
    if (problems.length > 0) throw new InvalidMessageError("job-submit", problems);
    return { jobs, lastAutoId: next };
  }

  /** Takes a planned submission; `seq` is where it is stored (none for a submission not stored). */
  accept(planned: PlannedSubmission, seq?: number): void {
    for (const job of planned.jobs) this.#pending.set(job.id, job.spec);
    this.#lastAutoId = Math.max(this.#lastAutoId, planned.lastAutoId);
    if (seq !== undefined) this.#submissionSeq = Math.max(this.#submissionSeq, seq);
  }

  /** Takes again the stored submission `seq` after a restore: its jobs not yet held are pending again. */
  replay(seq: number, jobs: readonly JobSpec[], admitted: AdmittedJobs): void {
    for (const spec of jobs) {
      if (spec.id === undefined || admitted.has(spec.id) || this.#pending.has(spec.id)) continue;
      this.#pending.set(spec.id, spec);
      const auto = /^job-(\d+)$/.exec(spec.id);
      if (auto) this.#lastAutoId = Math.max(this.#lastAutoId, Number(auto[1]));
    }
    this.#submissionSeq = Math.max(this.#submissionSeq, seq);
  }

  /** Hands every pending job over for admission, in submission order. */
  takeAll(): IntakeJob[] {
    const jobs = [...this.#pending].map(([id, spec]) => ({ id, spec }));
    this.#pending = new Map();
    return jobs;
  }

  /** The stored submissions are new from here on (a scheduler starting on a run). */
  startAfter(seq: number): void {
    this.#submissionSeq = seq;
  }

  snapshot(): JobIntakeSnapshot {
    return structuredClone({
      pending: [...this.#pending].map(([id, spec]) => ({ id, spec })),
      lastAutoId: this.#lastAutoId,
      submissionSeq: this.#submissionSeq,
    });
  }

  /**
   * Back to a snapshot, keeping the jobs held now that it does not know (`keep`): submissions
   * taken since it was saved are not lost.
   */
  restore(snap: JobIntakeSnapshot, keep: readonly IntakeJob[], admitted: AdmittedJobs): void {
    const pending = new Map<string, JobSpec>();
    for (const { id, spec } of [...snap.pending, ...keep, ...[...this.#pending].map(([id, spec]) => ({ id, spec }))])
      if (!admitted.has(id) && !pending.has(id)) pending.set(id, structuredClone(spec));
    this.#pending = pending;
    this.#lastAutoId = Math.max(snap.lastAutoId, this.#lastAutoId);
    // Older snapshots (before submissions were stored) know no sequence: take every stored one again.
    this.#submissionSeq = snap.submissionSeq ?? 0;
  }
}
