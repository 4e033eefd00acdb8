/**
 * A study file (YAML): a base scenario, the fields to vary (a grid of values, or a list of
 * variants), the span each variant runs, the seeds (replicates), the metrics to collect and any
 * assumed economics. Every problem is reported with the field it is in (docs/STUDIES.md).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ErrorCodes, OrbitwinError, parseDurationMs } from "@orbitwin/protocol";
import { DEFAULT_ECONOMICS, economicsValueProblem, isEconomicsName, type Economics } from "./economics-assumptions.js";
import { isMetricName, METRICS } from "./metrics.js";
import { parseFieldPath, type FieldPath } from "./scenario-paths.js";

/** A value a study may give a field: what a YAML scalar is. */
export type FieldValue = number | string | boolean;

export interface Study {
  id: string;
  description: string;
  /** the study file's absolute path */
  source: string;
  baseScenarioPath: string;
  baseScenarioText: string;
  spanMs: number;
  seeds: number[];
  /** fields every variant sets alike (a smaller fleet, a longer dt), by path */
  set: Map<string, unknown>;
  /** grid mode: the values of each varied path, in file order; list mode: undefined */
  grid: Map<string, FieldValue[]> | undefined;
  /** list mode: each variant's values; grid mode: undefined */
  list: Map<string, FieldValue>[] | undefined;
  metrics: string[];
  economics: Economics;
  /** metric pairs whose trade-off front the report draws */
  tradeOffs: [string, string][];
  /** limits a good variant meets (junction under 368 K): the report names the least value of each parameter that meets them */
  limits: Map<string, MetricLimit>;
}

export interface MetricLimit {
  below?: number;
  above?: number;
}

export class InvalidStudyError extends OrbitwinError {
  override name = "InvalidStudyError";
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[], cause?: unknown) {
    super(ErrorCodes.invalidScenario, `study ${source} is invalid:\n  - ${problems.join("\n  - ")}`, { cause });
    this.problems = problems;
  }
}

const KEYS = new Set(["study", "description", "base", "span", "seeds", "set", "vary", "variants", "metrics", "economics", "tradeOffs", "limits", "reduced"]);
/** What a study's `reduced:` form may replace (`set:` entries are added to the full form's). */
const REDUCED_KEYS = new Set(["span", "seeds", "set", "vary", "variants"]);
const STUDY_ID = /^[a-z0-9][a-z0-9-]{0,40}$/;
const MAX_VARIANTS = 10_000;

type Plain = Record<string, unknown>;
const isMapping = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is FieldValue => (typeof v === "number" && Number.isFinite(v)) || typeof v === "string" || typeof v === "boolean";

/** A varied or set path: a scenario field, or `economics.<name>` for an assumed figure. */
export function isEconomicsPath(path: string): boolean {
  return path.startsWith("economics.");
}

function checkPath(path: string, where: string, problems: string[]): FieldPath | undefined {
  if (isEconomicsPath(path)) {
    const name = path.slice("economics.".length);
    if (!isEconomicsName(name)) problems.push(`${where}: economics figure "${name}" is unknown; known: ${Object.keys(DEFAULT_ECONOMICS).join(", ")}`);
    return undefined;
  }
  const parsed = parseFieldPath(path);
  if (typeof parsed === "string") problems.push(`${where}: ${parsed}`);
  else if (parsed[0] === "seed" || parsed[0] === "duration") problems.push(`${where}: the study sets ${String(parsed[0])} itself: use seeds: or span:`);
  else return parsed;
  return undefined;
}

export interface ReadStudyOptions {
  /** Use the study's `reduced:` form (the default tests' and a quick look's). @default false */
  reduced?: boolean;
}

/**
 * The study with its `reduced:` form laid over it: span, seeds and the grid or list replaced,
 * `set:` entries added. Without `reduced`, the study as written (the section then only checked).
 */
function applyReduced(raw: Plain, reduced: boolean, problems: string[]): Plain {
  const section = raw.reduced;
  const full = { ...raw };
  delete full.reduced;
  if (section === undefined) return full;
  if (!isMapping(section)) {
    problems.push("/reduced: must be a mapping of span, seeds, set, vary or variants");
    return full;
  }
  for (const key of Object.keys(section))
    if (!REDUCED_KEYS.has(key)) problems.push(`/reduced/${key}: a reduced form may set ${[...REDUCED_KEYS].join(", ")} only`);
  if (!reduced) return full;
  const out: Plain = { ...full, ...section };
  if (isMapping(full.set) && isMapping(section.set)) out.set = { ...full.set, ...section.set };
  if (section.vary !== undefined) delete out.variants;
  if (section.variants !== undefined) delete out.vary;
  return out;
}

