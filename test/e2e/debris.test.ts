import { describe, expect, inject, it } from "vitest";
import { runCli, scenario, scratchDir } from "./cli.js";

interface Summary {
  digest: string;
  debris: { conjunctions: number; maneuvers: number; collisions: number; fragments: number; fleetObjects: number; debrisObjects: number };
}

describe("debris-watch through the CLI", () => {
  it("avoids the planted intruder of the shipped scenario, with the same digest on 1 and 2 fleet hosts", async () => {
    const run = async (hosts: number) => {
      const result = await runCli(["run", scenario("debris-watch.yaml"), "--json", "--speed", "max", "--hosts", String(hosts), "--nats", inject("natsUrl")], {
        cwd: scratchDir(),
      });
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Summary;
    };
    const one = await run(1);
    expect(one.debris).toMatchObject({ maneuvers: 1, collisions: 0, fragments: 0, fleetObjects: 330, debrisObjects: 3333 });
    expect(one.debris.conjunctions).toBeGreaterThan(0);
    const two = await run(2);
    expect(two.digest).toBe(one.digest);
  });

  it("prints object counts over decades in cascade mode, the same for the same seed", async () => {
    const args = ["cascade", "--synthetic", "3000", "--years", "4", "--step", "10d", "--seed", "5", "--json"];
    const a = await runCli(args, { cwd: scratchDir() });
    const b = await runCli(args, { cwd: scratchDir() });
    expect(a.code, a.stderr).toBe(0);
    const rows = a.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { years: number; objects: number });
    // A row at the first step at or after each whole year.
    expect(rows.map((r) => Math.floor(r.years))).toEqual([0, 1, 2, 3, 4]);
    expect(rows[0]!.objects).toBe(3000);
    expect(b.stdout).toBe(a.stdout);
  });

  it("names the bad flag or file", async () => {
    const badYears = await runCli(["cascade", "--synthetic", "10", "--years", "0"], { cwd: scratchDir() });
    expect(badYears.code).toBe(2);
    expect(badYears.stderr).toMatch(/--years 0/);
    const nothing = await runCli(["cascade"], { cwd: scratchDir() });
    expect(nothing.stderr).toMatch(/nothing to evolve/);
    const badVerb = await runCli(["conjunctions", "explode"], { cwd: scratchDir() });
    expect(badVerb.code).toBe(2);
    expect(badVerb.stderr).toMatch(/give list, show ID or status \(got "explode"\)/);
  });
});
