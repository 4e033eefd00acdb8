import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childrenOf, fixture, runCli, scratchDir, startCli, waitForOutput } from "./cli.js";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("orbitwin up --secure", () => {
  it("runs every process as its own user over TLS, keeps secrets out of argv and files others read, forks as the operator and refuses a viewer's resume and fork", async () => {
    const cwd = scratchDir();
    const up = startCli(
      ["up", fixture("small.yaml"), "--secure", "--run", "e2e-secure", "--speed", "20", "--hosts", "1", "--until", "forever", "--dashboard-port", "off"],
      {
        cwd,
      },
    );
    try {
      // A tick: the coordinator is up and the run's streams exist.
      await waitForOutput(up, / tick \d+ /);
      expect(up.output.stdout).toMatch(/with TLS and a user per role/);
      const secrets = join(cwd, ".orbitwin", "runs", "e2e-secure", "secrets");
      expect(mode(secrets)).toBe(0o700);
      for (const made of [".orbitwin", ".orbitwin/runs", ".orbitwin/runs/e2e-secure"]) expect(mode(join(cwd, made)), made).toBe(0o700);
      const seeds: string[] = [];
      for (const file of readdirSync(secrets)) {
        if (file.endsWith(".pem") && !file.includes("key")) continue;
        expect(mode(join(secrets, file)), file).toBe(0o600);
        const seed = /^nkey-seed: (\S+)$/m.exec(readFileSync(join(secrets, file), "utf8"))?.[1];
        if (seed) seeds.push(seed);
      }
      expect(seeds.length).toBeGreaterThanOrEqual(7);
      const current = readFileSync(join(cwd, ".orbitwin", "current.json"), "utf8");
      expect(mode(join(cwd, ".orbitwin", "current.json"))).toBe(0o600);
      const serverConf = readFileSync(join(cwd, ".orbitwin", "runs", "e2e-secure", "nats", "nats-server.conf"), "utf8");
      const commandLines = childrenOf(up.pid!)
        .map((c) => c.args)
        .join("\n");
      for (const seed of seeds) {
        const places: [string, string][] = [
          ["current.json", current],
          ["the server config", serverConf],
          ["a command line", commandLines],
          ["up's output", up.output.stdout + up.output.stderr],
        ];
        for (const [where, text] of places) expect(text.includes(seed), `a seed in ${where}`).toBe(false);
      }

      // Another terminal in this folder acts as the operator up recorded.
      const paused = await runCli(["ctl", "pause", "--json"], { cwd });
      expect(paused.code, paused.stderr).toBe(0);
      expect(JSON.parse(paused.stdout)).toMatchObject({ state: "paused" });
      // A viewer's credentials (the role matrix covers what else a viewer may do).
      const refused = await runCli(["ctl", "resume", "--creds", join(secrets, "viewer.creds")], { cwd });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/ORBITWIN_PERMISSION_DENIED: Permissions Violation for Publish to "\$JS\.API\.STREAM\.INFO\.ot-e2e-secure-ops"/);

      // A fork as the operator: the live run's roles cover no other run id, so it runs on a secure
      // nats-server of its own, seeded with the checkpoint; a viewer may not read a checkpoint whole.
      const listed = await runCli(["ctl", "checkpoints", "--json"], { cwd });
      expect(listed.code, listed.stderr).toBe(0);
      const from = (JSON.parse(listed.stdout) as { ticks: number[] }).ticks.at(-1)!;
      // Two ticks past the checkpoint (dt 10 s; a patch's duration counts from the fork): the fork's
      // own twin starts, steps and ends.
      const patch = join(cwd, "two-ticks.yaml");
      writeFileSync(patch, "duration: 20s\n");
      const forked = await runCli(["ctl", "fork", "--from", String(from), "--as", "e2e-secure-fork", "--patch", patch, "--json"], { cwd });
      expect(forked.code, forked.stderr).toBe(0);
      expect(forked.stderr).toMatch(/on a secure nats-server of its own/);
      expect(JSON.parse(forked.stdout)).toMatchObject({ run: "e2e-secure-fork", digest: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown });
      expect(mode(join(cwd, ".orbitwin", "runs", "e2e-secure-fork", "secrets"))).toBe(0o700);
      const viewerFork = await runCli(["ctl", "fork", "--from", String(from), "--as", "e2e-viewer-fork", "--creds", join(secrets, "viewer.creds")], { cwd });
      expect(viewerFork.code).toBe(1);
      expect(viewerFork.stderr).toMatch(/ORBITWIN_PERMISSION_DENIED: .*KV_ot-e2e-secure-checkpoints/);

      up.kill("SIGINT");
      expect(await new Promise<number | null>((resolve) => up.once("exit", (c) => resolve(c)))).toBe(0);
    } finally {
      if (up.exitCode === null) up.kill("SIGKILL");
    }
  });
});
