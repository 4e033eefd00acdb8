/**
 * Runs a study on NATS: stores its results bucket (fresh, or kept with --resume), puts every
 * variant without a stored result on the shared work queue, and follows the bucket and the
 * workers' started notices until every variant has a result. Workers may be anywhere.
 */
import { buckets, studyVariantResult, studyVariantStarted, studyVariantWork, subjects, type StudyVariantResult } from "@orbitwin/protocol";
import { KvConflictError, type KvStore, type NatsBus } from "@orbitwin/runtime";
import { deriveResult, planRuns, type RunPlan } from "./derived-variants.js";
import type { Study } from "./study-file.js";
import { variantWork, type StudyVariant } from "./variants.js";
import { openStudyQueue } from "./study-worker.js";

export interface StudyProgress {
  done: number;
  running: number;
  total: number;
  /** results stored before this run began (--resume) */
  resumed: number;
  /** variants that reuse another's run (they differ only in assumed figures) */
  derived: number;
}

export interface RunStudyOptions {
  study: Study;
  variants: StudyVariant[];
  bus: NatsBus;
  /** keep the stored results and run only the variants without one @default false */
  resume?: boolean;
  onProgress?: (p: StudyProgress) => void;
  /** How often the bucket is read for new results, ms. @default 500 */
  pollMs?: number;
  /** Resolves the wait early (the command's Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * A stored result counts when it is whole: no error, every metric the study now asks for, and
 * the observations when other variants are derived from it.
 */
function complete(result: StudyVariantResult, study: Study, derivedFrom: boolean): boolean {
  return result.error === undefined && study.metrics.every((m) => m in result.metrics) && (!derivedFrom || result.observations !== undefined);
}

async function readResult(kv: KvStore, id: string): Promise<StudyVariantResult | undefined> {
  const entry = await kv.get(id);
  return entry ? studyVariantResult.decode(entry.value) : undefined;
}

/** Derives and stores (create-only) every derived variant whose run has its result. */
async function deriveReady(
  study: Study,
  variants: readonly StudyVariant[],
  plan: RunPlan,
  results: Map<string, StudyVariantResult>,
  kv: KvStore,
): Promise<void> {
  for (const v of variants) {
    const leader = plan.derivedFrom.get(v.id);
    const source = leader && results.get(leader.id);
    if (!source || results.has(v.id)) continue;
    const derived = deriveResult(study, v, source);
    try {
      await kv.update(v.id, studyVariantResult.encode(derived), 0);
    } catch (err) {
      // Stored already (another `study` on the same bucket): the same run gives the same result.
      if (!(err instanceof KvConflictError)) throw err;
    }
    results.set(v.id, derived);
  }
}

/** Every variant's result, in the variants' order, once each is stored (or derived from its run's). */
export async function runStudy(options: RunStudyOptions): Promise<StudyVariantResult[]> {
  const { study, variants, bus } = options;
  const bucket = buckets.studyResults(study.id);
  if (!options.resume) await (await bus.kv(bucket)).destroy();
  const kv = await bus.kv(bucket);
  const plan = planRuns(variants);
  const leaders = new Set([...plan.derivedFrom.values()].map((v) => v.id));
  const results = new Map<string, StudyVariantResult>();
  for (const v of variants) {
    const stored = await readResult(kv, v.id);
    if (stored && complete(stored, study, leaders.has(v.id))) results.set(v.id, stored);
    // An incomplete one is run again: a worker skips a variant only when nothing is stored.
    else if (stored) await kv.delete(v.id);
  }
  const resumed = results.size;
  const running = new Set<string>();
  const wanted = new Set(variants.map((v) => v.id));
  const started = bus.subscribe(subjects.studyVariantStarted(study.id), (msg) => {
    try {
      const notice = studyVariantStarted.decode(msg.data);
      if (wanted.has(notice.variantId) && !results.has(notice.variantId)) running.add(notice.variantId);
    } catch {
      // A malformed notice only costs the progress bar a count.
    }
  });
  try {
    const queue = await openStudyQueue(bus);
    // A fresh message id per invocation: an earlier, interrupted `study` may have left the same
    // variants queued; a worker finds their result stored and skips them.
    const nonce = Date.now().toString(36);
    for (const v of plan.runs)
      if (!results.has(v.id)) await queue.push(subjects.studyVariant(study.id), studyVariantWork.encode(variantWork(study, v)), `${study.id}.${v.id}.${nonce}`);
    const report = () => options.onProgress?.({ done: results.size, running: running.size, total: variants.length, resumed, derived: plan.derivedFrom.size });
    report();
    while (results.size < variants.length) {
      await deriveReady(study, variants, plan, results, kv);
      if (results.size === variants.length) break;
      if (options.signal?.aborted) throw new Error("the study was interrupted; run it again with --resume to go on");
      await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
      for (const key of await kv.keys()) {
        if (results.has(key) || !wanted.has(key) || plan.derivedFrom.has(key)) continue;
        const stored = await readResult(kv, key);
        if (stored) {
          results.set(key, stored);
          running.delete(key);
        }
      }
      report();
    }
    report();
  } finally {
    started.unsubscribe();
  }
  return variants.map((v) => results.get(v.id)!);
}
