/**
 * The coordinator's side of the durable operator commands (see `messages/operations.ts`): it reads
 * the stream `ot-<run>-ops` in order, applies each command once, and records its outcome under the
 * command id. A copy of a command already recorded under another sequence (a retry published after
 * the stream's duplicate window) is not applied again. A coordinator that resumes from a checkpoint
 * reads on from the sequence the checkpoint had reached and re-applies the recorded decisions, so a
 * fault injected after the checkpoint starts at the same tick as before.
 */
import { randomUUID } from "node:crypto";
import {
  ErrorCodes,
  OperationVerbs,
  OrbitwinError,
  buckets,
  operation,
  operationResult,
  streams,
  subjects,
  toWireError,
  type Operation,
  type OperationResult,
  type OperationVerb,
  type StorageConfig,
  type WireError,
} from "@orbitwin/protocol";
import type { Bus, KvStore, Logger, StreamFollower, StreamRecord, StreamStore, WallClock } from "@orbitwin/runtime";
import { operationsStreamOptions } from "./run-storage.js";

export interface OperationApplier {
  /** The tick a command applied now takes effect from. */
  nextTick(): number;
  /** Decides and applies a new command; throws (an OrbitwinError naming the problem) to refuse it, changing nothing. */
  apply(verb: OperationVerb, op: Operation): unknown;
  /** Applies again a decision recorded before this coordinator resumed from an older checkpoint. */
  reapply(verb: OperationVerb, op: Operation, recorded: OperationResult): void;
  /** A record that is not a valid command: reported, skipped. */
  rejected(error: WireError, subject: string): void;
}

const READ_BATCH = 500;
const CATCH_UP_MS = 1000;

export class OperationLog {
  readonly #stream: StreamStore;
  readonly #results: KvStore;
  readonly #run: string;
  readonly #log: Logger;
  readonly #wallClock: WallClock;
  readonly #waiters = new Map<string, ((r: OperationResult) => void)[]>();
  #appliedSeq = 0;
  #chain: Promise<void> = Promise.resolve();
  #follower: StreamFollower | undefined;
  #stopCatchUp: (() => void) | undefined;
  #catchingUp = false;
  /** A record could not be processed (NATS not answering): the follow has passed it, the catch-up must not. */
  #behind = false;
  #applier: OperationApplier | undefined;
  readonly #decidedUnrecorded = new Map<number, OperationResult>();

  private constructor(run: string, stream: StreamStore, results: KvStore, log: Logger, wallClock: WallClock) {
    this.#run = run;
    this.#wallClock = wallClock;
    this.#stream = stream;
    this.#results = results;
    this.#log = log;
  }

  /** Opens the run's log; `fresh` empties it first (a new run must never apply another's commands). */
  static async open(bus: Bus, run: string, log: Logger, wallClock: WallClock, fresh: boolean, storage: StorageConfig): Promise<OperationLog> {
    const open = () => Promise.all([bus.stream(streams.operations(run), operationsStreamOptions(run, storage)), bus.kv(buckets.operationResults(run))]);
    let [stream, results] = await open();
    if (fresh) {
      await stream.destroy();
      await results.destroy();
      [stream, results] = await open();
    }
    return new OperationLog(run, stream, results, log, wallClock);
  }

  /** The sequence of the last command applied (or skipped): a checkpoint records it. */
  get appliedSeq(): number {
    return this.#appliedSeq;
  }

