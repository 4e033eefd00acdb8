/**
 * Operators' durable commands and checkpoints from the command line, on real NATS with real
 * processes: `ctl checkpoints`, `ctl fork` (a fork without a patch ends with the live run's digest,
 * one with a patch does not), `inject` / `faults` through the command log, and clear errors.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { EventKinds, orbitwinEvent, streams } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { fixture, runCli, scratchDir } from "./cli.js";

const nats = () => inject("natsUrl");

async function liveRun(run: string, cwd: string): Promise<string> {
  const result = await runCli(["run", fixture("recovery.yaml"), "--json", "--hosts", "2", "--run", run, "--nats", nats()], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { digest: string }).digest;
}

describe("checkpoints and forks from the command line", { timeout: 180_000 }, () => {
  it("forks a run from a checkpoint: unpatched it ends with the live digest, patched it does not", async () => {
    const cwd = scratchDir();
    const digest = await liveRun("fork-live", cwd);
    const listed = await runCli(["ctl", "checkpoints", "--run", "fork-live", "--nats", nats(), "--json"], { cwd });
    expect(listed.code, listed.stderr).toBe(0);
    const { ticks } = JSON.parse(listed.stdout) as { ticks: number[] };
    expect(ticks).toEqual([30, 35]);

    const same = await runCli(["ctl", "fork", "--from", "30", "--as", "fork-same", "--run", "fork-live", "--nats", nats(), "--json"], { cwd });
    expect(same.code, same.stderr).toBe(0);
    expect((JSON.parse(same.stdout) as { digest: string }).digest).toBe(digest);

    const patched = await runCli(
      ["ctl", "fork", "--from", "30", "--as", "fork-loss", "--patch", fixture("fork-lose-satellite.yaml"), "--run", "fork-live", "--nats", nats(), "--json"],
      { cwd },
    );
    expect(patched.code, patched.stderr).toBe(0);
    expect((JSON.parse(patched.stdout) as { digest: string }).digest).not.toBe(digest);
    const bus = await connectNatsBus({ url: nats(), name: "fork-events", log: silentLogger() });
    try {
      const events = (await (await bus.openStream(streams.events("fork-loss"))).read(1, 10_000)).map((r) => orbitwinEvent.decode(r.data));
      const activated = events.find((e) => e.kind === EventKinds.faultActivated);
      expect(activated?.data).toMatchObject({ kind: "satellite-loss", sats: ["w-p01-s01"], tick: 32 });
      // Its duration counts from the checkpoint of tick 30, not from the epoch (the live run is 40 ticks).
      expect(events.find((e) => e.kind === EventKinds.runFinished)?.data).toMatchObject({ ticks: 34 });
      expect(events.some((e) => e.kind === EventKinds.runRestored && e.data.tick === 30)).toBe(true);
    } finally {
      await bus.drain();
    }
  });

  it("refuses a fork from a tick without a checkpoint, onto an existing run, or with a patch that changes the fleet", async () => {
    const cwd = scratchDir();
    await liveRun("fork-src", cwd);
    const base = ["ctl", "fork", "--run", "fork-src", "--nats", nats()];
    const noCheckpoint = await runCli([...base, "--from", "7", "--as", "fork-x"], { cwd });
    expect(noCheckpoint.code).toBe(2);
    expect(noCheckpoint.stderr).toMatch(/--from 7: run fork-src has no complete checkpoint there; it has 30, 35/);
    const sameId = await runCli([...base, "--from", "30", "--as", "fork-src"], { cwd });
    expect(sameId.stderr).toMatch(/a fork needs a run id of its own/);
    const badPatch = await runCli([...base, "--from", "30", "--as", "fork-y", "--patch", fixture("fork-bad.yaml")], { cwd });
    expect(badPatch.code).toBe(1);
    expect(badPatch.stderr).toMatch(/\/seed: a fork cannot change it/);
    const tooShort = join(cwd, "too-short.yaml");
    writeFileSync(tooShort, "duration: 30s\n");
    const noTick = await runCli([...base, "--from", "35", "--as", "fork-w", "--patch", tooShort], { cwd });
    expect(noTick.code).toBe(1);
    expect(noTick.stderr).toMatch(/\/duration: 30s is shorter than one tick \(dt 60 s\): the fork would run no tick past its checkpoint of tick 35/);
    const missingPatch = await runCli([...base, "--from", "30", "--as", "fork-z", "--patch", "nope.yaml"], { cwd });
    expect(missingPatch.stderr).toMatch(/--patch nope\.yaml: no such file/);
  });
});
