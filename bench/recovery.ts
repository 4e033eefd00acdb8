/**
 * (e) How fast a paced run resumes after a fleet host dies: `orbitwin run` at 1x real time with
 * a 1 s tick and 2 fleet host processes on a spawned nats-server; mid-run `orbitwin chaos kill
 * fleet` SIGKILLs one (the launcher starts it again). Measured: wall time from the kill (when
 * the drill reports it) to the first tick completed after the run went back to its checkpoint.
 * Baseline: the tick period.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventKinds, fleetTelemetry, subjects } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, spawnNatsServer } from "@orbitwin/runtime";

const CLI = new URL("../packages/cli/dist/main.js", import.meta.url).pathname;
const TICK_MS = 1000;
const KILL_AT_TICK = 12;
const TRIALS = 3;

export interface RecoveryTrial {
  resumeMs: number;
}

/** `onOutput` hears the first stdout line as it comes: the drill prints right after its signal. */
function runCli(args: string[], cwd: string, onOutput: () => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      if (stdout === "") onOutput();
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export async function benchRecovery(log: (line: string) => void): Promise<RecoveryTrial[]> {
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-bench-recovery-"));
  const server = await spawnNatsServer({ storeDir: join(dir, "nats"), log: silentLogger() });
  const scenarioPath = join(dir, "paced.yaml");
  writeFileSync(
    scenarioPath,
    [
      "name: paced-recovery",
      "epoch: 2026-03-20T00:00:00Z",
      "dt: 1s",
      "duration: 40s",
      "seed: 5",
      "clusterSize: 50",
      "checkpoint: { everyTicks: 5, keep: 2 }",
      "bus: { preset: starlink-v2-mini-gpu }",
      "constellations:",
      "  - { kind: walker, name: w, planes: 4, satsPerPlane: 50, phasing: 1, altKm: 550, inclinationDeg: 53 }",
      "",
    ].join("\n"),
  );
  const trials: RecoveryTrial[] = [];
  try {
    for (let i = 0; i < TRIALS; i++) {
      const trial = await runTrial(server.url, dir, scenarioPath, `bench-recovery-${i}`);
      trials.push(trial);
      log(`  paced 1x run, fleet host SIGKILLed at tick ${KILL_AT_TICK}: ticking again ${(trial.resumeMs / 1000).toFixed(2)} s after the kill`);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return trials;
}

async function runTrial(natsUrl: string, dir: string, scenarioPath: string, run: string): Promise<RecoveryTrial> {
  const bus = await connectNatsBus({ url: natsUrl, name: `${run}-watch`, log: silentLogger() });
  let child: ChildProcess | undefined;
  try {
    let killedAtMs: number | undefined;
    let restored = false;
    let resumedAtMs: number | undefined;
    let onResumed!: () => void;
    const resumed = new Promise<void>((resolve) => (onResumed = resolve));
    let onKillTick!: () => void;
    const killTick = new Promise<void>((resolve) => (onKillTick = resolve));
    bus.subscribe(subjects.event(run, EventKinds.runRestored), () => (restored = killedAtMs !== undefined));
    bus.subscribe(subjects.fleet(run), (m) => {
      const tick = fleetTelemetry.decode(m.data).tick;
      if (tick >= KILL_AT_TICK) onKillTick();
      if (restored && resumedAtMs === undefined) {
        resumedAtMs = performance.now();
        onResumed();
      }
    });
    await bus.flush();
    child = spawn(process.execPath, [CLI, "run", scenarioPath, "--speed", "1", "--hosts", "2", "--run", run, "--nats", natsUrl, "--thermal", "off", "--json"], {
      cwd: dir,
      stdio: "ignore",
    });
    await killTick;
    const drill = await runCli(
      ["chaos", "kill", "fleet", "--host", `${run}-h2`, "--run", run, "--nats", natsUrl],
      dir,
      () => (killedAtMs ??= performance.now()),
    );
    if (drill.code !== 0) throw new Error(`chaos kill failed: ${drill.stderr}`);
    await resumed;
    await new Promise<void>((resolve) => child!.once("close", () => resolve()));
    return { resumeMs: resumedAtMs! - killedAtMs! };
  } finally {
    if (child && child.exitCode === null) child.kill("SIGTERM");
    await bus.drain();
  }
}

export { TICK_MS as RECOVERY_TICK_MS };
