/**
 * A fork's scenario: the live run's scenario file with a patch laid over it. The patch may change
 * what happens from the fork on (duration, speed, services' settings, history) and add faults,
 * timed from the fork's tick; it may not change the fleet itself, which the checkpoint holds.
 * The base file's own faults stay: the checkpoint's fault book already has them.
 */
import { parse as parseYaml } from "yaml";
import { InvalidScenarioError } from "./errors.js";
import { validateScenario } from "./scenario.js";
import type { ScenarioFault } from "./messages/faults.js";

const PATCHABLE = new Set(["name", "description", "duration", "speed", "thermal", "scheduler", "debris", "history", "storage", "checkpoint", "faults"]);
const FIXED = new Set(["epoch", "dt", "seed", "clusterSize", "bus", "constellations"]);

export interface ForkScenario {
  /** the fork's scenario file, element and catalog paths made absolute */
  file: Record<string, unknown>;
  /** the patch's faults, `at` counted from the fork's tick */
  faults: ScenarioFault[];
}

type Plain = Record<string, unknown>;
const isMapping = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

function parseMapping(text: string, source: string): Plain {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100, schema: "core" });
  } catch (err) {
    throw new InvalidScenarioError(source, [`not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`], err);
  }
  if (!isMapping(raw)) throw new InvalidScenarioError(source, ["/: must be a mapping of scenario sections"]);
  return raw;
}

/** Objects merge key by key; anything else (numbers, strings, lists) is replaced. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isMapping(base) || !isMapping(patch)) return structuredClone(patch);
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(base[k], v);
  return out;
}

/** `file:` paths of element sets and debris catalogs, rebased (they were relative to the original file). */
export function rebaseScenarioPaths(file: Plain, rebase: (path: string) => string): void {
  const fix = (entry: unknown) => {
    if (isMapping(entry) && typeof entry.file === "string") entry.file = rebase(entry.file);
  };
  if (Array.isArray(file.constellations)) file.constellations.forEach(fix);
  if (isMapping(file.debris) && Array.isArray(file.debris.catalogs)) file.debris.catalogs.forEach(fix);
}

/** `rebase` turns a path relative to the original scenario into one that works from the fork's file. */
export function forkScenario(
  baseText: string,
  baseSource: string,
  rebase: (path: string) => string,
  patchText: string | undefined,
  patchSource = "patch",
): ForkScenario {
  const base = parseMapping(baseText, baseSource);
  const patch = patchText === undefined ? {} : parseMapping(patchText, patchSource);
  const problems: string[] = [];
  for (const key of Object.keys(patch)) {
    if (FIXED.has(key)) problems.push(`/${key}: a fork cannot change it: the checkpoint holds the fleet as it was`);
    else if (!PATCHABLE.has(key)) problems.push(`/${key}: not a section a patch may set; give one of ${[...PATCHABLE].join(", ")}`);
  }
  if (patch.faults !== undefined && !Array.isArray(patch.faults)) problems.push("/faults: must be a list of faults");
  if (problems.length > 0) throw new InvalidScenarioError(patchSource, problems);
  const { faults: patchFaults = [], ...rest } = patch as { faults?: unknown[] };
  const file = merge(base, rest) as Plain;
  rebaseScenarioPaths(file, rebase);
  // The fork's own faults are checked in place of the base's, so an error names the patch's entry.
  const checked = validateScenario({ ...file, faults: patchFaults }, patchText === undefined ? baseSource : `${baseSource} with ${patchSource}`);
  return { file, faults: checked.faults.map((f) => structuredClone(f)) };
}
