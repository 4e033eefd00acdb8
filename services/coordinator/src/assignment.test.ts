import { describe, expect, it } from "vitest";
import { assignClusters, movedClusters } from "./assignment.js";

const clusters = Array.from({ length: 12 }, (_, i) => ({ cluster: `c-${String(i).padStart(2, "0")}`, satellites: 100 + (i % 3) * 50 }));
const total = clusters.reduce((n, c) => n + c.satellites, 0);

function loadOf(assignment: Map<string, string[]>, host: string): number {
  return (assignment.get(host) ?? []).reduce((n, c) => n + clusters.find((x) => x.cluster === c)!.satellites, 0);
}

describe("assignClusters", () => {
  it("places every cluster exactly once", () => {
    const a = assignClusters(clusters, ["h1", "h2", "h3"]);
    const placed = [...a.values()].flat().sort();
    expect(placed).toEqual(clusters.map((c) => c.cluster).sort());
  });

  it("balances satellites across hosts within one cluster", () => {
    const a = assignClusters(clusters, ["h1", "h2", "h3"]);
    for (const h of ["h1", "h2", "h3"]) expect(Math.abs(loadOf(a, h) - total / 3)).toBeLessThanOrEqual(200);
  });

  it("gives the same answer whatever order hosts are listed in", () => {
    expect(assignClusters(clusters, ["h3", "h1", "h2"])).toEqual(assignClusters(clusters, ["h1", "h2", "h3"]));
  });

  it("moves only the lost host's clusters when a host dies", () => {
    const before = assignClusters(clusters, ["h1", "h2", "h3"]);
    const after = assignClusters(clusters, ["h1", "h3"], before);
    expect(movedClusters(before, after)).toEqual([...before.get("h2")!].sort());
    for (const c of before.get("h1")!) expect(after.get("h1")).toContain(c);
  });

  it("gives a joining host a share by moving clusters off the loaded ones", () => {
    const before = assignClusters(clusters, ["h1"]);
    const after = assignClusters(clusters, ["h1", "h2"], before);
    expect(loadOf(after, "h2")).toBeGreaterThan(0);
    expect(Math.abs(loadOf(after, "h1") - loadOf(after, "h2"))).toBeLessThanOrEqual(400);
  });

  it("assigns nothing when there are no hosts", () => {
    expect(assignClusters(clusters, []).size).toBe(0);
  });
});
