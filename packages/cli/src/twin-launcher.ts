/**
 * Starts a whole twin for `up` and `run`: NATS as discovered, then the coordinator and N fleet
 * hosts as child processes (or in this process in local mode). Children get an IPC channel and
 * stop when it closes, so killing this process never leaves orphans.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Coordinator, checkScenarioFile, loadScenarioFile } from "@orbitwin/coordinator";
import { FLEET_HOST_HEAP_FLAG, FleetHost, threadHostId } from "@orbitwin/fleet";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { DebrisWatch } from "@orbitwin/debris-watch";
import { SchedulerService, createSchedulerCore } from "@orbitwin/scheduler";
import {
  decodeEvent,
  ErrorCodes,
  eventData,
  EventKinds,
  OrbitwinError,
  subjects,
  type EventData,
  type HistoryConfig,
  type PlacementPolicyName,
  type Scenario,
} from "@orbitwin/protocol";
import { LocalBus, connectNatsBus, type Bus, type Logger, type SecureNats } from "@orbitwin/runtime";
import { describeNats, discoverNats, type NatsSource } from "./nats-discovery.js";
import { lastLoggedError } from "./last-logged-error.js";
import { peaksOf, type ProcessPeak } from "./peak-memory.js";
import { freePort, listening, spawnService, stopChild, supervise, type Supervised } from "./service-processes.js";

export interface TwinOptions {
  scenarioPath: string;
  run: string;
  hosts: number;
  /** Worker threads per fleet host process, each a fleet host of its own. @default 1 */
  threads?: number;
  /** undefined = the scenario's */
  speed?: number | null;
  /** undefined = the scenario's */
  durationMs?: number | null;
  natsUrl?: string | undefined;
  log: Logger;
  /** Folder for the spawned nats-server's data and the children's logs. */
  runDir: string;
  /** Run the thermal service. @default on when the scenario has a bus and does not disable it */
  thermal?: boolean;
  /** Overrides of the scenario's history retention. @default none */
  history?: Partial<HistoryConfig> | undefined;
  /** Serve the dashboard on this port (0 = a free one); undefined = no dashboard. */
  dashboardPort?: number | undefined;
  /** The dashboard's operator token (control and injection); undefined = the page is view-only. */
  dashboardToken?: string | undefined;
  /** Run debris-watch. @default on when the scenario has a debris: section that does not disable it */
  debrisWatch?: boolean;
  /** Run the job scheduler. @default on when the scenario has a scheduler: section that does not disable it */
  scheduler?: boolean;
  /** The scheduler's placement policy. @default the scenario's */
  policy?: PlacementPolicyName;
  /** Continue the run from its newest checkpoint on this NATS. @default false */
  resume?: boolean;
  /** Run the whole twin in this process on the in-process bus, whatever NATS there is (a study's variant). @default false */
  inProcess?: boolean;
  /** Start nats-server with a user per role and TLS, each process connecting as its own user. @default false */
  secure?: boolean;
  /**
   * Writes the checkpoint the run resumes from (a fork's), once NATS is up and before any service
   * starts, on a connection that may create the run's stores (secure mode: the coordinator's user).
   * Needs resume. @default none
   */
  seedCheckpoint?: (bus: Bus) => Promise<void>;
}

/** The clock participants besides the fleet hosts that a run starts and waits for. */
interface Participants {
  thermal: boolean;
  scheduler: boolean;
  debrisWatch: boolean;
}

function requiredIds(p: Participants): string[] {
  return [...(p.thermal ? ["thermal"] : []), ...(p.scheduler ? ["scheduler"] : []), ...(p.debrisWatch ? ["debris-watch"] : [])];
}

function wantsScheduler(options: TwinOptions, loaded: { scenario: Scenario }): boolean {
  if (options.scheduler !== undefined) return options.scheduler;
  const section = loaded.scenario.scheduler;
  return section !== undefined && section.enabled !== false;
}

function wantsThermal(options: TwinOptions, loaded: { scenario: Scenario }): boolean {
  if (options.thermal !== undefined) return options.thermal;
  const hasBus = loaded.scenario.bus !== undefined || loaded.scenario.constellations.some((c) => c.bus !== undefined);
  return hasBus && loaded.scenario.thermal?.enabled !== false;
}

export interface Twin {
  readonly nats: NatsSource;
  readonly natsDescription: string;
  readonly run: string;
  /** A bus connected to the twin, for the command's own observation and control. */
  readonly bus: Bus;
  readonly logDir: string | undefined;
  /** true when the job scheduler runs (its queries answer on svc.scheduler.*) */
  readonly scheduler: boolean;
  /** The dashboard's address, when one was asked for. */
  readonly dashboardUrl: string | undefined;
  /** Resolves when the run reaches its last tick. */
  finished(): Promise<FinishedRun>;
  /** Peak memory so far of every process of the twin that can be read (this one included). */
  peakMemory(): ProcessPeak[];
  stop(): Promise<void>;
}

