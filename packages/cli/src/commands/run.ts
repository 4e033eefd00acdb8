import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import {
  ErrorCodes,
  OrbitwinError,
  assertToken,
  debrisWatchStatusReply,
  encodeMessage,
  fleetTelemetry,
  parseScenario,
  runStatusReply,
  schedulerStatusReply,
  subjects,
  type DebrisWatchStatus,
  type SchedulerStatus,
} from "@orbitwin/protocol";
import { createRootLogger, type Bus } from "@orbitwin/runtime";
import { readFileSync } from "node:fs";
import { historyFlagOptions, parseCommandArgs, parseDurationFlag, parseHistoryFlags, parseOnOff, parsePolicy, parsePositiveInt, parseSpeed } from "../args.js";
import { UsageError } from "../errors.js";
import { formatBytes, formatCount, formatDuration, formatSpeed, table } from "../format.js";
import { Progress } from "../progress.js";
import { startTwin, type Twin } from "../twin-launcher.js";
import { renderSchedulerStatus } from "./jobs.js";

export const runHelp = `orbitwin run <scenario> [flags]

A headless run that ends by itself and prints a summary: ticks, satellites, wall time, achieved
speed and the final state digest (equal digests = bit-identical final state).

Flags:
  --until D       simulated duration, e.g. 90m, 6h, 2d (default: the scenario's duration)
  --speed X|max   x wall clock (1 = real time) or max (default: max)
  --hosts N       fleet host processes (default 1)
  --threads N     cores (worker threads) each fleet host process uses, one fleet host per thread
                  (default 1)
  --nats URL      use this NATS (default: NATS_URL, else a nats-server started for the run,
                  else local mode in this process)
  --secure        start nats-server with TLS and a user per role (docs/OPERATIONS.md, "Roles"):
                  every process connects as its own user, credentials in .orbitwin/runs/<run>/secrets
  --run ID        run id (default: <scenario name>-<time>)
  --json          print the summary as one JSON object on stdout
  --stall S       give up when no tick completes for S seconds (default 120)
  --thermal on|off  run the thermal service (default: on when the scenario has a bus)
  --debris-watch on|off  run debris-watch (default: on when the scenario has a debris: section)
  --scheduler on|off  run the AI job scheduler (default: on when the scenario has a scheduler: section)
  --policy P      the scheduler's placement policy: first-fit | energy-aware (default: the scenario's)
  --sample-every N  keep every Nth tick's cluster telemetry in history, 0 = none (default: the scenario's, else 10)
  --history-max-age D  drop history older than D, e.g. 2d (default: the scenario's, else 7d)
  --resume        continue the run --run ID from its newest checkpoint on --nats (a stopped
                  twin restarted, or a fork) instead of starting it afresh
`;

/** What a caller of runCommand adds beyond the flags (ctl fork). */
export interface RunExtras {
  /** Writes the checkpoint the run resumes from into its NATS before the services start (TwinOptions.seedCheckpoint). */
  seedCheckpoint?: (bus: Bus) => Promise<void>;
}

