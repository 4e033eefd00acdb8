/** Reads a scenario file and the element files it names (paths relative to the scenario). */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { InvalidScenarioError, parseScenario, type ClusterDefinition, type Scenario } from "@orbitwin/protocol";
import { emptyFleetIndex, indexCluster, type FleetIndex } from "./fleet-index.js";
import { clusterDefinitions, expandScenario, type ExpansionOptions } from "./scenario-expansion.js";

export interface LoadedScenario {
  scenario: Scenario;
  clusters: ClusterDefinition[];
  path: string;
}

export function loadScenarioFile(path: string, run: string): LoadedScenario {
  const { scenario, options, fullPath } = readScenarioFile(path, run);
  return { scenario, clusters: expandScenario(scenario, options), path: fullPath };
}

/** A scenario read for a coordinator: its clusters expanded afresh on each pass, and their index. */
export interface IndexedScenario {
  scenario: Scenario;
  /** each iteration expands the scenario again (the same definitions, one plane at a time) */
  clusters: Iterable<ClusterDefinition>;
  fleet: FleetIndex;
  path: string;
}

/**
 * The scenario and its fleet index, from one pass of the expansion that yields to the event loop
 * every SLICE_MS, so a coordinator expanding a million satellites keeps renewing its lease
 * meanwhile. No definition is kept: the coordinator expands them again to publish them.
 */
export async function indexScenarioFileInSlices(path: string, run: string): Promise<IndexedScenario> {
  const { scenario, options, fullPath } = readScenarioFile(path, run);
  const fleet = emptyFleetIndex();
  let sliceStartMs = performance.now();
  for (const def of clusterDefinitions(scenario, options)) {
    indexCluster(fleet, def);
    if (performance.now() - sliceStartMs > SLICE_MS) {
      await new Promise((resolveSlice) => setImmediate(resolveSlice));
      sliceStartMs = performance.now();
    }
  }
  return { scenario, clusters: { [Symbol.iterator]: () => clusterDefinitions(scenario, options) }, fleet, path: fullPath };
}

/** Longest stretch of expansion between two turns of the event loop, ms. */
const SLICE_MS = 50;

export interface CheckedScenario {
  scenario: Scenario;
  path: string;
  satellites: number;
  clusters: number;
}

/**
 * Everything loadScenarioFile checks (the file, its element files, every cluster it expands to)
 * without keeping the clusters: a launcher that only validates holds one plane at a time, not a
 * million satellites.
 */
export function checkScenarioFile(path: string, run: string): CheckedScenario {
  const { scenario, options, fullPath } = readScenarioFile(path, run);
  let satellites = 0;
  let clusters = 0;
  for (const def of clusterDefinitions(scenario, options)) {
    satellites += def.satIds.length;
    clusters++;
  }
  return { scenario, path: fullPath, satellites, clusters };
}

function readScenarioFile(path: string, run: string): { scenario: Scenario; options: ExpansionOptions; fullPath: string } {
  const fullPath = resolve(path);
  let text: string;
  try {
    text = readFileSync(fullPath, "utf8");
  } catch (err) {
    throw new InvalidScenarioError(path, [`cannot read the file: ${err instanceof Error ? err.message : String(err)}`], err);
  }
  const scenario = parseScenario(text, path);
  const baseDir = dirname(fullPath);
  const options: ExpansionOptions = {
    run,
    source: path,
    readElementFile: (file) => readFileSync(isAbsolute(file) ? file : resolve(baseDir, file), "utf8"),
  };
  return { scenario, options, fullPath };
}
