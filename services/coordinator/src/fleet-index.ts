/**
 * What the coordinator keeps of the cluster definitions for the whole run: each cluster's size
 * (for assignment) and every satellite id (to check the ones a fault names). The definitions
 * themselves (elements: 80 B a satellite) live in the clusters bucket once published.
 */
import type { ClusterDefinition } from "@orbitwin/protocol";
import type { ClusterLoad } from "./assignment.js";
import { SatelliteIdSet } from "./satellite-id-set.js";

export interface FleetIndex {
  /** every cluster and its satellite count, in definition order */
  readonly loads: ClusterLoad[];
  readonly satellites: SatelliteIdSet;
}

export function emptyFleetIndex(): FleetIndex {
  return { loads: [], satellites: new SatelliteIdSet() };
}

/** Takes one more definition into the index. */
export function indexCluster(index: FleetIndex, def: ClusterDefinition): void {
  index.loads.push({ cluster: def.cluster, satellites: def.satIds.length });
  for (const sat of def.satIds) index.satellites.add(sat);
}

export function fleetIndexOf(definitions: Iterable<ClusterDefinition>): FleetIndex {
  const index = emptyFleetIndex();
  for (const def of definitions) indexCluster(index, def);
  return index;
}