export async function runCommand(argv: string[], extras: RunExtras = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    until: { type: "string" },
    speed: { type: "string" },
    hosts: { type: "string" },
    threads: { type: "string" },
    nats: { type: "string" },
    secure: { type: "boolean" },
    run: { type: "string" },
    json: { type: "boolean" },
    stall: { type: "string" },
    thermal: { type: "string" },
    "debris-watch": { type: "string" },
    scheduler: { type: "string" },
    policy: { type: "string" },
    resume: { type: "boolean" },
    ...historyFlagOptions,
  });
  if (values.help) {
    process.stdout.write(runHelp);
    return 0;
  }
  const scenarioPath = positionals[0];
  if (!scenarioPath) throw new UsageError("run needs a scenario file, e.g. orbitwin run scenarios/demo.yaml --until 10m");
  const scenario = parseScenario(readScenarioText(scenarioPath), scenarioPath);
  const durationMs = values.until === undefined ? scenario.durationMs : parseDurationFlag(values.until, "--until");
  if (durationMs === null) throw new UsageError(`scenario ${scenarioPath} has no duration: pass --until, e.g. --until 1h`);
  const hosts = values.hosts === undefined ? 1 : parsePositiveInt(values.hosts, "--hosts", 64);
  const threads = values.threads === undefined ? 1 : parsePositiveInt(values.threads, "--threads", 64);
  const speed = values.speed === undefined ? null : parseSpeed(values.speed);
  if (values.resume && (values.run === undefined || values.nats === undefined) && !extras.seedCheckpoint)
    throw new UsageError("--resume needs --run ID and --nats URL: the run to continue and where its checkpoints are");
  // Two runs of one scenario started in the same millisecond on one NATS must not share an id.
  const run = assertToken(values.run ?? `${scenario.name}-${Date.now().toString(36)}-${randomBytes(2).toString("hex")}`, "--run");
  const stallMs = values.stall === undefined ? 120_000 : parseDurationFlag(values.stall, "--stall");
  const log = createRootLogger({ service: "cli", level: (process.env.LOG_LEVEL ?? "warn") as "warn", destinationFd: 2 });
  const startedMs = performance.now();
  const thermal = parseOnOff(values.thermal, "--thermal");
  const debrisWatch = parseOnOff(values["debris-watch"], "--debris-watch");
  const scheduler = parseOnOff(values.scheduler, "--scheduler");
  const policy = values.policy === undefined ? undefined : parsePolicy(values.policy);
  const twin = await startTwin({
    scenarioPath,
    run,
    hosts,
    threads,
    speed,
    durationMs,
    natsUrl: values.nats,
    secure: values.secure === true,
    log,
    runDir: resolve(".orbitwin", "runs", run),
    history: parseHistoryFlags(values),
    ...(values.resume || extras.seedCheckpoint ? { resume: true } : {}),
    ...(extras.seedCheckpoint ? { seedCheckpoint: extras.seedCheckpoint } : {}),
    ...(thermal === undefined ? {} : { thermal }),
    ...(debrisWatch === undefined ? {} : { debrisWatch }),
    ...(scheduler === undefined ? {} : { scheduler }),
    ...(policy ? { policy } : {}),
  });
  if (!values.json) process.stderr.write(`${twin.natsDescription}\n`);
  let lastProgressMs = performance.now();
  let firstTickMs: number | undefined;
  // Progress on stderr: a bar on a terminal, a line every few seconds otherwise, nothing with --json.
  const bar = new Progress({
    label: `run ${run}`,
    total: durationMs,
    enabled: !values.json,
    formatAmount: formatDuration,
    formatRate: (simMsPerS) => `achieved ${formatSpeed(simMsPerS / 1000)}`,
  });
  const progress = twin.bus.subscribe(subjects.fleet(run), (msg) => {
    lastProgressMs = performance.now();
    firstTickMs ??= lastProgressMs - startedMs;
    try {
      bar.update(fleetTelemetry.decode(msg.data).simTimeMs - scenario.epochMs);
    } catch {
      // A bad fleet message only costs a progress update; the run's own result is what counts.
    }
  });
  let stallTimer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    stallTimer = setInterval(
      () => {
        if (performance.now() - lastProgressMs < stallMs) return;
        // A paused run makes no progress by design (an operator paused it): not a stall.
        void isPaused(twin.bus, run).then((paused) => {
          if (paused) {
            lastProgressMs = performance.now();
            return;
          }
          reject(
            new OrbitwinError(
              ErrorCodes.timeout,
              `no tick completed for ${Math.round(stallMs / 1000)} s; the services' logs are in ${twin.logDir ?? "this process's output"}`,
            ),
          );
        });
      },
      Math.min(5000, stallMs),
    );
  });
  try {
    const result = await Promise.race([twin.finished(), stalled]);
    bar.update(durationMs);
    bar.finish();
    const wallMs = performance.now() - startedMs;
    const memory = twin.peakMemory();
    const peakRssBytes = memory.reduce((sum, p) => sum + p.peakRssBytes, 0);
    const jobs = twin.scheduler ? await schedulerStatus(twin) : undefined;
    const debris = (debrisWatch ?? (scenario.debris !== undefined && scenario.debris.enabled !== false)) ? await debrisSummary(twin.bus, run) : undefined;
    const summary = {
      run,
      scenario: scenario.name,
      mode: twin.nats.kind === "local" ? "local" : "nats",
      hosts,
      ticks: result.ticks,
      satellites: result.satellites,
      simulatedMs: durationMs,
      wallMs: Math.round(wallMs),
      // From this command's start to the first fleet aggregate: NATS, processes, definitions, assignment, restore, tick 0.
      ...(firstTickMs === undefined ? {} : { firstTickWallMs: Math.round(firstTickMs) }),
      achievedSpeed: durationMs / wallMs,
      speed: speed === null ? "max" : speed,
      digest: result.digest,
      ...(result.subsystems ? { subsystems: result.subsystems } : {}),
      ...(debris ? { debris } : {}),
      ...(jobs ? { scheduler: jobs } : {}),
      memory: { peakRssBytes, bytesPerSatellite: Math.round(peakRssBytes / Math.max(1, result.satellites)), processes: memory },
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(summary) + "\n");
    } else {
      process.stdout.write(
        table(
          ["run", "ticks", "satellites", "simulated", "wall time", "achieved", "hosts", "digest"],
          [
            [
              run,
              formatCount(result.ticks),
              formatCount(result.satellites),
              formatDuration(durationMs),
              formatDuration(wallMs),
              formatSpeed(durationMs / wallMs),
              String(hosts),
              result.digest,
            ],
          ],
        ) + "\n",
      );
      if (memory.length > 0)
        process.stdout.write(
          `peak memory: ${formatBytes(peakRssBytes)} over ${memory.length} processes (${formatCount(summary.memory.bytesPerSatellite)} bytes per satellite)${firstTickMs === undefined ? "" : `; first tick after ${formatDuration(firstTickMs)}`}\n`,
        );
      if (jobs) process.stdout.write(renderSchedulerStatus(jobs));
      if (debris)
        process.stdout.write(
          `debris-watch: ${debris.conjunctions} conjunctions, ${debris.maneuvers} maneuvers, ${debris.collisions} collisions, ${debris.fragments} fragments in the catalog\n`,
        );
    }
    return 0;
  } finally {
    clearInterval(stallTimer);
    progress.unsubscribe();
    await twin.stop();
    log.flush();
  }
}

