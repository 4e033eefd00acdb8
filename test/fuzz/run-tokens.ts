/** The tokens of a run of a scenario file (its clusters and some satellites), as the catalogue needs them. */
import { loadScenarioFile } from "@orbitwin/coordinator";
import type { RunTokens } from "./inbound-catalogue.js";

/** Host ids are `<run>-h<n>`, as live-twin.ts names them. */
export function runTokens(scenarioPath: string, run: string, hosts: number): RunTokens {
  const { clusters } = loadScenarioFile(scenarioPath, run);
  return {
    run,
    hosts: Array.from({ length: hosts }, (_, i) => `${run}-h${i + 1}`),
    clusters: clusters.map((c) => c.cluster),
    // The first and last satellite of the first cluster: a watch or a per-satellite subject needs only some.
    sats: [clusters[0]!.satIds[0]!, clusters[0]!.satIds.at(-1)!].map((s) => [clusters[0]!.cluster, s] as const),
  };
}
