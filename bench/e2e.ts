/**
 * (b) End to end through real NATS: a coordinator and 2 fleet host processes at 1x real time,
 * with a telemetry consumer decoding every cluster batch. Climbs a ladder of fleet sizes and
 * reports the most satellites held at 1 Hz (p99 tick lag under the limit) and that size's lag.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clusterTelemetry, fleetTelemetry, orbitwinEvent, subjects, telemetryVectors, EventKinds } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, spawnNatsServer } from "@orbitwin/runtime";

const CLI = new URL("../packages/cli/dist/main.js", import.meta.url).pathname;
const WARMUP_TICKS = 5;
const MEASURED_TICKS = 30;
const LAG_LIMIT_P99_MS = 250;
const HOSTS = 2;

export interface E2eTrial {
  satellites: number;
  ticks: number;
  lagP50Ms: number;
  lagP99Ms: number;
  /** median of the slowest host's step time per tick, ms */
  hostStepP50Ms: number;
  batchesDecoded: number;
  held: boolean;
}

export interface E2eOptions {
  /** fly every satellite with this bus preset and run the thermal service */
  busPreset?: string;
}

export async function benchE2e(ladder: readonly number[], log: (line: string) => void, options: E2eOptions = {}): Promise<E2eTrial[]> {
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-bench-"));
  const server = await spawnNatsServer({ storeDir: join(dir, "nats"), log: silentLogger() });
  const trials: E2eTrial[] = [];
  try {
    for (const satellites of ladder) {
      const trial = await runTrial(server.url, dir, satellites, options);
      trials.push(trial);
      log(
        `  e2e ${satellites.toLocaleString("en-US")} satellites: p50 ${trial.lagP50Ms.toFixed(1)} ms, p99 ${trial.lagP99Ms.toFixed(1)} ms (slowest host's step p50 ${trial.hostStepP50Ms.toFixed(1)} ms), ${trial.held ? "held" : "NOT held"} at 1 Hz`,
      );
      if (!trial.held) break;
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return trials;
}

async function runTrial(natsUrl: string, dir: string, satellites: number, options: E2eOptions): Promise<E2eTrial> {
  const planes = Math.max(1, Math.round(satellites / 1000));
  const perPlane = Math.round(satellites / planes);
  const run = `bench-${options.busPreset ? "bus-" : ""}${satellites}`;
  const scenarioPath = join(dir, `${run}.yaml`);
  const ticks = WARMUP_TICKS + MEASURED_TICKS;
  writeFileSync(
    scenarioPath,
    [
      `name: ${run}`,
      "epoch: 2026-05-13T00:00:00Z",
      "dt: 1s",
      `duration: ${ticks}s`,
      "seed: 1",
      "clusterSize: 1000",
      ...(options.busPreset ? [`bus: { preset: ${options.busPreset} }`] : []),
      "constellations:",
      `  - { kind: walker, name: shell, planes: ${planes}, satsPerPlane: ${perPlane}, phasing: 1, altKm: 550, inclinationDeg: 53 }`,
    ].join("\n"),
  );
  const bus = await connectNatsBus({ url: natsUrl, name: "orbitwin-bench", log: silentLogger() });
  const lags: number[] = [];
  const steps: number[] = [];
  let batchesDecoded = 0;
  const consumer = bus.subscribe(subjects.allClusterTelemetry(run), (msg) => {
    const t = clusterTelemetry.decode(msg.data);
    telemetryVectors(t, "posKm");
    batchesDecoded++;
  });
  const fleet = bus.subscribe(subjects.fleet(run), (msg) => {
    const f = fleetTelemetry.decode(msg.data);
    if (f.tick >= WARMUP_TICKS) {
      lags.push(f.tickLagMs);
      steps.push(f.stepMsMax);
    }
  });
  const finished = new Promise<void>((resolve) => {
    const sub = bus.subscribe(subjects.event(run, EventKinds.runFinished), (msg) => {
      orbitwinEvent.decode(msg.data);
      sub.unsubscribe();
      resolve();
    });
  });
  const common = ["--nats", natsUrl, "--run", run, "--log-level", "warn"];
  const children: ChildProcess[] = [
    spawnCli([
      "serve",
      "coordinator",
      ...common,
      "--scenario",
      scenarioPath,
      "--speed",
      "1",
      "--min-hosts",
      String(HOSTS),
      ...(options.busPreset ? ["--require", "thermal"] : []),
    ]),
  ];
  if (options.busPreset) children.push(spawnCli(["serve", "thermal", ...common, "--scenario", scenarioPath]));
  for (let h = 1; h <= HOSTS; h++) children.push(spawnCli(["serve", "fleet", ...common, "--host", `${run}-h${h}`]));
  try {
    await finished;
  } finally {
    await Promise.all(children.map(stopChild));
    consumer.unsubscribe();
    fleet.unsubscribe();
    await bus.drain();
  }
  const sorted = [...lags].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Infinity;
  const lagP99Ms = pct(99);
  const stepSorted = [...steps].sort((a, b) => a - b);
  const hostStepP50Ms = stepSorted[Math.floor(stepSorted.length / 2)] ?? Infinity;
  return {
    satellites: planes * perPlane,
    ticks: lags.length,
    lagP50Ms: pct(50),
    lagP99Ms,
    hostStepP50Ms,
    batchesDecoded,
    held: lags.length >= MEASURED_TICKS && lagP99Ms < LAG_LIMIT_P99_MS,
  };
}

function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
