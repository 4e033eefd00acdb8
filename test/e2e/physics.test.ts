import { describe, expect, it } from "vitest";
import { runCli, scratchDir, scratchFile } from "./cli.js";

async function physics(...args: string[]): Promise<Record<string, unknown>> {
  const result = await runCli(["physics", ...args], { cwd: scratchDir() });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("orbitwin physics", () => {
  it("propagates a TLE file to Vallado's 00005 state at 360 min", async () => {
    const { dir, file } = scratchFile(
      "00005.tle",
      "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753\n2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667\n",
    );
    const result = await runCli(["physics", "propagate", "--tle", file, "--minutes", "360"], { cwd: dir });
    const [sat] = JSON.parse(result.stdout) as { id: string; positionKm: number[]; velocityKmS: number[]; altKm: number }[];
    expect(sat!.id).toBe("5");
    expect(sat!.positionKm[0]).toBeCloseTo(-7154.03120202, 4);
    expect(sat!.velocityKmS[2]).toBeCloseTo(-2.093935425, 7);
    expect(sat!.altKm).toBeGreaterThan(0);
  });

  it("answers the radiator, equilibrium and cooldown models with the reference values", async () => {
    expect((await physics("radiator", "--temp-k", "293.15", "--emissivity", "0.92", "--sides", "2")).netRejectionWPerM2).toBeCloseTo(770.53, 1);
    expect((await physics("equilibrium", "--absorptivity", "0.09", "--emissivity", "0.92", "--sides", "2")).tempK).toBeCloseTo(185.1, 1);
    // Radiative cooling dT/dt = -k T^4 has T(t) = (T0^-3 + 3 k t)^(-1/3): check it against a fine Euler integration.
    const cooled = (
      await physics(
        "cooldown",
        "--temp-k",
        "300",
        "--heat-capacity-j-per-k",
        "1000",
        "--area-m2",
        "1",
        "--emissivity",
        "0.9",
        "--sides",
        "1",
        "--seconds",
        "3600",
      )
    ).tempK as number;
    const k = (0.9 * 5.670374419e-8) / 1000;
    let t = 300;
    for (let i = 0; i < 360_000; i++) t -= k * t ** 4 * 0.01;
    expect(Math.abs(cooled - t)).toBeLessThan(0.01);
  });

  it("computes Pc, breakup and economics", async () => {
    const pc = await physics(
      "pc",
      "--r1",
      "7000,0,0",
      "--v1",
      "0,7.5,0",
      "--cov1",
      "0.01,0,0,0,0.01,0,0,0,0.01",
      "--r2",
      "7000,0,0",
      "--v2",
      "0,0,7.5",
      "--cov2",
      "0,0,0,0,0,0,0,0,0",
      "--hbr-km",
      "0.02",
    );
    expect(pc.pc).toBeCloseTo(0.0198013, 6);
    const b = await physics("breakup", "--mass1-kg", "0.5", "--mass2-kg", "1000", "--speed-km-s", "10");
    expect(b).toMatchObject({ catastrophic: false, emrJPerG: 25 });
    expect((await physics("economics", "--mass-kg", "1000", "--power-kw", "20", "--life-years", "5", "--launch-usd-per-kg", "3600")).usdPerKwYear).toBe(36_000);
  });

  it("reports a dawn-dusk orbit's eclipse season and a formation's geometry", async () => {
    const e = await physics("eclipse", "--alt-km", "650", "--sso", "--ltan", "18:00", "--from", "2026-01-01T00:00:00Z", "--to", "2027-01-01T00:00:00Z");
    expect(e.eclipseDays).toBeGreaterThan(0);
    expect(e.sunlitFraction).toBeGreaterThan(0.95);
    const f = await physics("formation", "--alt-km", "650", "--count", "81", "--radius-km", "1", "--orbits", "1");
    expect(f.maxExtentAlongTrackM).toBeLessThan(2000);
    expect(f.nearestNeighborMinM).toBeGreaterThan(0);
  });

  it("fails with one line naming the bad flag", async () => {
    const result = await runCli(["physics", "radiator", "--temp-k", "hot", "--emissivity", "0.9", "--sides", "2"], { cwd: scratchDir() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/--temp-k hot/);
  });
});