export function readStudyFile(path: string, options: ReadStudyOptions = {}): Study {
  const source = resolve(path);
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch (err) {
    throw new InvalidStudyError(path, [`cannot read it: ${err instanceof Error ? err.message : String(err)}`], err);
  }
  return parseStudy(text, source, options);
}

/** Parses and checks a study; `source` is the study file's path (the base is relative to it). */
export function parseStudy(text: string, source: string, options: ReadStudyOptions = {}): Study {
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { maxAliasCount: 100, schema: "core" });
  } catch (err) {
    throw new InvalidStudyError(source, [`not valid YAML: ${err instanceof Error ? err.message : String(err)}`], err);
  }
  if (!isMapping(parsed)) throw new InvalidStudyError(source, ["/: must be a mapping with study, base, span, seeds, vary or variants, metrics"]);
  const problems: string[] = [];
  const raw = applyReduced(parsed, options.reduced === true, problems);
  for (const key of Object.keys(raw)) if (!KEYS.has(key)) problems.push(`/${key}: not a study field; give one of ${[...KEYS].join(", ")}`);

  const id = raw.study;
  if (typeof id !== "string" || !STUDY_ID.test(id)) problems.push(`/study: must be a lower-case kebab id such as heat-radiator (got ${JSON.stringify(id)})`);
  if (raw.description !== undefined && typeof raw.description !== "string") problems.push("/description: must be text");

  let baseScenarioPath = "";
  let baseScenarioText = "";
  if (typeof raw.base !== "string" || raw.base.length === 0) problems.push("/base: must be the base scenario's path, relative to the study file");
  else {
    baseScenarioPath = resolve(dirname(source), raw.base);
    try {
      baseScenarioText = readFileSync(baseScenarioPath, "utf8");
    } catch (err) {
      problems.push(`/base: cannot read ${baseScenarioPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  let spanMs = 0;
  if (typeof raw.span !== "string" && typeof raw.span !== "number") problems.push("/span: must be the simulated span per variant, e.g. 30d");
  else {
    try {
      spanMs = parseDurationMs(raw.span, "/span");
      if (spanMs <= 0) problems.push("/span: must be longer than 0");
    } catch (err) {
      problems.push(err instanceof OrbitwinError ? err.message.replace(/^.*?\n\s*-\s*/s, "") : String(err));
    }
  }

  const seeds: number[] = [];
  if (!Array.isArray(raw.seeds) || raw.seeds.length === 0 || raw.seeds.length > 100) problems.push("/seeds: must be a list of 1 to 100 seeds, e.g. [1, 2, 3]");
  else
    raw.seeds.forEach((s: unknown, i) => {
      if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 2 ** 32 - 1) problems.push(`/seeds/${i}: must be an integer 0 .. 4294967295`);
      else if (seeds.includes(s)) problems.push(`/seeds/${i}: ${s} is given twice`);
      else seeds.push(s);
    });

  const set = new Map<string, unknown>();
  if (raw.set !== undefined) {
    if (!isMapping(raw.set)) problems.push("/set: must be a mapping of field path: value");
    else for (const [path, value] of Object.entries(raw.set)) if (checkPath(path, `/set/${path}`, problems) || isEconomicsPath(path)) set.set(path, value);
  }

  let grid: Map<string, FieldValue[]> | undefined;
  let list: Map<string, FieldValue>[] | undefined;
  if ((raw.vary === undefined) === (raw.variants === undefined)) problems.push("/vary: give either vary: (a grid) or variants: (a list), not both or neither");
  else if (raw.vary !== undefined) {
    grid = new Map();
    if (!isMapping(raw.vary) || Object.keys(raw.vary).length === 0) problems.push("/vary: must map field paths to lists of values");
    else
      for (const [path, values] of Object.entries(raw.vary)) {
        checkPath(path, `/vary/${path}`, problems);
        if (set.has(path)) problems.push(`/vary/${path}: also under set:; a field is either set or varied`);
        if (!Array.isArray(values) || values.length === 0) problems.push(`/vary/${path}: must be a non-empty list of values`);
        else if (!values.every(isScalar)) problems.push(`/vary/${path}: every value must be a number, text or true/false`);
        else if (new Set(values).size !== values.length) problems.push(`/vary/${path}: a value is given twice`);
        else grid.set(path, values);
      }
  } else {
    list = [];
    if (!Array.isArray(raw.variants) || raw.variants.length === 0) problems.push("/variants: must be a non-empty list of {field path: value} mappings");
    else
      raw.variants.forEach((entry: unknown, i) => {
        if (!isMapping(entry) || Object.keys(entry).length === 0) return problems.push(`/variants/${i}: must be a mapping of field path: value`);
        const values = new Map<string, FieldValue>();
        for (const [path, value] of Object.entries(entry)) {
          checkPath(path, `/variants/${i}/${path}`, problems);
          if (!isScalar(value)) problems.push(`/variants/${i}/${path}: must be a number, text or true/false`);
          else values.set(path, value);
        }
        list!.push(values);
      });
  }
  const variantCount = (grid ? [...grid.values()].reduce((n, v) => n * v.length, 1) : (list?.length ?? 0)) * Math.max(1, seeds.length);
  if (variantCount > MAX_VARIANTS) problems.push(`/vary: ${variantCount} variants (with the seeds) is more than ${MAX_VARIANTS}; split the study`);

  const metrics: string[] = [];
  if (!Array.isArray(raw.metrics) || raw.metrics.length === 0) problems.push("/metrics: must be a non-empty list of metric names");
  else
    raw.metrics.forEach((m: unknown, i) => {
      if (typeof m !== "string" || !isMetricName(m))
        problems.push(`/metrics/${i}: ${JSON.stringify(m)} is not a metric; known: ${Object.keys(METRICS).join(", ")}`);
      else if (!metrics.includes(m)) metrics.push(m);
    });

  const economics: Economics = { ...DEFAULT_ECONOMICS };
  if (raw.economics !== undefined) {
    if (!isMapping(raw.economics)) problems.push("/economics: must map figure names to numbers");
    else
      for (const [name, value] of Object.entries(raw.economics)) {
        if (!isEconomicsName(name)) problems.push(`/economics/${name}: unknown figure; known: ${Object.keys(DEFAULT_ECONOMICS).join(", ")}`);
        else {
          const problem = economicsValueProblem(name, value);
          if (problem) problems.push(`/economics/${name}: ${problem}`);
          else economics[name] = value as number;
        }
      }
  }

  const tradeOffs: [string, string][] = [];
  if (raw.tradeOffs !== undefined) {
    if (!Array.isArray(raw.tradeOffs)) problems.push("/tradeOffs: must be a list of [metric, metric] pairs");
    else
      raw.tradeOffs.forEach((pair: unknown, i) => {
        if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((m) => typeof m === "string" && metrics.includes(m)))
          problems.push(`/tradeOffs/${i}: must be two of this study's metrics, e.g. [costPerGpuHourUsd, workingCapacityFraction]`);
        else tradeOffs.push([pair[0] as string, pair[1] as string]);
      });
  }
  const limits = new Map<string, MetricLimit>();
  if (raw.limits !== undefined) {
    if (!isMapping(raw.limits)) problems.push("/limits: must map metrics to { below: number } or { above: number }");
    else
      for (const [metric, limit] of Object.entries(raw.limits)) {
        const bound = isMapping(limit) ? limit : {};
        const ok = Object.keys(bound).length > 0 && Object.entries(bound).every(([k, v]) => (k === "below" || k === "above") && typeof v === "number");
        if (!metrics.includes(metric)) problems.push(`/limits/${metric}: not one of this study's metrics`);
        else if (!ok) problems.push(`/limits/${metric}: must be { below: number } and/or { above: number }`);
        else limits.set(metric, bound);
      }
  }
  if (problems.length > 0) throw new InvalidStudyError(source, problems);
  return {
    id: id as string,
    description: (raw.description as string | undefined) ?? "",
    source,
    baseScenarioPath,
    baseScenarioText,
    spanMs,
    seeds,
    set,
    grid,
    list,
    metrics,
    economics,
    tradeOffs,
    limits,
  };
}