/** What the run-finished event says of a run (subsystem totals only when the satellites have a bus). */
export type FinishedRun = EventData<typeof EventKinds.runFinished>;

/** Listens for the run's run-finished event; subscribe before anything can finish. */
function whenFinished(bus: Bus, run: string, log: Logger): Promise<FinishedRun> {
  return new Promise((resolveFinished) => {
    const sub = bus.subscribe(subjects.event(run, EventKinds.runFinished), (msg) => {
      try {
        const finished = eventData(decodeEvent(msg.subject, msg.data), EventKinds.runFinished);
        sub.unsubscribe();
        resolveFinished(finished);
      } catch (err) {
        log.warn({ err }, "ignored a malformed or forged run-finished event");
      }
    });
  });
}

/**
 * Rejects when the coordinator exits with an error before the run's first tick: it could not
 * start (a scenario its NATS server cannot hold, say), and a standby taking over would fail the
 * same way, so the command says why now rather than after its stall timeout. Once a tick has
 * completed, a coordinator that dies is the standby's to replace, and this never settles.
 */
function whenFailedBeforeFirstTick(bus: Bus, run: string, coordinator: ChildProcess, stopping: () => boolean, logFile: string): Promise<never> {
  return new Promise((_, reject) => {
    const firstTick = bus.subscribe(subjects.fleet(run), () => {
      firstTick.unsubscribe();
      coordinator.off("exit", onExit);
    });
    const onExit = (code: number | null) => {
      firstTick.unsubscribe();
      if (stopping() || code === 0 || code === null) return;
      const why = lastLoggedError(logFile) ?? `it exited with code ${code}`;
      reject(new OrbitwinError(ErrorCodes.invalidState, `the coordinator stopped before the run's first tick: ${why} (its log: ${logFile})`));
    };
    coordinator.once("exit", onExit);
  });
}

/** The id of fleet host process i (from 0) as the launcher names it. */
const hostIdOf = (run: string, i: number) => `${run}-h${i + 1}`;

/** Each fleet host process's ids: its own, or one per thread (`fleet-threads.ts`); secure mode pins a user to them. */
function fleetHostIds(options: TwinOptions): string[][] {
  const threads = options.threads ?? 1;
  return Array.from({ length: options.hosts }, (_, i) => {
    const id = hostIdOf(options.run, i);
    return threads > 1 ? Array.from({ length: threads }, (_, t) => threadHostId(id, t + 1)) : [id];
  });
}

export async function startTwin(options: TwinOptions): Promise<Twin> {
  const runDir = resolve(options.runDir);
  // Its store, logs and (secure mode) secrets are this user's only; folders made on the way too.
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const scenarioPath = resolve(options.scenarioPath);
  // Validate before starting anything, so a bad scenario fails fast with its own message; without
  // keeping its clusters (a million satellites), which only local mode needs, in this process.
  const loaded = checkScenarioFile(scenarioPath, options.run);
  const nats: NatsSource = options.inProcess
    ? { kind: "local" }
    : await discoverNats({
        flagUrl: options.natsUrl,
        storeDir: join(runDir, "nats"),
        log: options.log,
        ...(options.secure ? { secure: { dir: join(runDir, "secrets"), run: options.run, fleetHosts: fleetHostIds(options) } } : {}),
      });
  try {
    const participants: Participants = {
      thermal: wantsThermal(options, loaded),
      scheduler: wantsScheduler(options, loaded),
      debrisWatch: options.debrisWatch ?? (loaded.scenario.debris !== undefined && loaded.scenario.debris.enabled !== false),
    };
    if (nats.kind === "local") {
      if (options.resume) throw new OrbitwinError(ErrorCodes.invalidState, "a run resumes from checkpoints kept in NATS: give --nats URL");
      return await startLocalTwin(options, loadScenarioFile(scenarioPath, options.run), scenarioPath, nats, participants);
    }
    return await startProcessTwin(options, scenarioPath, nats, runDir, participants);
  } catch (err) {
    if (nats.kind === "spawned") await nats.stop();
    throw err;
  }
}

