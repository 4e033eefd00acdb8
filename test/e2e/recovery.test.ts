/**
 * Acceptance of exact recovery with real processes on real NATS: a lockstep run whose fleet host,
 * thermal service, debris-watch, scheduler or coordinator is SIGKILLed mid-run ends with the
 * digest (and, for the scheduler, the job accounts) of the undisturbed run; a host frozen past
 * its timeout applies nothing stale when it thaws; and a twin stopped mid-run and started again
 * with the same run id goes on from its last checkpoint to the same digest.
 */
import { describe, expect, inject, it } from "vitest";
import { EventKinds, fleetTelemetry, orbitwinEvent, subjects } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { childrenOf, fixture, runCli, scratchDir, startCli } from "./cli.js";

interface RunOutput {
  digest: string;
  scheduler?: Record<string, unknown>;
}

/** What a run printed, less the scheduler's decision time (a wall-clock measurement). */
function outcome(stdout: string): { digest: string; jobs: Record<string, unknown> | undefined } {
  const out = JSON.parse(stdout) as RunOutput;
  if (!out.scheduler) return { digest: out.digest, jobs: undefined };
  const jobs = { ...out.scheduler };
  delete jobs.decideMs;
  return { digest: out.digest, jobs };
}

/** The undisturbed run of a scenario, run once and shared by the tests that compare with it. */
const undisturbedRuns = new Map<string, Promise<ReturnType<typeof outcome>>>();
function undisturbed(scenario = "recovery.yaml"): Promise<ReturnType<typeof outcome>> {
  let ran = undisturbedRuns.get(scenario);
  if (!ran) {
    ran = runCli(["run", fixture(scenario), "--json", "--speed", "max", "--hosts", "2", "--nats", inject("natsUrl")], { cwd: scratchDir() }).then((result) => {
      expect(result.code, result.stderr).toBe(0);
      return outcome(result.stdout);
    });
    undisturbedRuns.set(scenario, ran);
  }
  return ran;
}

type Victim = "serve fleet" | "serve thermal" | "serve debris-watch" | "serve scheduler" | "serve coordinator";

async function killMidRun(
  run: string,
  victim: Victim,
  options: { pause?: boolean; scenario?: string } = {},
): Promise<ReturnType<typeof outcome> & { restoredTo: number }> {
  const bus = await connectNatsBus({ url: inject("natsUrl"), name: `recovery-${run}`, log: silentLogger() });
  try {
    let restoredTo = -1;
    bus.subscribe(subjects.event(run, EventKinds.runRestored), (m) => (restoredTo = Number(orbitwinEvent.decode(m.data).data.tick)));
    const reached = new Promise<void>((resolve) => bus.subscribe(subjects.fleet(run), (m) => fleetTelemetry.decode(m.data).tick >= 12 && resolve()));
    await bus.flush();
    const child = startCli(
      ["run", fixture(options.scenario ?? "recovery.yaml"), "--json", "--speed", "300", "--hosts", "2", "--run", run, "--nats", inject("natsUrl")],
      { cwd: scratchDir() },
    );
    await reached;
    // The active coordinator, not its standby.
    const target = childrenOf(child.pid!).find((c) => c.args.includes(victim) && !c.args.includes("--standby"));
    expect(target, `a ${victim} child`).toBeDefined();
    if (options.pause) {
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
    return { ...outcome(child.output.stdout), restoredTo };
  } finally {
    await bus.drain();
  }
}

describe("exact recovery with real processes", { timeout: 180_000 }, () => {
  it("ends with the undisturbed digest after SIGKILL of a fleet host, the thermal service, debris-watch or the coordinator", async () => {
    const victims = [
      ["rec-fleet", "serve fleet"],
      ["rec-thermal", "serve thermal"],
      ["rec-debris", "serve debris-watch"],
      ["rec-coordinator", "serve coordinator"],
    ] as const;
    // Four twins of their own run ids, paced, side by side: each run's wait is mostly the clock.
    const [expected, ...killed] = await Promise.all([undisturbed(), ...victims.map(async ([run, victim]) => killMidRun(run, victim))]);
    killed.forEach(({ digest, restoredTo }, i) => {
      const victim = victims[i]![1];
      expect(restoredTo, `${victim}: the run went back to a checkpoint`).toBeGreaterThanOrEqual(10);
      expect(digest, `${victim} killed mid-run`).toBe(expected.digest);
    });
  });

  it("ends with the undisturbed digest and job accounts after SIGKILL of the scheduler", async () => {
    const expected = await undisturbed("recovery-jobs.yaml");
    expect(expected.jobs?.deliveredAcceleratorHours, "the fleet ran jobs").toBeGreaterThan(0);
    const { restoredTo, ...after } = await killMidRun("rec-scheduler", "serve scheduler", { scenario: "recovery-jobs.yaml" });
    expect(restoredTo, "the run went back to a checkpoint").toBeGreaterThanOrEqual(10);
    expect(after).toEqual(expected);
  });

  it("continues a twin stopped mid-run from its last checkpoint when it is started again with the same run id", async () => {
    const expected = (await undisturbed()).digest;
    const run = "rec-restart";
    const bus = await connectNatsBus({ url: inject("natsUrl"), name: `recovery-${run}`, log: silentLogger() });
    try {
      const checkpointed = new Promise<void>((resolve) =>
        bus.subscribe(subjects.event(run, EventKinds.checkpointTaken), (m) => Number(orbitwinEvent.decode(m.data).data.tick) >= 10 && resolve()),
      );
      await bus.flush();
      const first = startCli(["run", fixture("recovery.yaml"), "--json", "--speed", "300", "--hosts", "2", "--run", run, "--nats", inject("natsUrl")], {
        cwd: scratchDir(),
      });
      await checkpointed;
      first.kill("SIGINT");
      await new Promise((resolve) => first.once("close", resolve));
      expect(first.output.stdout, "the first run was stopped before its end").toBe("");
      let restoredTo = -1;
      bus.subscribe(subjects.event(run, EventKinds.runRestored), (m) => (restoredTo = Number(orbitwinEvent.decode(m.data).data.tick)));
      const again = await runCli(["run", fixture("recovery.yaml"), "--json", "--hosts", "2", "--run", run, "--resume", "--nats", inject("natsUrl")], {
        cwd: scratchDir(),
      });
      expect(again.code, again.stderr).toBe(0);
      expect(restoredTo, "the second run started from a checkpoint").toBeGreaterThanOrEqual(10);
      expect(outcome(again.stdout).digest).toBe(expected);
    } finally {
      await bus.drain();
    }
  });

  it("applies nothing stale from a fleet host paused past its timeout and resumed", async () => {
    const expected = (await undisturbed()).digest;
    const { digest, restoredTo } = await killMidRun("rec-pause", "serve fleet", { pause: true });
    expect(restoredTo).toBeGreaterThanOrEqual(10);
    expect(digest).toBe(expected);
  });
});
