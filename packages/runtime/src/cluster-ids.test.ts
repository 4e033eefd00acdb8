import { describe, expect, it } from "vitest";
import { buckets, clusterDefinition } from "@orbitwin/protocol";
import { LocalBus } from "./bus/local-bus.js";
import { ClusterIdBook } from "./cluster-ids.js";
import { testClusterDefinition } from "./participant/clock-driver.js";

async function busWith(run: string, clusters: Record<string, number>): Promise<LocalBus> {
  const bus = new LocalBus();
  const kv = await bus.kv(buckets.clusters(run));
  for (const [cluster, count] of Object.entries(clusters)) await kv.put(cluster, clusterDefinition.encode(testClusterDefinition(run, cluster, count)));
  return bus;
}

describe("ClusterIdBook", () => {
  it("reads a cluster's ids in slot order once, and knows them afterwards", async () => {
    const bus = await busWith("r", { a: 2, b: 3 });
    const book = new ClusterIdBook(bus, "r");
    expect(book.known("a")).toBeUndefined();
    const [first, second] = await Promise.all([book.idsOf("a"), book.idsOf("a")]);
    expect(first).toEqual(["a-s1", "a-s2"]);
    expect(second).toBe(first);
    expect(book.known("a")).toBe(first);
  });

  it("finds the cluster of a satellite and lists every cluster", async () => {
    const book = new ClusterIdBook(await busWith("r", { a: 2, b: 3 }), "r");
    expect(await book.clusterOf("b-s3")).toBe("b");
    expect(await book.clusterOf("nope")).toBeUndefined();
    expect([...(await book.all()).keys()]).toEqual(["a", "b"]);
  });

  it("asks again for a cluster it did not find, so a definition written later is seen", async () => {
    const bus = await busWith("r", {});
    const book = new ClusterIdBook(bus, "r");
    expect(await book.idsOf("late")).toBeUndefined();
    await (await bus.kv(buckets.clusters("r"))).put("late", clusterDefinition.encode(testClusterDefinition("r", "late", 1)));
    expect(await book.idsOf("late")).toEqual(["late-s1"]);
  });
});
