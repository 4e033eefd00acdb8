import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { childrenOf, fixture, isAlive, runCli, scratchDir, startCli, waitForOutput } from "./cli.js";

describe("orbitwin up", () => {
  it("runs the twin, answers watch and ctl, restarts a killed fleet host and stops without orphans", async () => {
    const cwd = scratchDir();
    const natsUrl = inject("natsUrl");
    const up = startCli(["up", fixture("small.yaml"), "--nats", natsUrl, "--run", "e2e-up", "--speed", "20", "--hosts", "2", "--until", "forever"], { cwd });
    try {
      await waitForOutput(up, /in another terminal/);

      const watch = startCli(["watch", "--fleet", "--json"], { cwd });
      const line = await waitForOutput(watch, /^\{.*"tick".*\}$/m);
      watch.kill("SIGINT");
      const fleet = JSON.parse(line[0]) as { run: string; satellites: number };
      expect(fleet.run).toBe("e2e-up");
      expect(fleet.satellites).toBe(109);

      const paused = await runCli(["ctl", "pause", "--json"], { cwd });
      expect(paused.code, paused.stderr).toBe(0);
      expect(JSON.parse(paused.stdout)).toMatchObject({ state: "paused" });
      const status = await runCli(["status", "--json"], { cwd });
      expect(JSON.parse(status.stdout)).toMatchObject({ state: "paused", satellites: 109, hosts: [{}, {}] });
      const resumed = await runCli(["ctl", "resume", "--json"], { cwd });
      expect(JSON.parse(resumed.stdout)).toMatchObject({ state: "running" });

      const hosts = childrenOf(up.pid!).filter((c) => c.args.includes("serve fleet"));
      expect(hosts).toHaveLength(2);
      process.kill(hosts[0]!.pid, "SIGKILL");
      // up starts the host again under its id; it holds nothing, so the run goes back to a checkpoint.
      // Whether the coordinator hears the new process before the old one's silence passes its
      // timeout (3 s) depends on how fast node starts on a busy machine: either is a right answer,
      // and when it is "lost" the host rejoins afterwards, with a second restore.
      await waitForOutput(up, /host-lost: fleet host \S+ (restarted|lost)/, 30_000);
      await waitForOutput(up, /run-restored: run e2e-up went back/, 30_000);
      // A progress line showing both hosts, printed after a restore and not followed by another loss or restore.
      await waitForOutput(up, /run-restored[^]*109 sats\s+2 hosts(?![^]*(run-restored|host-lost))/, 30_000);
      const after = JSON.parse((await runCli(["status", "--json"], { cwd })).stdout) as { state: string; hosts: { satellites: number }[] };
      expect(after.state).toBe("running");
      expect(after.hosts).toHaveLength(2);
      expect(after.hosts.reduce((n, h) => n + h.satellites, 0)).toBe(109);
      expect(
        childrenOf(up.pid!)
          .filter((c) => c.args.includes("serve fleet"))
          .map((c) => c.pid),
      ).not.toContain(hosts[0]!.pid);

      const children = childrenOf(up.pid!).map((c) => c.pid);
      up.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => up.once("exit", (c) => resolve(c)));
      expect(code).toBe(0);
      expect(up.output.stdout).toMatch(/stopped/);
      for (const pid of children) expect(isAlive(pid), `child ${pid} outlived up`).toBe(false);
    } finally {
      if (up.exitCode === null) up.kill("SIGKILL");
    }
  });
});
