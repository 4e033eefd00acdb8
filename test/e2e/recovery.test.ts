/**
 * Acceptance of exact recovery with real processes on real NATS: a lockstep run whose fleet host,
 * thermal service, debris-watch or coordinator is SIGKILLed mid-run ends with the digest of the
 * undisturbed run, and a host frozen past its timeout applies nothing stale when it thaws.
 */
import { describe, expect, inject, it } from "vitest";
import { EventKinds, fleetTelemetry, orbitwinEvent, subjects } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { childrenOf, fixture, runCli, scratchDir, startCli } from "./cli.js";

async function undisturbedDigest(): Promise<string> {
  const result = await runCli(["run", fixture("recovery.yaml"), "--json", "--speed", "max", "--hosts", "2", "--nats", inject("natsUrl")], { cwd: scratchDir() });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { digest: string }).digest;
}

type Victim = "serve fleet" | "serve thermal" | "serve debris-watch" | "serve coordinator";

async function killMidRun(run: string, victim: Victim, pause = false): Promise<{ digest: string; restoredTo: number }> {
  const bus = await connectNatsBus({ url: inject("natsUrl"), name: `recovery-${run}`, log: silentLogger() });
  try {
    let restoredTo = -1;
    bus.subscribe(subjects.event(run, EventKinds.runRestored), (m) => (restoredTo = Number(orbitwinEvent.decode(m.data).data.tick)));
    const reached = new Promise<void>((resolve) => bus.subscribe(subjects.fleet(run), (m) => fleetTelemetry.decode(m.data).tick >= 12 && resolve()));
    await bus.flush();
    const child = startCli(["run", fixture("recovery.yaml"), "--json", "--speed", "300", "--hosts", "2", "--run", run, "--nats", inject("natsUrl")], { cwd: scratchDir() });
    await reached;
    // The active coordinator, not its standby.
    const target = childrenOf(child.pid!).find((c) => c.args.includes(victim) && !c.args.includes("--standby"));
    expect(target, `a ${victim} child`).toBeDefined();
    if (pause) {
      // A host frozen past its heartbeat timeout, then thawed: its epoch is stale by then.
      process.kill(target!.pid, "SIGSTOP");
      await new Promise<void>((resolve) => bus.subscribe(subjects.event(run, EventKinds.hostLost), () => resolve()));
      await new Promise<void>((resolve) => bus.subscribe(subjects.fleet(run), () => resolve()));
      process.kill(target!.pid, "SIGCONT");
    } else {
      process.kill(target!.pid, "SIGKILL");
    }
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(code, child.output.stderr).toBe(0);
    return { digest: (JSON.parse(child.output.stdout) as { digest: string }).digest, restoredTo };
  } finally {
    await bus.drain();
  }
}

describe("exact recovery with real processes", { timeout: 180_000 }, () => {
  it("ends with the undisturbed digest after SIGKILL of a fleet host, the thermal service, debris-watch or the coordinator", async () => {
    const expected = await undisturbedDigest();
    for (const [run, victim] of [["rec-fleet", "serve fleet"], ["rec-thermal", "serve thermal"], ["rec-debris", "serve debris-watch"], ["rec-coordinator", "serve coordinator"]] as const) {
      const { digest, restoredTo } = await killMidRun(run, victim);
      expect(restoredTo, `${victim}: the run went back to a checkpoint`).toBeGreaterThanOrEqual(10);
      expect(digest, `${victim} killed mid-run`).toBe(expected);
    }
  });

  it("applies nothing stale from a fleet host paused past its timeout and resumed", async () => {
    const expected = await undisturbedDigest();
    const { digest, restoredTo } = await killMidRun("rec-pause", "serve fleet", true);
    expect(restoredTo).toBeGreaterThanOrEqual(10);
    expect(digest).toBe(expected);
  });
});
