/** Writes a finished study's files: results.csv, results.json, report.html and each variant's scenario. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StudyVariantResult } from "@orbitwin/protocol";
import { renderStudyReport } from "./study-report.js";
import type { Study } from "./study-file.js";
import { resultsCsv, resultsJson } from "./study-table.js";
import type { StudyVariant } from "./variants.js";

/** Returns results.json's content. */
export function writeStudyOutputs(out: string, study: Study, variants: readonly StudyVariant[], results: readonly StudyVariantResult[]): object {
  mkdirSync(join(out, "variants"), { recursive: true });
  // Each variant's scenario, so one can be rerun alone with orbitwin run and its digest compared.
  for (const v of variants) writeFileSync(join(out, "variants", `${v.id}.json`), JSON.stringify(v.scenario, null, 2) + "\n");
  const json = resultsJson(study, results);
  writeFileSync(join(out, "results.csv"), resultsCsv(study, results));
  writeFileSync(join(out, "results.json"), JSON.stringify(json, null, 2) + "\n");
  writeFileSync(join(out, "report.html"), renderStudyReport(study, results));
  return json;
}
