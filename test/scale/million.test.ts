/**
 * The million (issue "The million"), opt-in: `npm run test:scale`. SpaceX's orbital data center
 * filing as scenarios/spacex-odc-1m.yaml, every subsystem and the thermal service, run for ten
 * simulated minutes as a person would with `orbitwin run`, on 2 and on 4 fleet host processes.
 * Minutes of wall time and several GB of memory: never part of `npm test`.
 */
import { describe, expect, it } from "vitest";
import { runCli, scenario, scratchDir } from "../e2e/cli.js";

interface Summary {
  digest: string;
  ticks: number;
  satellites: number;
  hosts: number;
  firstTickWallMs?: number;
  memory: { peakRssBytes: number; bytesPerSatellite: number; processes: { name: string; peakRssBytes: number }[] };
  subsystems?: { acceleratorsActive: number };
}

async function runMillion(hosts: number): Promise<Summary> {
  const result = await runCli(["run", scenario("spacex-odc-1m.yaml"), "--until", "10m", "--hosts", String(hosts), "--speed", "max", "--json"], {
    cwd: scratchDir(),
  });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

describe("a million satellites on one machine", () => {
  it("runs SpaceX's million for ten minutes and ends with the same digest on 2 and on 4 fleet hosts", async () => {
    const two = await runMillion(2);
    expect(two.satellites).toBe(1_000_000);
    expect(two.ticks).toBe(61);
    expect(two.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(two.subsystems?.acceleratorsActive).toBeGreaterThan(0);
    expect(two.firstTickWallMs).toBeGreaterThan(0);
    expect(two.memory.processes.filter((p) => p.name.startsWith("fleet"))).toHaveLength(2);
    const four = await runMillion(4);
    expect(four.hosts).toBe(4);
    expect(four.digest).toBe(two.digest);
  });
});
