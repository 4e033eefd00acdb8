import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { startLocalCluster, type LocalCluster } from "./cluster.js";

const bytes = (s: string) => new TextEncoder().encode(s);

/** Retries `op` until it succeeds or `deadline` passes; the pause only paces retries, it waits for nothing. */
async function retry<T>(op: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await op();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Messages the node's own replica of `stream` holds, from its monitoring endpoint. */
async function replicaMessages(cluster: LocalCluster, node: string, stream: string): Promise<number | undefined> {
  const monitor = cluster.nodes.find((n) => n.name === node)!.monitorUrl;
  try {
    const jsz = (await (await fetch(`${monitor}/jsz?accounts=true&streams=true`)).json()) as {
      account_details?: { stream_detail?: { name: string; state: { messages: number } }[] }[];
    };
    return jsz.account_details?.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === stream)?.state.messages;
  } catch {
    return undefined;
  }
}

describe("3-node NATS cluster on loopback", () => {
  it("keeps an R3 stream and KV working when the stream leader is killed, and the node catches up after a restart", async () => {
    const cluster = await startLocalCluster(3);
    const bus = await connectNatsBus({ url: cluster.urls.join(","), name: "cluster-test", log: silentLogger(), reconnectTimeWaitMs: 100 });
    const nc = await connect({ servers: cluster.urls, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    try {
      expect(cluster.nodes.map((n) => n.name)).toEqual(["n1", "n2", "n3"]);
      const kv = await bus.kv("cluster-kv", { history: 1, replicas: 3 });
      await kv.put("k", bytes("before"));
      const stream = await bus.stream("cluster-events", { subjects: ["cluster.evt.>"], replicas: 3 });
      for (let i = 0; i < 10; i++) await stream.publish("cluster.evt.x", bytes(String(i)), `m-${i}`);

      const jsm = await jetstreamManager(nc);
      const leaderName = (await jsm.streams.info("cluster-events")).cluster?.leader;
      const leader = cluster.nodes.find((n) => n.name === leaderName);
      expect(leader, `stream leader ${leaderName} is one of our nodes`).toBeDefined();
      const killedPid = leader!.pid;
      await leader!.kill("SIGKILL");
      expect(leader!.pid).toBeUndefined();
      expect(killedPid).toBeGreaterThan(0);

      // Publishes fail until the stream elects a new leader; retry with the same msgId, as a service would.
      const deadline = Date.now() + 60_000;
      for (let i = 10; i < 20; i++) await retry(() => stream.publish("cluster.evt.x", bytes(String(i)), `m-${i}`), deadline);
      expect(await retry(() => stream.lastSeq(), deadline)).toBe(20);
      const records = await retry(() => stream.read(1, 100), deadline);
      expect(records.map((r) => new TextDecoder().decode(r.data))).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
      expect(new TextDecoder().decode((await retry(() => kv.get("k"), deadline))!.value)).toBe("before");
      const newLeader = (await jsm.streams.info("cluster-events")).cluster?.leader;
      expect(newLeader).not.toBe(leaderName);

      await leader!.restart();
      expect(leader!.pid).not.toBe(killedPid);
      const caughtUp = Date.now() + 60_000;
      while ((await replicaMessages(cluster, leader!.name, "cluster-events")) !== 20) {
        if (Date.now() > caughtUp) throw new Error(`${leader!.name} did not catch up to 20 messages within 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await nc.close();
      await bus.drain();
      await cluster.stop();
    }
  }, 180_000);
});
