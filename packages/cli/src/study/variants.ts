/**
 * A study's variants: every combination of the grid's values (or every entry of the list), each
 * once per seed, as a whole scenario file checked against the scenario schema. A variant's id is
 * a hash of what makes its run: the base scenario's text, the values laid over it, the span and
 * the seed. The same study gives the same ids, so stored results are found again (--resume).
 */
import { createHash } from "node:crypto";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { InvalidScenarioError, rebaseScenarioPaths, validateScenario, type StudyVariantWork } from "@orbitwin/protocol";
import { economicsValueProblem, isEconomicsName, type Economics } from "./economics-assumptions.js";
import { parseFieldPath, setField } from "./scenario-paths.js";
import { InvalidStudyError, isEconomicsPath, type FieldValue, type Study } from "./study-file.js";

export interface StudyVariant {
  id: string;
  seed: number;
  /** the varied paths' values, in the study's order */
  values: Record<string, FieldValue>;
  /** the whole scenario file the variant runs, element paths absolute */
  scenario: Record<string, unknown>;
  economics: Economics;
}

/** The grid's combinations in a fixed order: the last path varies fastest. */
function combinations(grid: Map<string, FieldValue[]>): Map<string, FieldValue>[] {
  let out: Map<string, FieldValue>[] = [new Map<string, FieldValue>()];
  for (const [path, values] of grid) out = out.flatMap((partial) => values.map((v) => new Map([...partial, [path, v]])));
  return out;
}

/** JSON with mapping keys sorted, so equal values hash alike whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

export function variantId(study: Study, applied: Record<string, unknown>, seed: number): string {
  return createHash("sha256")
    .update(study.baseScenarioText)
    .update("\0")
    .update(canonical({ applied, spanMs: study.spanMs, seed }))
    .digest("hex")
    .slice(0, 16);
}

/** Lays `values` over the base scenario; throws InvalidStudyError naming the field and the variant. */
function variantScenario(study: Study, base: Record<string, unknown>, values: Map<string, unknown>, seed: number, label: string): Record<string, unknown> {
  const file = structuredClone(base);
  const problems: string[] = [];
  for (const [path, value] of values) {
    if (isEconomicsPath(path)) continue;
    const parsed = parseFieldPath(path);
    const problem = typeof parsed === "string" ? parsed : setField(file, parsed, value);
    if (problem) problems.push(`${label}: ${path}: ${problem}`);
  }
  if (problems.length > 0) throw new InvalidStudyError(study.source, problems);
  file.seed = seed;
  file.duration = `${study.spanMs}ms`;
  const baseDir = dirname(study.baseScenarioPath);
  rebaseScenarioPaths(file, (p) => (isAbsolute(p) ? p : resolve(baseDir, p)));
  try {
    validateScenario(file, `${study.baseScenarioPath} as ${label}`);
  } catch (err) {
    if (err instanceof InvalidScenarioError)
      throw new InvalidStudyError(
        study.source,
        err.problems.map((p) => `${label}: scenario field ${p}`),
        err,
      );
    throw err;
  }
  return file;
}

export function expandStudy(study: Study): StudyVariant[] {
  let base: unknown;
  try {
    base = parseYaml(study.baseScenarioText, { maxAliasCount: 100, schema: "core" });
  } catch (err) {
    throw new InvalidStudyError(study.source, [`/base: not valid YAML: ${err instanceof Error ? err.message : String(err)}`], err);
  }
  if (typeof base !== "object" || base === null || Array.isArray(base)) throw new InvalidStudyError(study.source, ["/base: not a scenario mapping"]);
  const points = study.grid ? combinations(study.grid) : (study.list ?? []);
  const variants: StudyVariant[] = [];
  const seen = new Set<string>();
  for (const point of points) {
    const applied = new Map<string, unknown>([...study.set, ...point]);
    const label = point.size > 0 ? [...point].map(([p, v]) => `${p}=${String(v)}`).join(", ") : "the base";
    const economics = { ...study.economics };
    for (const [path, value] of applied) {
      const name = path.slice("economics.".length);
      if (!isEconomicsPath(path) || !isEconomicsName(name)) continue;
      const problem = economicsValueProblem(name, value);
      if (problem) throw new InvalidStudyError(study.source, [`${label}: ${path}: ${problem}`]);
      economics[name] = value as number;
    }
    for (const seed of study.seeds) {
      const scenario = variantScenario(study, base as Record<string, unknown>, applied, seed, `${label}, seed ${seed}`);
      const id = variantId(study, Object.fromEntries(applied), seed);
      if (seen.has(id)) throw new InvalidStudyError(study.source, [`${label}, seed ${seed}: the same variant twice (a list entry repeated?)`]);
      seen.add(id);
      variants.push({ id, seed, values: Object.fromEntries(point), scenario, economics });
    }
  }
  return variants;
}

/**
 * What makes a variant's run: its whole scenario file (seed and span in it). Variants with the
 * same run key differ only in assumed figures and share one run.
 */
export function runKey(variant: StudyVariant): string {
  return createHash("sha256").update(canonical(variant.scenario)).digest("hex");
}

/** The work-queue item that runs `variant`. */
export function variantWork(study: Study, variant: StudyVariant): StudyVariantWork {
  return {
    v: 1,
    study: study.id,
    variantId: variant.id,
    seed: variant.seed,
    values: variant.values,
    scenario: variant.scenario,
    metrics: study.metrics,
    economics: variant.economics,
  };
}
