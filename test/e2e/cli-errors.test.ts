import { describe, expect, inject, it } from "vitest";
import { runCli, scratchDir, scratchFile } from "./cli.js";

describe("orbitwin command line", () => {
  it("prints help for up, run, watch, status, ctl and serve", async () => {
    const commands = ["up", "run", "watch", "status", "ctl", "serve"];
    const results = await Promise.all(commands.map(async (command) => runCli([command, "--help"], { cwd: scratchDir() })));
    results.forEach((result, i) => {
      expect(result.code, commands[i]).toBe(0);
      expect(result.stdout).toContain(`orbitwin ${commands[i]}`);
    });
  });

  it("names the bad field of a broken scenario and exits non-zero", async () => {
    const { dir, file } = scratchFile(
      "bad.yaml",
      "name: bad\nepoch: yesterday\ndt: 1s\nseed: 1\nconstellations:\n  - { kind: walker, name: w, planes: 0, satsPerPlane: 1, phasing: 0, altKm: 550, inclinationDeg: 53 }\n",
    );
    const result = await runCli(["run", file, "--until", "1m"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/constellations\/0\/planes/);
  });

  it("says at once why a run whose checkpoints the NATS server cannot hold does not start", async () => {
    const { dir, file } = scratchFile(
      "huge-checkpoints.yaml",
      [
        "name: huge-checkpoints",
        "epoch: 2026-05-13T00:00:00Z",
        "dt: 1s",
        "seed: 1",
        // A pebibyte: more JetStream storage than any server here can reserve.
        `storage: { checkpointsMaxBytes: ${2 ** 50} }`,
        "constellations:",
        "  - { kind: walker, name: w, planes: 1, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53 }",
      ].join("\n"),
    );
    const result = await runCli(["run", file, "--nats", inject("natsUrl"), "--until", "1m"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/coordinator stopped before the run's first tick: .*checkpoints: the NATS server cannot reserve the 1125899906842624 bytes/);
    expect(result.stderr).toMatch(/storage\.checkpointsMaxBytes/);
  });

  it("explains a bad flag value", async () => {
    const result = await runCli(["run", "x.yaml", "--speed", "fast"], { cwd: scratchDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read scenario x.yaml|--speed fast/);
  });

  it("refuses an unknown command with the list of commands", async () => {
    const result = await runCli(["launch"], { cwd: scratchDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^orbitwin: ORBITWIN_USAGE: unknown command "launch"\n/);
    expect(result.stderr).toMatch(/watch/);
  });

  it("says how to find a twin when there is none", async () => {
    const result = await runCli(["status"], { cwd: scratchDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^orbitwin status: ORBITWIN_USAGE: no twin to talk to: start one with `orbitwin up`/);
  });

  it("prints a refusal from a service as one line with its code and no stack", async () => {
    // No scheduler serves this run on the test's NATS: the bus's own refusal, as a user meets it.
    const result = await runCli(["jobs", "show", "nope", "--nats", inject("natsUrl"), "--run", "nobody-here"], { cwd: scratchDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^orbitwin jobs: ORBITWIN_NO_RESPONDERS: no service answers on ot\.nobody-here\.svc\.scheduler\.show: .*\n$/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("adds the stack only with LOG_LEVEL=debug", async () => {
    const result = await runCli(["jobs", "show", "nope", "--nats", inject("natsUrl"), "--run", "nobody-here"], {
      cwd: scratchDir(),
      env: { LOG_LEVEL: "debug" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toMatch(/^orbitwin jobs: ORBITWIN_NO_RESPONDERS: /);
    expect(result.stderr).toMatch(/\n\s+at .*commands\/jobs\.js/);
  });

  it("names a history that is not there with its code", async () => {
    const result = await runCli(["history", "fleet", "--field", "satellites", "--nats", inject("natsUrl"), "--run", "nobody-here"], { cwd: scratchDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^orbitwin history: ORBITWIN_UNKNOWN_STREAM: there is no fleet history of run nobody-here \(stream ot-nobody-here-fleet\)/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("says where NATS is not, with its code", async () => {
    const result = await runCli(["status", "--nats", "nats://127.0.0.1:1", "--run", "demo"], { cwd: scratchDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^orbitwin status: ORBITWIN_NO_RESPONDERS: cannot connect to NATS at nats:\/\/127\.0\.0\.1:1: .*\n$/);
  });

  it("refuses a flag a command does not have in one line with ORBITWIN_USAGE, then its help, exit 2", async () => {
    const commands = [
      "up",
      "run",
      "watch",
      "history",
      "export",
      "report",
      "status",
      "ctl",
      "inject",
      "faults",
      "chaos",
      "conjunctions",
      "cascade",
      "jobs",
      "serve",
      "study",
      "physics radiator",
    ];
    // Separate processes that share nothing: run at once, each judged on its own.
    const results = await Promise.all(commands.map(async (command) => runCli([...command.split(" "), "--bogus"], { cwd: scratchDir() })));
    results.forEach((result, i) => {
      const command = commands[i]!;
      expect(result.code, command).toBe(2);
      expect(result.stderr.split("\n")[0]).toMatch(new RegExp(`^orbitwin ${command}: ORBITWIN_USAGE: Unknown option '--bogus'`));
      expect(result.stderr, command).not.toMatch(/\n\s+at /);
      expect(result.stderr, `${command} shows its help`).toContain(`orbitwin ${command.split(" ")[0]}`);
    });
  });
});
