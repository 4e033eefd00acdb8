/**
 * Acceptance: on a 3-node NATS cluster with every bucket and stream at 3 replicas, the node the
 * twin is connected to is killed mid-run; the clients move to the other nodes, and the run
 * completes with the digest of the undisturbed run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBus, connectNatsBus, silentLogger, type NatsBus } from "@orbitwin/runtime";
import { nodeHoldingConnection, startLocalCluster, type LocalCluster } from "../harness/cluster.js";
import { control, startRecoveryTwin, tickReached } from "./recovery-cases.js";

let cluster: LocalCluster;
beforeAll(async () => {
  cluster = await startLocalCluster(3);
}, 120_000);
afterAll(async () => {
  await cluster.stop();
});

describe("losing a NATS node", { timeout: 300_000 }, () => {
  it("completes the run with the undisturbed digest when a node of the cluster dies mid-run", async () => {
    const reference = await startRecoveryTwin(new LocalBus(), "node-loss", { hosts: 2 });
    const expected = (await reference.twin.coordinator.finished()).digest;
    await reference.stop();
    const bus: NatsBus = await connectNatsBus({ url: cluster.urls.join(","), name: "node-loss", log: silentLogger(), replicas: 3 });
    const t = await startRecoveryTwin(bus, "node-loss", { hosts: 2, startPaused: true });
    try {
      const reached = tickReached(bus, "node-loss", 12);
      await control(bus, "node-loss", "step", { ticks: 13 });
      await reached;
      // The node the twin's connection is on (servers are tried in random order).
      const on = await nodeHoldingConnection(cluster, "node-loss");
      await on.kill("SIGKILL");
      // As an operator would: the request in flight while the client moves nodes is retried.
      for (let attempt = 1; ; attempt++) {
        try {
          await control(bus, "node-loss", "resume");
          break;
        } catch (err) {
          if (attempt >= 10) throw err;
        }
      }
      expect((await t.twin.coordinator.finished()).digest).toBe(expected);
    } finally {
      await t.stop();
      await bus.drain();
    }
  });
});
