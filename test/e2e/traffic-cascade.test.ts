/** The tipping-point pieces through the CLI, as the study engine calls them: --json in, one object out. */
import { describe, expect, it } from "vitest";
import { runCli, scenario, scratchDir } from "./cli.js";

describe("orbitwin traffic", () => {
  it("gives a shell's close approaches and maneuvers as one JSON object", async () => {
    const r = await runCli(["traffic", "--satellites", "100000", "--alt-km", "550", "--others", "3000", "--pc", "1e-5", "--json"], { cwd: scratchDir() });
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout) as { input: { satellites: number; maneuverPc: number }; closeApproachesPerDay: number; maneuversPerSatPerDay: number };
    expect(t.input).toMatchObject({ satellites: 100_000, maneuverPc: 1e-5 });
    expect(t.maneuversPerSatPerDay).toBeGreaterThan(0);
    expect(t.closeApproachesPerDay).toBeGreaterThan(t.maneuversPerSatPerDay * 100_000);
  });

  it("prints the Starlink fleet's model rate beside SpaceX's reported maneuvers", async () => {
    const r = await runCli(["traffic", "--tle", scenario("starlink-2026-05.tle"), "--synthetic", "2000", "--pc", "1e-5"], { cwd: scratchDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^10,361 satellites among 2,000 other objects/);
    expect(r.stdout).toMatch(/reported \(Starlink, 2025-06-01 to 2025-11-30\)\s+148,696 on ~9,400: 0\.0864 per satellite a day/);
  });
});

describe("orbitwin traffic --scenario", () => {
  it("takes a scenario's fleet and its debris section's neighbours as the others", async () => {
    const r = await runCli(["traffic", "--scenario", scenario("spacex-odc-terawave.yaml"), "--no-own-fleet", "--json"], { cwd: scratchDir() });
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout) as { input: { others: number; screeningKm: number; countOwnFleet: boolean }; satellites: number; maneuversPerDay: number };
    expect(t).toMatchObject({ satellites: 10_000, input: { others: 5_408, screeningKm: 5, countOwnFleet: false } });
    expect(t.maneuversPerDay).toBeGreaterThan(0);
    expect(t).not.toHaveProperty("starlinkReports");
  });
});

describe("orbitwin cascade --constellation", () => {
  it("projects a shell over decades as one JSON object, with the runaway year", async () => {
    const r = await runCli(["cascade", "--constellation", "100000", "--alt-km", "1000", "--years", "20", "--json"], { cwd: scratchDir() });
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as { rows: { years: number; active: number }[]; runawayFromYears: number | null; criticalDerelicts: number };
    expect(c.rows.map((row) => row.years)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(c.rows.at(-1)!.active).toBeCloseTo(100_000, 0);
    expect(c.runawayFromYears).not.toBeNull();
    expect(c.criticalDerelicts).toBeGreaterThan(0);
  });

  it("refuses the Monte Carlo flags in the shell model, naming the flag", async () => {
    const mixed = await runCli(["cascade", "--constellation", "10", "--alt-km", "550", "--cube-km", "5"], { cwd: scratchDir() });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--cube-km is for the Monte Carlo cascade/);
  });
});
