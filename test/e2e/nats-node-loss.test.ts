/**
 * Acceptance with separate processes: a paced run on a 3-node NATS cluster, every bucket and
 * stream at 3 replicas (ORBITWIN_REPLICAS=3), loses the node its coordinator is connected to
 * mid-run while an operator injects a fault through the durable command log. The run completes
 * with the digest of the same run on an undisturbed cluster, and the fault is applied once. This
 * is the drill that found nats-server 2.9.10 leaving consumer creations unanswered while a node is
 * down (docs/OPERATIONS.md, "NATS"): it passes only because orbitwin waits on no consumer.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EventKinds, fleetTelemetry, subjects } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { nodeHoldingConnection, startLocalCluster, type LocalCluster } from "../harness/cluster.js";
import { fixture, runCli, scratchDir, startCli } from "../e2e/cli.js";

let cluster: LocalCluster;
beforeAll(async () => {
  cluster = await startLocalCluster(3);
}, 120_000);
afterAll(async () => {
  await cluster.stop();
});

const env = { ORBITWIN_REPLICAS: "3" };
const singleNodeEnv = { ORBITWIN_REPLICAS: "1" };
/**
 * Tick 36 of recovery.yaml: the node is gone when the command is sent, and JetStream may take a
 * while to elect new leaders before the coordinator can apply it.
 */
const FAULT_AT = "2026-03-20T00:36:00Z";

/** A paced run; at tick 12 an operator pauses it, (optionally) kills the coordinator's node, injects a fault and resumes. */
async function runWithInjection(run: string, killNode: boolean): Promise<{ digest: string; faults: number }> {
  // The reference runs on the single-node server: the digest does not depend on where NATS runs.
  const urls = killNode ? cluster.urls.join(",") : inject("natsUrl");
  const cwd = scratchDir();
  const watcher = await connectNatsBus({ url: urls, name: `watch-${run}`, log: silentLogger() });
  try {
    const reached = new Promise<void>((resolve) => watcher.subscribe(subjects.fleet(run), (m) => fleetTelemetry.decode(m.data).tick >= 12 && resolve()));
    let faults = 0;
    watcher.subscribe(subjects.event(run, EventKinds.faultActivated), () => faults++);
    await watcher.flush();
    const child = startCli(["run", fixture("recovery.yaml"), "--json", "--speed", "60", "--hosts", "2", "--run", run, "--nats", urls], {
      cwd,
      env: killNode ? env : singleNodeEnv,
    });
    await reached;
    // Paused, the run cannot pass the fault's tick however long a loaded machine takes to start
    // the drill and the injection: the fault is sent during the loss, not against the clock.
    const ctl = async (verb: string) => {
      const result = await runCli(["ctl", verb, "--run", run, "--nats", urls, "--json"], { cwd, env: killNode ? env : singleNodeEnv });
      expect(result.code, `ctl ${verb}: ${result.stderr}`).toBe(0);
    };
    await ctl("pause");
    if (killNode) {
      // The drill an operator would run: `chaos kill nats-node` signals the node it connects to.
      const node = await nodeHoldingConnection(cluster, `orbitwin-coordinator-${run}`);
      const drill = await runCli(["chaos", "kill", "nats-node", "--nats", node.url, "--run", run, "--json"], { cwd });
      expect(drill.code, drill.stderr).toBe(0);
      expect(JSON.parse(drill.stdout)).toMatchObject({ victim: "nats-node", pid: node.pid, signal: "SIGKILL" });
    }
    const injected = await runCli(
      ["inject", "radiator-damage", "--sat", "w-p02-s02", "--fraction", "0.7", "--at", FAULT_AT, "--timeout", "90s", "--run", run, "--nats", urls, "--json"],
      { cwd, env: killNode ? env : singleNodeEnv },
    );
    expect(injected.code, injected.stderr).toBe(0);
    expect(JSON.parse(injected.stdout)).toMatchObject({ kind: "radiator-damage", startsAtTick: 36 });
    await ctl("resume");
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`run ${run} did not end within 120 s:\n${child.output.stderr.slice(-4000)}\nlogs: ${cwd}/.orbitwin/runs/${run}/logs`)),
        120_000,
      );
      child.once("close", (c) => (clearTimeout(timer), resolve(c)));
    });
    expect(code, child.output.stderr).toBe(0);
    return { digest: (JSON.parse(child.output.stdout) as { digest: string }).digest, faults };
  } finally {
    await watcher.drain();
  }
}

describe("losing a NATS node under separate processes", { timeout: 300_000 }, () => {
  it("completes a paced run with the undisturbed digest, and an operator's fault sent during the loss applies once", async () => {
    // The reference runs on the harness's own server, the drill on the cluster: side by side.
    const [undisturbed, disturbed] = await Promise.all([runWithInjection("loss-ref", false), runWithInjection("loss-kill", true)]);
    expect(disturbed.faults).toBe(1);
    expect(disturbed.digest).toBe(undisturbed.digest);
  });
});
