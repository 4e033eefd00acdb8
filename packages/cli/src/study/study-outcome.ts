/**
 * Whether a study succeeded, decided once for `orbitwin study` and `npm run studies`: a variant
 * whose every delivery failed is stored with its error and no metrics, and docs/STUDIES.md
 * promises that such a study exits 1, so neither command may report success over it.
 */
import type { StudyVariantResult } from "@orbitwin/protocol";

/** The variants that gave no result (their `error` says why). */
export function failedVariants(results: readonly StudyVariantResult[]): StudyVariantResult[] {
  return results.filter((r) => r.error !== undefined);
}

/** 1 when any variant failed, else 0. */
export function studyExitCode(results: readonly StudyVariantResult[]): 0 | 1 {
  return failedVariants(results).length > 0 ? 1 : 0;
}

/**
 * "heat: 2 of 30 variants failed (3f9a…: <error>)", naming the first failure so the reader has a
 * place to start; undefined when none failed.
 */
export function failureSummary(studyId: string, results: readonly StudyVariantResult[]): string | undefined {
  const failed = failedVariants(results);
  const first = failed[0];
  if (!first) return undefined;
  return `${studyId}: ${failed.length} of ${results.length} variant${results.length === 1 ? "" : "s"} failed (first, ${first.variantId}: ${first.error})`;
}
