/**
 * A run's stored observations joined with what its scenario says (the bus, the shell): the input
 * of every metric. The variant runner and the derivation of economics-only variants both build
 * it here, so a derived variant's metrics are computed exactly as its own run's would be.
 */
import { resolveBus } from "@orbitwin/fleet";
import { validateScenario, type StudyRunObservations } from "@orbitwin/protocol";
import { singleShell } from "./debris-decades.js";
import type { Economics } from "./economics-assumptions.js";
import { computeMetrics, type RunObservations } from "./metrics.js";

export interface RunRecord {
  satellites: number;
  simulatedMs: number;
  observations: StudyRunObservations;
}

export function runObservations(scenarioFile: Record<string, unknown>, run: RunRecord, source: string): RunObservations {
  const scenario = validateScenario(scenarioFile, source);
  const busChoice = scenario.bus ?? scenario.constellations.find((c) => c.bus !== undefined)?.bus;
  return {
    ...run.observations,
    satellites: run.satellites,
    simulatedMs: run.simulatedMs,
    bus: busChoice ? resolveBus(busChoice) : undefined,
    shell: singleShell(scenario.constellations),
  };
}

/** The metrics `names` of a run of `scenarioFile`, under the assumed figures `economics`. */
export function metricsOfRun(
  names: readonly string[],
  scenarioFile: Record<string, unknown>,
  run: RunRecord,
  economics: Economics,
  source: string,
): Record<string, number | null> {
  return computeMetrics(names, runObservations(scenarioFile, run, source), economics);
}
