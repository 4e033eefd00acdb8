import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchDir } from "./cli.js";

describe("orbitwin command line", () => {
  it.each(["up", "run", "watch", "status", "ctl", "serve"])("prints help for %s", async (command) => {
    const result = await runCli([command, "--help"], { cwd: scratchDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`orbitwin ${command}`);
  });

  it("names the bad field of a broken scenario and exits non-zero", async () => {
    const dir = scratchDir();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: bad\nepoch: yesterday\ndt: 1s\nseed: 1\nconstellations:\n  - { kind: walker, name: w, planes: 0, satsPerPlane: 1, phasing: 0, altKm: 550, inclinationDeg: 53 }\n");
    const result = await runCli(["run", file, "--until", "1m"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/constellations\/0\/planes/);
  });

  it("explains a bad flag value", async () => {
    const result = await runCli(["run", "x.yaml", "--speed", "fast"], { cwd: scratchDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read scenario x.yaml|--speed fast/);
  });

  it("refuses an unknown command with the list of commands", async () => {
    const result = await runCli(["launch"], { cwd: scratchDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "launch"/);
    expect(result.stderr).toMatch(/watch/);
  });

  it("says how to find a twin when there is none", async () => {
    const result = await runCli(["status"], { cwd: scratchDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/orbitwin up/);
  });
});