  /**
   * Applies every stored command after `afterSeq`, then follows new ones as they are stored. Resolves
   * once the stored ones are applied, so a resuming coordinator ticks only after its replay.
   */
  async start(afterSeq: number, applier: OperationApplier): Promise<void> {
    this.#appliedSeq = afterSeq;
    this.#applier = applier;
    await this.#applyStored(applier);
    this.#follower = await this.#stream.follow(this.#appliedSeq + 1, (record) => {
      // Only the next one: after a record that could not be processed, the catch-up reads on from it.
      this.#chain = this.#chain.then(() => (record.seq === this.#appliedSeq + 1 ? this.#process(record, applier) : undefined)).catch(() => undefined);
    });
    this.#stopCatchUp = this.#wallClock.every(CATCH_UP_MS, () => this.#behind && this.#catchUp());
  }

  async stop(): Promise<void> {
    this.#stopCatchUp?.();
    await this.#follower?.stop();
    await this.#chain;
  }

  /** Applies, in order, every record stored after the applied sequence. */
  async #applyStored(applier: OperationApplier): Promise<void> {
    for (;;) {
      const batch = await this.#stream.read(this.#appliedSeq + 1, READ_BATCH);
      if (batch.length === 0) return;
      for (const record of batch) await this.#process(record, applier);
    }
  }

  /** Applies whatever is stored after the applied sequence, after the work already queued. */
  #catchUp(): void {
    const applier = this.#applier;
    if (this.#catchingUp || !applier) return;
    this.#catchingUp = true;
    this.#behind = false;
    this.#chain = this.#chain
      .then(() => this.#applyStored(applier))
      .catch((err: unknown) => {
        this.#behind = true;
        this.#log.warn({ err }, "could not read the command log; trying again");
      })
      .finally(() => (this.#catchingUp = false));
  }

  /**
   * Appends a command (the request-reply endpoints come through here, so every command is in the
   * log) and resolves with its outcome.
   */
  async submit(verb: OperationVerb, op: Omit<Operation, "v" | "id">, timeoutMs: number): Promise<OperationResult> {
    const id = `rr-${randomUUID()}`;
    const outcome = this.#waitFor(id);
    await this.#stream.publish(subjects.operation(this.#run, verb), operation.encode({ v: 1, id, ...op }), id);
    this.#catchUp();
    const deadline = new AbortController();
    try {
      const result = await Promise.race([outcome, this.#wallClock.sleep(timeoutMs, deadline.signal).then(() => undefined)]);
      if (!result)
        throw new OrbitwinError(ErrorCodes.timeout, `command ${id} (${verb}) was stored but not applied within ${timeoutMs} ms`, { retryable: true });
      return result;
    } finally {
      deadline.abort();
      this.#waiters.delete(id);
    }
  }

  #waitFor(id: string): Promise<OperationResult> {
    return new Promise((resolve) => {
      const list = this.#waiters.get(id) ?? [];
      list.push(resolve);
      this.#waiters.set(id, list);
    });
  }

  /**
   * A record counts as applied once its outcome is known. A failure to read or record it (NATS
   * not answering) leaves it where it is: the next catch-up tries it again, and the ones after it
   * wait, so the log keeps its order.
   */
  async #process(record: StreamRecord, applier: OperationApplier): Promise<void> {
    if (record.seq <= this.#appliedSeq) return;
    try {
      await this.#processOne(record, applier);
      this.#appliedSeq = record.seq;
    } catch (err) {
      this.#behind = true;
      this.#log.warn({ err, seq: record.seq }, "command not processed yet; trying again");
      throw err;
    }
  }

  async #processOne(record: StreamRecord, applier: OperationApplier): Promise<void> {
    const verb = record.subject.slice(record.subject.lastIndexOf(".") + 1) as OperationVerb;
    let op: Operation;
    try {
      if (!OperationVerbs.includes(verb))
        throw new OrbitwinError(ErrorCodes.invalidMessage, `unknown operation "${verb}": give one of ${OperationVerbs.join(", ")}`);
      op = operation.decode(record.data);
    } catch (err) {
      applier.rejected(toWireError(err), record.subject);
      return;
    }
    // Decided already, its outcome not yet kept: keep it now, never apply it twice.
    const decided = this.#decidedUnrecorded.get(record.seq);
    if (decided) {
      await this.#results.put(decided.id, operationResult.encode(decided));
      this.#decidedUnrecorded.delete(record.seq);
      this.#settle(decided);
      return;
    }
    const existing = await this.#results.get(op.id);
    if (existing) {
      const recorded = operationResult.decode(existing.value);
      if (recorded.seq === record.seq) {
        if (recorded.ok) applier.reapply(verb, op, recorded);
      } else {
        this.#log.info({ id: op.id, verb, seq: record.seq, appliedSeq: recorded.seq }, "a copy of a command already applied: not applied again");
      }
      this.#settle(recorded);
      return;
    }
    const atTick = applier.nextTick();
    let result: OperationResult;
    try {
      const answer = await applier.apply(verb, op);
      result = { v: 1, id: op.id, verb, seq: record.seq, atTick, ok: true, ...(answer === undefined ? {} : { result: answer }) };
    } catch (err) {
      result = { v: 1, id: op.id, verb, seq: record.seq, atTick, ok: false, error: toWireError(err) };
    }
    // The outcome must be kept: it is how a later copy is recognised and how the sender learns
    // the answer. Until it is, the record is tried again and the ones after it wait.
    this.#decidedUnrecorded.set(record.seq, result);
    await this.#results.put(result.id, operationResult.encode(result));
    this.#decidedUnrecorded.delete(record.seq);
    this.#settle(result);
  }

  #settle(result: OperationResult): void {
    for (const resolve of this.#waiters.get(result.id) ?? []) resolve(result);
    this.#waiters.delete(result.id);
  }
}