function readScenarioText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read scenario ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The scheduler's metrics at the end of the run. */
async function schedulerStatus(twin: Twin): Promise<SchedulerStatus> {
  const reply = schedulerStatusReply.decode(
    (await twin.bus.request(subjects.serviceEndpoint(twin.run, "scheduler", "status"), encodeMessage({}), { timeoutMs: 10_000 })).data,
  );
  if (!reply.ok) throw new OrbitwinError(ErrorCodes.internal, `the scheduler's status: ${reply.error.message}`);
  return reply.result;
}

/** debris-watch's totals at the end of the run, or an explanation when it does not answer. */
export async function debrisSummary(bus: Bus, run: string): Promise<DebrisWatchStatus | undefined> {
  try {
    const reply = debrisWatchStatusReply.decode(
      (await bus.request(subjects.serviceEndpoint(run, "debris-watch", "status"), encodeMessage({}), { timeoutMs: 5000 })).data,
    );
    return reply.ok ? reply.result : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the run says it is paused; false when its coordinator does not answer (that is a stall too). */
async function isPaused(bus: Bus, run: string): Promise<boolean> {
  try {
    const reply = runStatusReply.decode((await bus.request(subjects.control(run, "status"), encodeMessage({}), { timeoutMs: 5000 })).data);
    return reply.ok && reply.result.state === "paused";
  } catch {
    return false;
  }
}
