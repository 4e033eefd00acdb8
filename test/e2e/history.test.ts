import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject, describe, expect, it, beforeAll } from "vitest";
import { propagate, twoline2satrec } from "satellite.js";
import { fixture, runCli, scenario, scratchDir, startCli, waitForOutput } from "./cli.js";

interface Summary {
  run: string;
  digest: string;
  ticks: number;
  satellites: number;
}

/** The first two-line element set of the Starlink file: STARLINK-1008, NORAD 44714. */
function starlink1008() {
  const [, line1, line2] = readFileSync(scenario("starlink-2026-05.tle"), "utf8").split("\n");
  return twoline2satrec(line1!.trim(), line2!.trim());
}

describe("the history a run leaves behind (spawned nats-server, store kept in the run folder)", () => {
  let cwd: string;
  let summary: Summary;
  const cli = (...args: string[]) => runCli(args, { cwd });

  beforeAll(async () => {
    cwd = scratchDir();
    const ran = await runCli(["run", fixture("history.yaml"), "--run", "hist", "--json"], { cwd });
    expect(ran.code, ran.stderr).toBe(0);
    summary = JSON.parse(ran.stdout) as Summary;
    expect(summary.satellites).toBe(20);
  });

  it("prints a fleet field for every tick, and a satellite's column for every sampled tick", async () => {
    const fleet = await cli("history", "fleet", "--field", "satellites", "--run", "hist", "--json");
    expect(fleet.code, fleet.stderr).toBe(0);
    const rows = fleet.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { tick: number; satellites: number });
    expect(rows.map((r) => r.tick)).toEqual(Array.from({ length: summary.ticks }, (_, i) => i));
    expect(new Set(rows.map((r) => r.satellites))).toEqual(new Set([20]));

    const sat = await cli(
      "history",
      "gpu-p01-s01",
      "--field",
      "altKm",
      "--from",
      "2026-05-13T00:10:00Z",
      "--to",
      "2026-05-13T00:20:00Z",
      "--run",
      "hist",
      "--csv",
    );
    expect(sat.code, sat.stderr).toBe(0);
    const lines = sat.stdout.trim().split("\r\n");
    expect(lines[0]).toBe("simTime,tick,altKm");
    expect(lines.slice(1).map((l) => Number(l.split(",")[1]))).toEqual([21, 24, 27, 30, 33, 36, 39]);
    for (const l of lines.slice(1)) expect(Number(l.split(",")[2])).toBeGreaterThan(540);
  });

  it("names the fields there are when asked for one that is not", async () => {
    const bad = await cli("history", "fleet", "--field", "power", "--run", "hist");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('field "power" is not in the fleet history: use one of');
    expect(bad.stderr).toContain("subsystems.generatedW");
  });

  it("exports an OEM whose states are SGP4's for STARLINK-1008 at each epoch", async () => {
    const out = await cli("export", "oem", "--sat", "starlink-44714", "--run", "hist");
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^CCSDS_OEM_VERS = 2.0\n/);
    expect(out.stdout).toContain(
      "OBJECT_NAME = starlink-44714\nOBJECT_ID = starlink-44714\nCENTER_NAME = EARTH\nREF_FRAME = TEME\nTIME_SYSTEM = UTC\nSTART_TIME = 2026-05-13T00:00:00.000\nSTOP_TIME = 2026-05-13T00:30:00.000\nMETA_STOP",
    );
    const data = out.stdout.split("\n").filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
    expect(data).toHaveLength(21);
    const satrec = starlink1008();
    for (const line of data) {
      const [epoch, ...numbers] = line.split(" ");
      const state = numbers.map(Number);
      const sgp4 = propagate(satrec, new Date(`${epoch}Z`));
      if (!sgp4?.position || !sgp4.velocity) throw new Error(`SGP4 failed at ${epoch}`);
      const { position: r, velocity: v } = sgp4;
      // The file prints mm and um/s; 1 s of clock error would be 7.5 km off.
      expect(Math.hypot(state[0]! - r.x, state[1]! - r.y, state[2]! - r.z)).toBeLessThan(1e-3);
      expect(Math.hypot(state[3]! - v.x, state[4]! - v.y, state[5]! - v.z)).toBeLessThan(1e-6);
    }
  });

  it("exports CZML with a document packet and sampled positions per satellite", async () => {
    const out = await cli("export", "czml", "--cluster", "gpu-p02", "--run", "hist");
    expect(out.code, out.stderr).toBe(0);
    const packets = JSON.parse(out.stdout) as { id: string; position?: { cartesian: number[]; epoch: string } }[];
    expect(packets[0]!.id).toBe("document");
    expect(packets.slice(1).map((p) => p.id)).toEqual(Array.from({ length: 9 }, (_, i) => `gpu-p02-s0${i + 1}`));
    expect(packets[1]!.position!.cartesian).toHaveLength(21 * 4);
  });

  it("writes a self-contained report with the scenario, seed, digest and no lost service", async () => {
    const out = await cli("report", "hist", "--out", "report", "--json");
    expect(out.code, out.stderr).toBe(0);
    const path = (JSON.parse(out.stdout) as { report: string }).report;
    expect(path).toBe(join(cwd, "report", "index.html"));
    const html = readFileSync(path, "utf8");
    expect(html).toContain(summary.digest);
    expect(html).toContain("<td>seed</td><td>11</td>");
    expect(html).toContain("Power (kW)");
    expect(html).toContain("0 infrastructure losses");
    // Self-contained: its scripts inline, nothing linked or fetched.
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link|\bhref=|url\(/);
  });

  it("refuses a run it has no history for, saying where it looked", async () => {
    const out = await cli("report", "nope", "--out", "r2");
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("no history for run nope");
  });
});

describe("orbitwin watch --since", () => {
  it("replays the fleet history from a time and follows the run live, each tick once", async () => {
    const natsUrl = inject("natsUrl");
    const cwd = scratchDir();
    const run = `since-${process.pid}`;
    const running = runCli(["run", fixture("history.yaml"), "--run", run, "--speed", "300", "--json", "--nats", natsUrl], { cwd });
    // Started while the run goes on, or after it: either way the ticks from 00:10 on come once each.
    const watch = startCli(["watch", "--fleet", "--since", "2026-05-13T00:10:00Z", "--json", "--nats", natsUrl, "--run", run], { cwd });
    const exited = new Promise<never>((_, reject) => watch.once("exit", () => reject(new Error(`watch exited: ${watch.output.stderr}`))));
    const ran = await Promise.race([running, exited]);
    expect(ran.code, ran.stderr).toBe(0);
    await Promise.race([waitForOutput(watch, /"tick":60,/), exited]);
    watch.kill("SIGINT");
    const ticks = watch.output.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { tick: number }).tick);
    expect(ticks).toEqual(Array.from({ length: 41 }, (_, i) => 20 + i));
  });
});
