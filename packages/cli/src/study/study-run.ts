/**
 * Runs a study on NATS: stores its results bucket (fresh, or kept with --resume), puts every
 * variant without a stored result on the shared work queue, and follows the bucket and the
 * workers' started notices until every variant has a result. Workers may be anywhere.
 */
import { buckets, studyVariantResult, studyVariantStarted, studyVariantWork, subjects, type StudyVariantResult } from "@orbitwin/protocol";
import type { KvStore, NatsBus } from "@orbitwin/runtime";
import type { Study } from "./study-file.js";
import { variantWork, type StudyVariant } from "./variants.js";
import { openStudyQueue } from "./study-worker.js";

export interface StudyProgress {
  done: number;
  running: number;
  total: number;
  /** results stored before this run began (--resume) */
  resumed: number;
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

/** A stored result counts when it is whole: no error, and every metric the study now asks for. */
function complete(result: StudyVariantResult, study: Study): boolean {
  return result.error === undefined && study.metrics.every((m) => m in result.metrics);
}

async function readResult(kv: KvStore, id: string): Promise<StudyVariantResult | undefined> {
  const entry = await kv.get(id);
  return entry ? studyVariantResult.decode(entry.value) : undefined;
}

/** Every variant's result, in the variants' order, once each is stored. */
export async function runStudy(options: RunStudyOptions): Promise<StudyVariantResult[]> {
  const { study, variants, bus } = options;
  const bucket = buckets.studyResults(study.id);
  if (!options.resume) await (await bus.kv(bucket)).destroy();
  const kv = await bus.kv(bucket);
  const results = new Map<string, StudyVariantResult>();
  for (const v of variants) {
    const stored = await readResult(kv, v.id);
    if (stored && complete(stored, study)) results.set(v.id, stored);
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
    for (const v of variants)
      if (!results.has(v.id)) await queue.push(subjects.studyVariant(study.id), studyVariantWork.encode(variantWork(study, v)), `${study.id}.${v.id}.${nonce}`);
    const report = () => options.onProgress?.({ done: results.size, running: running.size, total: variants.length, resumed });
    report();
    while (results.size < variants.length) {
      if (options.signal?.aborted) throw new Error("the study was interrupted; run it again with --resume to go on");
      await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
      for (const key of await kv.keys()) {
        if (results.has(key) || !wanted.has(key)) continue;
        const stored = await readResult(kv, key);
        if (stored) {
          results.set(key, stored);
          running.delete(key);
        }
      }
      report();
    }
  } finally {
    started.unsubscribe();
  }
  return variants.map((v) => results.get(v.id)!);
}
