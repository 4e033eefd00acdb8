/**
 * The run's accepted job submissions, stored in JetStream (stream `ot-<run>-jobs`) before the
 * scheduler answers: an acknowledged job survives the scheduler's death. A restored scheduler
 * takes again every submission stored after its checkpoint's `submissionSeq`.
 */
import { jobSubmit, streams, subjects, type JobSpec } from "@orbitwin/protocol";
import type { Bus, Logger, StreamStore } from "@orbitwin/runtime";

/**
 * Far more than a restore needs (the submissions after the newest checkpoint); the oldest go
 * first. A submission is at most 256 KiB (the svc payload limit).
 */
const MAX_BYTES = 256 * 2 ** 20;
const READ_BATCH = 100;

export class SubmissionLog {
  readonly #stream: StreamStore;
  readonly #subject: string;
  readonly #log: Logger;

  private constructor(stream: StreamStore, subject: string, log: Logger) {
    this.#stream = stream;
    this.#subject = subject;
    this.#log = log;
  }

  static async open(bus: Bus, run: string, log: Logger): Promise<SubmissionLog> {
    const subject = subjects.jobSubmissions(run);
    return new SubmissionLog(await bus.stream(streams.jobSubmissions(run), { subjects: [subject], maxBytes: MAX_BYTES }), subject, log);
  }

  /** Stores a submission (every job with its id) and resolves with its sequence once stored. */
  append(jobs: readonly JobSpec[]): Promise<number> {
    return this.#stream.publish(this.#subject, jobSubmit.encode({ v: 1, jobs: [...jobs] }));
  }

  lastSeq(): Promise<number> {
    return this.#stream.lastSeq();
  }

  /** Calls `take` with every submission stored after `afterSeq`, in order; a record that does not decode is logged and skipped. */
  async replayAfter(afterSeq: number, take: (seq: number, jobs: JobSpec[]) => void): Promise<void> {
    for (let from = afterSeq + 1; ;) {
      const batch = await this.#stream.read(from, READ_BATCH);
      if (batch.length === 0) return;
      for (const record of batch) {
        try {
          take(record.seq, jobSubmit.decode(record.data).jobs);
        } catch (err) {
          this.#log.warn({ err, seq: record.seq }, "a stored job submission does not decode: skipped");
        }
      }
      from = batch.at(-1)!.seq + 1;
    }
  }
}
