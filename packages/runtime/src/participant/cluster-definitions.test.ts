import { describe, expect, it } from "vitest";
import { buckets, clusterDefinition, elementColumns } from "@orbitwin/protocol";
import { LocalBus } from "../bus/local-bus.js";
import { testClusterDefinition } from "./clock-driver.js";
import { readClusterDefinitions } from "./cluster-definitions.js";

async function busWithClusters(): Promise<LocalBus> {
  const bus = new LocalBus();
  const kv = await bus.kv(buckets.clusters("r"));
  for (const cluster of ["b", "a"]) await kv.put(cluster, clusterDefinition.encode(testClusterDefinition("r", cluster, 3)));
  return bus;
}

describe("readClusterDefinitions", () => {
  it("reads every definition in cluster order, with its element columns", async () => {
    const definitions = (await readClusterDefinitions(await busWithClusters(), "r"))!;
    expect([...definitions.keys()]).toEqual(["a", "b"]);
    expect(elementColumns(definitions.get("a")!).meanAnomalyDeg).toEqual(Float64Array.from([0, 120, 240]));
  });

  it("leaves the element columns out for a reader of ids, and says so if one is read anyway", async () => {
    const definitions = (await readClusterDefinitions(await busWithClusters(), "r", { elements: false }))!;
    const a = definitions.get("a")!;
    expect(a.satIds).toEqual(["a-s1", "a-s2", "a-s3"]);
    expect(a.raanDeg.byteLength).toBe(0);
    expect(() => elementColumns(a)).toThrow(/epochMs has 0 bytes, expected 24/);
  });

  it("gives undefined while the bucket is empty", async () => {
    expect(await readClusterDefinitions(new LocalBus(), "r")).toBeUndefined();
  });
});