async function startLocalTwin(
  options: TwinOptions,
  loaded: ReturnType<typeof loadScenarioFile>,
  scenarioPath: string,
  nats: NatsSource,
  participants: Participants,
): Promise<Twin> {
  const bus = new LocalBus();
  const log = options.log;
  const coordinator = new Coordinator({
    bus,
    run: options.run,
    scenario: loaded.scenario,
    clusters: loaded.clusters,
    log: log.child({ svc: "coordinator", run: options.run }),
    // In one process every host shares this thread: --threads still gives as many hosts.
    minHosts: options.hosts * (options.threads ?? 1),
    requiredParticipants: requiredIds(participants),
    ...(options.speed === undefined ? {} : { speed: options.speed }),
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
    ...(options.history ? { history: Object.freeze({ ...loaded.scenario.history, ...options.history }) } : {}),
  });
  const hosts = Array.from({ length: options.hosts * (options.threads ?? 1) }, (_, i) => {
    const hostId = `${options.run}-h${i + 1}`;
    return new FleetHost({ bus, run: options.run, hostId, log: log.child({ svc: "fleet", run: options.run, host: hostId }) });
  });
  const thermalService = participants.thermal
    ? new ThermalService({ bus, run: options.run, policy: resolveThermalPolicy(loaded.scenario.thermal), log: log.child({ svc: "thermal", run: options.run }) })
    : undefined;
  const s = loaded.scenario;
  const debrisWatch = participants.debrisWatch
    ? new DebrisWatch({
        bus,
        run: options.run,
        config: s.debris,
        seed: s.seed,
        epochMs: s.epochMs,
        baseDir: dirname(scenarioPath),
        log: log.child({ svc: "debris-watch", run: options.run }),
      })
    : undefined;
  const scheduler = participants.scheduler
    ? new SchedulerService({
        bus,
        run: options.run,
        core: createSchedulerCore({ section: s.scheduler, seed: s.seed, policy: options.policy, limits: s.limits }),
        log: log.child({ svc: "scheduler", run: options.run }),
      })
    : undefined;
  // Loaded only for a dashboard: Fastify and the page's server cost every study worker and `run`
  // ~0.3 s of CPU at start otherwise.
  const gateway =
    options.dashboardPort === undefined
      ? undefined
      : new (await import("@orbitwin/gateway")).Gateway({
          bus,
          run: options.run,
          port: options.dashboardPort,
          operatorToken: options.dashboardToken,
          log: log.child({ svc: "gateway", run: options.run }),
        });
  const finished = coordinator.finished();
  await coordinator.start();
  await thermalService?.start();
  await scheduler?.start();
  await debrisWatch?.start();
  await gateway?.start();
  for (const host of hosts) await host.start();
  return {
    nats,
    natsDescription: describeNats(nats),
    run: options.run,
    bus,
    logDir: undefined,
    scheduler: participants.scheduler,
    dashboardUrl: gateway?.url,
    finished: () => finished,
    peakMemory: () => peaksOf([{ name: "cli (local mode: the whole twin)", pid: process.pid }]),
    stop: async () => {
      for (const host of hosts) await host.stop();
      await gateway?.stop();
      await debrisWatch?.stop();
      await scheduler?.stop();
      await thermalService?.stop();
      await coordinator.stop();
      await bus.drain();
    },
  };
}

/** Runs `write` before the services start: as the coordinator in secure mode (the operator may not create a run's stores). */
async function seed(
  write: (bus: Bus) => Promise<void>,
  at: { nats: Exclude<NatsSource, { kind: "local" }>; secure: SecureNats | undefined; bus: Bus; log: Logger; run: string },
): Promise<void> {
  const bus = at.secure
    ? await connectNatsBus({
        url: at.nats.url,
        name: `orbitwin-cli-${at.run}-seed`,
        log: at.log,
        credsFile: at.secure.credsFileOf("coordinator"),
        tlsCaFile: at.secure.caFile,
      })
    : at.bus;
  try {
    await write(bus);
  } finally {
    if (bus !== at.bus) await bus.drain();
  }
}

