import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { runCli, scenario, scratchDir } from "./cli.js";

interface Summary {
  run: string;
  digest: string;
  debris: { conjunctions: number; maneuvers: number; collisions: number; fragments: number; fleetObjects: number; debrisObjects: number };
}

/** The shipped scenario run once per host count, shared by the tests that read its summary and its report. */
const runs = new Map<number, Promise<Summary>>();
function run(hosts: number): Promise<Summary> {
  let ran = runs.get(hosts);
  if (!ran) {
    const args = ["run", scenario("debris-watch.yaml"), "--json", "--speed", "max", "--hosts", String(hosts), "--run", `e2e-debris-${hosts}h`];
    ran = runCli([...args, "--nats", inject("natsUrl")], { cwd: scratchDir() }).then((result) => {
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Summary;
    });
    runs.set(hosts, ran);
  }
  return ran;
}

describe("debris-watch through the CLI", () => {
  it("avoids the planted intruder of the shipped scenario, with the same digest on 1 and 2 fleet hosts", async () => {
    const one = await run(1);
    expect(one.debris).toMatchObject({ maneuvers: 1, collisions: 0, fragments: 0, fleetObjects: 330, debrisObjects: 3333 });
    expect(one.debris.conjunctions).toBeGreaterThan(0);
    const two = await run(2);
    expect(two.digest).toBe(one.digest);
  });

  it("writes a report whose Conjunctions section shows the planted conjunction, its Pc and the maneuver flown", async () => {
    const summary = await run(1);
    const cwd = scratchDir();
    const out = await runCli(["report", summary.run, "--nats", inject("natsUrl"), "--out", "report", "--json"], { cwd });
    expect(out.code, out.stderr).toBe(0);
    const html = readFileSync((JSON.parse(out.stdout) as { report: string }).report, "utf8");
    expect(html).toContain("<h2>Conjunctions</h2>");
    expect(html).not.toContain("<h2>Jobs</h2>");
    // debris-watch reports only conjunctions at or above its reporting Pc, but tells of every one that passes.
    expect(html).toMatch(/<tr><td>conjunctions reported \(Pc at or above debris-watch&#39;s reporting threshold\)<\/td><td>[1-9]\d*<\/td><\/tr>/);
    expect(html).toMatch(/<tr><td>conjunctions whose closest approach came in the run \(any Pc\)<\/td><td>[1-9]\d+<\/td><\/tr>/);
    expect(html).toContain("<tr><td>maneuvers flown / failed</td><td>1 / 0</td></tr>");
    expect(html).toContain("<tr><td>collisions</td><td>0 (0 catastrophic)</td></tr>");
    // The intruder planted to meet shell-p05-s07 at 06:50 with a 5 m miss is the riskiest, and was avoided.
    expect(html).toMatch(
      /<tr><td>[a-z0-9-]+<\/td><td>shell-p05-s07 \/ planted-0<\/td><td>2021-10-02T06:(49:59\.999|50:00)Z<\/td><td>0\.005<\/td><td>[\d.]+<\/td><td>[\d.e-]+<\/td><td>maneuver /,
    );
    expect(html).toMatch(
      /<tr><td>[a-z0-9-]+<\/td><td>shell-p05-s07<\/td><td>[a-z0-9-]+<\/td><td>2021-10-02T06:20:\d\dZ<\/td><td>[\d.]+<\/td><td>[^<]+<\/td><td>flown<\/td><\/tr>/,
    );
    expect(html).toContain('id="conjunctions-over-time"');
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
