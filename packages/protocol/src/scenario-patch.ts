/**
 * A fork's scenario: the live run's scenario file with a patch laid over it. The patch may change
 * what happens from the fork on (duration, speed, services' settings, history) and add faults;
 * its duration and its faults' times count from the fork's checkpoint. It may not change the fleet
 * itself, which the checkpoint holds. The base file's own faults stay: the checkpoint's fault book
 * already has them.
 */
import { parse as parseYaml } from "yaml";
import { InvalidScenarioError } from "./errors.js";
import { parseDurationMs, validateScenario } from "./scenario.js";
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

export interface ForkScenarioOptions {
  /** the live run's scenario file (YAML or JSON) and where it was read from */
  baseText: string;
  baseSource: string;
  /** turns a path relative to the original scenario into one that works from the fork's file */
  rebase: (path: string) => string;
  patchText?: string;
  patchSource?: string;
  /** the tick of the checkpoint the fork starts from */
  fromTick: number;
}

/**
 * The patch's `duration` is the simulated time the fork runs past its checkpoint; the fork's file
 * holds it as the run's duration from the epoch (what a run reads), a whole number of ticks in ms
 * so no rounding moves the end. Without one the fork ends where the live run would. A fork that
 * would run no tick is refused: it could only end at once, with an empty digest.
 */
export function forkScenario(options: ForkScenarioOptions): ForkScenario {
  const { baseText, baseSource, rebase, patchText, patchSource = "patch", fromTick } = options;
  const base = parseMapping(baseText, baseSource);
  const patch = patchText === undefined ? {} : parseMapping(patchText, patchSource);
  const problems: string[] = [];
  for (const key of Object.keys(patch)) {
    if (FIXED.has(key)) problems.push(`/${key}: a fork cannot change it: the checkpoint holds the fleet as it was`);
    else if (!PATCHABLE.has(key)) problems.push(`/${key}: not a section a patch may set; give one of ${[...PATCHABLE].join(", ")}`);
  }
  if (patch.faults !== undefined && !Array.isArray(patch.faults)) problems.push("/faults: must be a list of faults");
  if (problems.length > 0) throw new InvalidScenarioError(patchSource, problems);
  const { faults: patchFaults = [], duration: forkDuration, ...rest } = patch as { faults?: unknown[]; duration?: unknown };
  const file = merge(base, rest) as Plain;
  rebaseScenarioPaths(file, rebase);
  const source = patchText === undefined ? baseSource : `${baseSource} with ${patchSource}`;
  // The fork's own faults are checked in place of the base's, so an error names the patch's entry.
  let checked = validateScenario({ ...file, faults: patchFaults }, source);
  if (forkDuration !== undefined) {
    const duration = durationOf(forkDuration, patchSource);
    const ticks = Math.floor(duration.ms / checked.dtMs);
    if (ticks < 1)
      throw new InvalidScenarioError(patchSource, [
        `/duration: ${duration.text} is shorter than one tick (dt ${checked.dtMs / 1000} s): the fork would run no tick past its checkpoint of tick ${fromTick}`,
      ]);
    file.duration = `${(fromTick + ticks) * checked.dtMs}ms`;
    // Again with the fork's end: the storage limits are checked against the run's length.
    checked = validateScenario({ ...file, faults: patchFaults }, source);
  } else if (checked.durationMs !== null && Math.floor(checked.durationMs / checked.dtMs) <= fromTick) {
    throw new InvalidScenarioError(source, [
      `/duration: the live run ends at tick ${Math.floor(checked.durationMs / checked.dtMs)}, so a fork from tick ${fromTick} would run no tick; give the patch a duration (simulated time past the checkpoint)`,
    ]);
  }
  return { file, faults: checked.faults.map((f) => structuredClone(f)) };
}

function durationOf(value: unknown, patchSource: string): { ms: number; text: string } {
  if (typeof value !== "number" && typeof value !== "string")
    throw new InvalidScenarioError(patchSource, [`/duration: must be a duration such as 90s, 15m, 6h, 2d (seconds as a number)`]);
  try {
    return { ms: parseDurationMs(value, "/duration"), text: String(value) };
  } catch (err) {
    throw err instanceof InvalidScenarioError ? new InvalidScenarioError(patchSource, err.problems, err) : err;
  }
}
