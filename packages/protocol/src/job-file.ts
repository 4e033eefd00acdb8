/**
 * Job files for `orbitwin jobs submit FILE` (YAML or JSON): one job, a list of jobs, or
 * `{ jobs: [...] }`. Validated like a submission on the bus, so errors name the field
 * (`/jobs/1/accelerators`) whichever way a job arrives.
 */
import { parse as parseYaml } from "yaml";
import { InvalidMessageError } from "./errors.js";
import { jobSubmit, type JobSpec } from "./messages/jobs.js";
import { plainDataProblem } from "./plain-data.js";

export function parseJobFile(text: string, source: string): JobSpec[] {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100, schema: "core" });
  } catch (err) {
    throw new InvalidMessageError(`job file ${source}`, [`not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const shapeProblem = plainDataProblem(raw);
  if (shapeProblem) throw new InvalidMessageError(`job file ${source}`, [shapeProblem]);
  const jobs = Array.isArray(raw) ? raw : raw !== null && typeof raw === "object" && "jobs" in raw ? raw.jobs : [raw];
  return jobSubmit.validate({ v: 1, jobs }, `job file ${source}`).jobs;
}
