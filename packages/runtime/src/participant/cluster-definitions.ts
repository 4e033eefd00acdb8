/**
 * The run's cluster definitions as a participant reads them from the coordinator's clusters
 * bucket, and the check every telemetry batch passes against them before any logic sees it: a
 * batch can never reshape what a participant knows of the fleet.
 */
import { ELEMENT_COLUMNS, buckets, clusterDefinition, type ClusterDefinition, type ClusterTelemetry } from "@orbitwin/protocol";
import type { Bus } from "../bus/bus.js";
import type { ClusterDefinitions } from "./participant-logic.js";

const NO_ELEMENTS = new Uint8Array(0);

/**
 * Every cluster's definition, in cluster id order; undefined while the bucket is still empty.
 * Without `elements` the SGP4 element columns are left out (empty: elementColumns() then throws
 * naming the column): they are views of the bucket's message, so keeping them keeps the whole
 * message, 80 MB at a million satellites, in a reader that needs only ids and buses.
 */
export async function readClusterDefinitions(bus: Bus, run: string, options: { elements?: boolean } = {}): Promise<ClusterDefinitions | undefined> {
  const kv = await bus.kv(buckets.clusters(run));
  const read: ClusterDefinition[] = [];
  // Each key is read once, below (a listing that reads would read every definition twice).
  for (const key of await kv.keys(">", { unread: true })) {
    const entry = await kv.get(key);
    if (!entry) continue;
    const def = clusterDefinition.decode(entry.value);
    if (options.elements === false) for (const column of ELEMENT_COLUMNS) def[column] = NO_ELEMENTS;
    read.push(def);
  }
  if (read.length === 0) return undefined;
  read.sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  return new Map(read.map((def) => [def.cluster, def]));
}

/** Why a batch does not fit the definitions, naming the field; undefined when it fits. */
export function batchProblem(definitions: ClusterDefinitions, run: string, batch: ClusterTelemetry): string | undefined {
  const def = definitions.get(batch.cluster);
  if (!def) return `no cluster ${batch.cluster} in run ${run}`;
  const n = def.satIds.length;
  if (batch.count !== n) return `count: cluster ${batch.cluster} has ${n} satellites, the batch says ${batch.count}`;
  // Layout 1 still names its ids: they must be the definition's, slot for slot, as a layout 2 batch's are by construction.
  if (batch.v === 1 && batch.satIds.some((id, slot) => id !== def.satIds[slot]))
    return `satIds: the batch's ids of cluster ${batch.cluster} are not its definition's, in its order`;
  return undefined;
}
