import { describe, expect, it } from "vitest";
import { connectNatsBus, silentLogger } from "../../packages/runtime/src/index.js";
import { startLocalCluster } from "./cluster.js";

describe("3-node NATS cluster on loopback", () => {
  it("keeps an R3 stream and KV working when a node is killed", async () => {
    const cluster = await startLocalCluster(3);
    const bus = await connectNatsBus({ url: cluster.urls.join(","), name: "cluster-test", log: silentLogger() });
    try {
      const kv = await bus.kv("cluster-kv", { history: 1, replicas: 3 });
      await kv.put("k", new TextEncoder().encode("before"));
      const stream = await bus.stream("cluster-events", { subjects: ["cluster.evt.>"], replicas: 3 });
      for (let i = 0; i < 10; i++) await stream.publish("cluster.evt.x", new TextEncoder().encode(String(i)), `m-${i}`);
      await cluster.nodes[0]!.kill("SIGKILL");
      // Publishes fail until the stream elects a new leader; retry with the same msgId, as a service would.
      const deadline = Date.now() + 60_000;
      for (let i = 10; i < 20; i++) {
        for (;;) {
          try {
            await stream.publish("cluster.evt.x", new TextEncoder().encode(String(i)), `m-${i}`);
            break;
          } catch (err) {
            if (Date.now() > deadline) throw err;
          }
        }
      }
      expect(await stream.lastSeq()).toBe(20);
      const records = await stream.read(1, 100);
      expect(records.map((r) => new TextDecoder().decode(r.data))).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
      expect(new TextDecoder().decode((await kv.get("k"))!.value)).toBe("before");
    } finally {
      await bus.drain();
      await cluster.stop();
    }
  }, 120_000);
});
