/**
 * Balanced, sticky assignment of clusters to fleet hosts: a pure function, so every decision is
 * reproducible and testable. Clusters stay where they are unless their host is gone or holds
 * more than its share; orphans and surplus go to the least-loaded host. Ties break by id.
 */

export interface ClusterLoad {
  cluster: string;
  satellites: number;
}

/** host id -> cluster ids */
export type Assignment = ReadonlyMap<string, readonly string[]>;

export function assignClusters(clusters: readonly ClusterLoad[], hosts: readonly string[], previous: Assignment = new Map()): Map<string, string[]> {
  const result = new Map<string, string[]>();
  if (hosts.length === 0) return result;
  const liveHosts = [...new Set(hosts)].sort();
  const load = new Map<string, number>(liveHosts.map((h) => [h, 0]));
  for (const h of liveHosts) result.set(h, []);
  const sizeOf = new Map(clusters.map((c) => [c.cluster, c.satellites]));
  const total = clusters.reduce((sum, c) => sum + c.satellites, 0);
  const largest = clusters.reduce((max, c) => Math.max(max, c.satellites), 0);
  // A host keeps its clusters up to its fair share plus one cluster of slack, so small
  // imbalances do not move state around.
  const keepLimit = total / liveHosts.length + largest;

  const unplaced: string[] = [];
  const placed = new Set<string>();
  for (const host of liveHosts) {
    const kept = [...(previous.get(host) ?? [])].filter((c) => sizeOf.has(c) && !placed.has(c)).sort();
    for (const cluster of kept) {
      const size = sizeOf.get(cluster)!;
      if (load.get(host)! + size <= keepLimit) {
        result.get(host)!.push(cluster);
        load.set(host, load.get(host)! + size);
        placed.add(cluster);
      }
    }
  }
  for (const c of clusters) if (!placed.has(c.cluster)) unplaced.push(c.cluster);
  // Largest first, onto the least-loaded host: the classic LPT heuristic (Graham 1969).
  unplaced.sort((a, b) => sizeOf.get(b)! - sizeOf.get(a)! || (a < b ? -1 : 1));
  for (const cluster of unplaced) {
    let best = liveHosts[0]!;
    for (const h of liveHosts) if (load.get(h)! < load.get(best)!) best = h;
    result.get(best)!.push(cluster);
    load.set(best, load.get(best)! + sizeOf.get(cluster)!);
  }
  for (const list of result.values()) list.sort();
  return result;
}

/** Clusters whose host differs between two assignments. */
export function movedClusters(before: Assignment, after: Assignment): string[] {
  const ownerBefore = new Map<string, string>();
  for (const [host, list] of before) for (const c of list) ownerBefore.set(c, host);
  const moved: string[] = [];
  for (const [host, list] of after) for (const c of list) if (ownerBefore.get(c) !== host) moved.push(c);
  return moved.sort();
}
