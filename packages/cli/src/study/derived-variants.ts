/**
 * Variants that differ only in assumed figures (`economics.<name>`: prices, masses, disposal
 * reliability) run the same scenario, so the twin runs it once: the first such variant in the
 * study's order is run, the others are derived from its stored observations by computing their
 * metrics under their own figures. A derived result carries the run's digest and `derivedFrom`.
 */
import { ErrorCodes, OrbitwinError, type StudyVariantResult } from "@orbitwin/protocol";
import { metricsOfRun } from "./run-observations.js";
import type { Study } from "./study-file.js";
import { runKey, type StudyVariant } from "./variants.js";

export interface RunPlan {
  /** the variants whose scenario is run, in the study's order */
  runs: StudyVariant[];
  /** variant id -> the variant whose run it reuses */
  derivedFrom: Map<string, StudyVariant>;
}

export function planRuns(variants: readonly StudyVariant[]): RunPlan {
  const byKey = new Map<string, StudyVariant>();
  const plan: RunPlan = { runs: [], derivedFrom: new Map() };
  for (const v of variants) {
    const key = runKey(v);
    const leader = byKey.get(key);
    if (leader) plan.derivedFrom.set(v.id, leader);
    else {
      byKey.set(key, v);
      plan.runs.push(v);
    }
  }
  return plan;
}

/** `variant`'s result from `source`, the stored result of the run it shares. */
export function deriveResult(study: Study, variant: StudyVariant, source: StudyVariantResult): StudyVariantResult {
  const own = { variantId: variant.id, seed: variant.seed, values: variant.values, derivedFrom: source.variantId, wallMs: 0 };
  if (source.error !== undefined) return { ...source, ...own };
  if (!source.observations)
    throw new OrbitwinError(
      ErrorCodes.invalidState,
      `variant ${source.variantId} of study ${study.id} has no stored observations to derive ${variant.id} from; run the study without --resume`,
    );
  const metrics = metricsOfRun(
    study.metrics,
    variant.scenario,
    { ...source, observations: source.observations },
    variant.economics,
    `variant ${variant.id} of study ${study.id}`,
  );
  return { ...source, ...own, metrics };
}
