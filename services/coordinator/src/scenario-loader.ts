/** Reads a scenario file and the element files it names (paths relative to the scenario). */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { InvalidScenarioError, parseScenario, type ClusterDefinition, type Scenario } from "@orbitwin/protocol";
import { expandScenario } from "./scenario-expansion.js";

export interface LoadedScenario {
  scenario: Scenario;
  clusters: ClusterDefinition[];
  path: string;
}

export function loadScenarioFile(path: string, run: string): LoadedScenario {
  const fullPath = resolve(path);
  let text: string;
  try {
    text = readFileSync(fullPath, "utf8");
  } catch (err) {
    throw new InvalidScenarioError(path, [`cannot read the file: ${err instanceof Error ? err.message : String(err)}`], err);
  }
  const scenario = parseScenario(text, path);
  const baseDir = dirname(fullPath);
  const clusters = expandScenario(scenario, {
    run,
    source: path,
    readElementFile: (file) => readFileSync(isAbsolute(file) ? file : resolve(baseDir, file), "utf8"),
  });
  return { scenario, clusters, path: fullPath };
}