async function startProcessTwin(
  options: TwinOptions,
  scenarioPath: string,
  nats: Exclude<NatsSource, { kind: "local" }>,
  runDir: string,
  participants: Participants,
): Promise<Twin> {
  const logDir = join(runDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const secure = nats.kind === "spawned" ? nats.secure : undefined;
  // This command watches and steers the run as an operator would.
  const bus = await connectNatsBus({
    url: nats.url,
    name: `orbitwin-cli-${options.run}`,
    log: options.log,
    ...(secure ? { credsFile: secure.credsFileOf("operator"), tlsCaFile: secure.caFile } : {}),
  });
  if (options.seedCheckpoint) await seed(options.seedCheckpoint, { nats, secure, bus, log: options.log, run: options.run });
  const finished = whenFinished(bus, options.run, options.log);
  const children: { name: string; child: ChildProcess }[] = [];
  // The URL goes in the environment, never on a command line others can read (it may hold a password).
  const common = ["--run", options.run];
  const envOf = (user: string): NodeJS.ProcessEnv => ({
    NATS_URL: nats.url,
    ...(secure ? { ORBITWIN_CREDS: secure.credsFileOf(user), ORBITWIN_TLS_CA: secure.caFile } : {}),
  });
  const threads = options.threads ?? 1;
  const coordinatorArgs = [
    "serve",
    "coordinator",
    ...common,
    "--scenario",
    scenarioPath,
    "--min-hosts",
    String(options.hosts * threads),
    ...(options.resume ? ["--resume"] : []),
  ];
  if (requiredIds(participants).length > 0) coordinatorArgs.push("--require", requiredIds(participants).join(","));
  if (options.speed !== undefined) coordinatorArgs.push("--speed", options.speed === null ? "max" : String(options.speed));
  if (options.durationMs !== undefined) coordinatorArgs.push("--until", options.durationMs === null ? "forever" : `${options.durationMs}ms`);
  if (options.history?.sampleEveryTicks !== undefined) coordinatorArgs.push("--sample-every", String(options.history.sampleEveryTicks));
  if (options.history?.maxAgeMs !== undefined) coordinatorArgs.push("--history-max-age", `${options.history.maxAgeMs}ms`);
  const coordinatorLog = join(logDir, "coordinator.log");
  const coordinator = spawnService(coordinatorArgs, coordinatorLog, envOf("coordinator"));
  children.push({ name: "coordinator", child: coordinator });
  let stopping = false;
  const failedToStart = whenFailedBeforeFirstTick(bus, options.run, coordinator, () => stopping, coordinatorLog);
  const finishedOrFailed = Promise.race([finished, failedToStart]);
  // Awaited by the command; this keeps a refusal no one waits for from being unhandled.
  finishedOrFailed.catch(() => undefined);
  // A standby takes the run over from its newest checkpoint if the coordinator dies.
  children.push({
    name: "coordinator standby",
    child: spawnService([...coordinatorArgs, "--standby"], join(logDir, "coordinator-standby.log"), envOf("coordinator")),
  });
  const supervised: Supervised[] = [];
  if (participants.thermal)
    supervised.push(
      supervise("thermal", ["serve", "thermal", ...common, "--scenario", scenarioPath], join(logDir, "thermal.log"), options.log, envOf("thermal")),
    );
  if (participants.scheduler)
    supervised.push(
      supervise(
        "scheduler",
        ["serve", "scheduler", ...common, "--scenario", scenarioPath, ...(options.policy ? ["--policy", options.policy] : [])],
        join(logDir, "scheduler.log"),
        options.log,
        envOf("scheduler"),
      ),
    );
  if (participants.debrisWatch)
    supervised.push(
      supervise(
        "debris-watch",
        ["serve", "debris-watch", ...common, "--scenario", scenarioPath],
        join(logDir, "debris-watch.log"),
        options.log,
        envOf("debris-watch"),
      ),
    );
  let dashboardUrl: string | undefined;
  if (options.dashboardPort !== undefined) {
    const port = options.dashboardPort === 0 ? await freePort() : options.dashboardPort;
    // The token goes by environment, never argv: argv shows in every process listing.
    const gatewayEnv = { ...envOf("gateway"), ...(options.dashboardToken ? { ORBITWIN_GATEWAY_TOKEN: options.dashboardToken } : {}) };
    children.push({
      name: "gateway",
      child: spawnService(["serve", "gateway", ...common, "--port", String(port)], join(logDir, "gateway.log"), gatewayEnv),
    });
    if (await listening(port, 30_000)) dashboardUrl = `http://127.0.0.1:${port}/`;
    else options.log.warn({ port, logFile: join(logDir, "gateway.log") }, "the dashboard gateway did not start listening");
  }
  for (let i = 0; i < options.hosts; i++) {
    const hostId = hostIdOf(options.run, i);
    // A host started again under its id is seen as restarted at once: its work moves without waiting for a timeout.
    supervised.push(
      supervise(
        `fleet ${hostId}`,
        ["serve", "fleet", ...common, "--host", hostId, "--threads", String(threads)],
        join(logDir, `fleet-${hostId}.log`),
        options.log,
        // Its user is named after its first id (roles.ts): the host's own, or its first thread's.
        envOf(`fleet-${fleetHostIds(options)[i]![0]!}`),
        [FLEET_HOST_HEAP_FLAG],
      ),
    );
  }
  return {
    nats,
    natsDescription: describeNats(nats),
    run: options.run,
    bus,
    logDir,
    scheduler: participants.scheduler,
    dashboardUrl,
    finished: () => finishedOrFailed,
    peakMemory: () =>
      peaksOf([
        { name: "cli", pid: process.pid },
        ...(nats.kind === "spawned" ? [{ name: "nats-server", pid: nats.pid }] : []),
        ...children.map((c) => ({ name: c.name, pid: c.child.pid })),
        ...supervised.map((s) => ({ name: s.name, pid: s.pid() })),
      ]),
    stop: async () => {
      stopping = true;
      await Promise.all([...children.map((c) => stopChild(c.child)), ...supervised.map((s) => s.stop())]);
      await bus.drain();
      if (nats.kind === "spawned") await nats.stop();
    },
  };
}
