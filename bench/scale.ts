/**
 * The million (`npm run bench -- --only scale`): `orbitwin run` of SpaceX's orbital data center
 * (scenarios/spacex-odc-1m.yaml: every subsystem and the thermal service, dt 10 s) on 2 fleet
 * hosts at full speed for ten simulated minutes, as a person would run it, and of its 1:100
 * sample (spacex-odc-10k.yaml) in the same session for the baselines:
 * - scale.million.first_tick_s: command start to the first tick done; baseline = 100 x the
 *   sample's (what growth in proportion to the satellites would give); goal <= 60 s.
 * - scale.million.rss_bytes_per_satellite: the peak resident memory of every process of the twin
 *   (nats-server, coordinator and standby, hosts, thermal, the CLI) over the satellites; baseline =
 *   the sample's; goal <= 2,000.
 * - scale.million.sim_speed: simulated over wall time, start-up included; baseline = 1 (real
 *   time); goal >= 1.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRecord } from "./results.js";

const CLI = fileURLToPath(new URL("../packages/cli/dist/main.js", import.meta.url));
const scenario = (name: string) => fileURLToPath(new URL(`../scenarios/${name}`, import.meta.url));
const SIMULATED = "10m";
const HOSTS = 2;

interface RunSummary {
  satellites: number;
  wallMs: number;
  firstTickWallMs: number;
  achievedSpeed: number;
  digest: string;
  memory: { peakRssBytes: number; bytesPerSatellite: number; processes: { name: string; peakRssBytes: number }[] };
}

export async function benchScale(log: (line: string) => void): Promise<BenchRecord[]> {
  const sample = await orbitwinRun("spacex-odc-10k.yaml");
  log(
    `  10,000 satellites: first tick after ${(sample.firstTickWallMs / 1000).toFixed(1)} s, ${sample.memory.bytesPerSatellite} B per satellite, ${sample.achievedSpeed.toFixed(1)}x`,
  );
  const million = await orbitwinRun("spacex-odc-1m.yaml");
  log(
    `  1,000,000 satellites: first tick after ${(million.firstTickWallMs / 1000).toFixed(1)} s, ${million.memory.bytesPerSatellite} B per satellite, ${million.achievedSpeed.toFixed(2)}x`,
  );
  for (const p of million.memory.processes) log(`    ${p.name}: ${(p.peakRssBytes / 2 ** 20).toFixed(0)} MiB peak`);
  const linearFirstTickS = (sample.firstTickWallMs / 1000) * (million.satellites / sample.satellites);
  return [
    {
      name: "scale.million.first_tick_s",
      value: million.firstTickWallMs / 1000,
      unit: "s",
      baseline: linearFirstTickS,
      ratio: million.firstTickWallMs / 1000 / linearFirstTickS,
      note: `orbitwin run spacex-odc-1m --hosts ${HOSTS} --speed max: command start to the first tick done; baseline = 100 x the 1:100 sample's; goal <= 60 s`,
    },
    {
      name: "scale.million.rss_bytes_per_satellite",
      value: million.memory.bytesPerSatellite,
      unit: "bytes",
      baseline: sample.memory.bytesPerSatellite,
      ratio: million.memory.bytesPerSatellite / sample.memory.bytesPerSatellite,
      note: `peak RSS summed over ${million.memory.processes.length} processes (${(million.memory.peakRssBytes / 2 ** 30).toFixed(2)} GiB) / satellites; baseline = the 1:100 sample's; goal <= 2,000`,
    },
    {
      name: "scale.million.sim_speed",
      value: million.achievedSpeed,
      unit: "x real time",
      baseline: 1,
      ratio: million.achievedSpeed,
      note: `${SIMULATED} simulated with every subsystem and thermal control, dt 10 s, start-up included (${(million.wallMs / 1000).toFixed(0)} s wall); baseline = real time; goal >= 1`,
    },
  ];
}

async function orbitwinRun(name: string): Promise<RunSummary> {
  const cwd = mkdtempSync(join(tmpdir(), "orbitwin-bench-scale-"));
  try {
    const child = spawn(process.execPath, [CLI, "run", scenario(name), "--until", SIMULATED, "--hosts", String(HOSTS), "--speed", "max", "--json"], {
      cwd,
      env: { ...process.env, NATS_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    if (code !== 0) throw new Error(`orbitwin run ${name} exited with ${code}:\n${stderr}`);
    return JSON.parse(stdout) as RunSummary;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
