import { resolveCommonConfig, serviceRootLogger, type FlagValues, type Logger, type ServiceEnv } from "@orbitwin/runtime";
import { asUsage, historyFlagOptions, parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";

/** What `serve` needs of a service: its flags, its config resolver (its main.ts uses it too) and its run. */
interface ServiceEntry {
  flags: Readonly<Record<string, unknown>>;
  resolve: (env: ServiceEnv, flags: FlagValues) => unknown;
  run: (config: never, log: Logger) => Promise<number>;
}

/** Each service's package loads only in the process that serves it: a fleet host never loads the dashboard. */
const services: Record<string, () => Promise<ServiceEntry>> = {
  coordinator: async () =>
    import("@orbitwin/coordinator").then((m) => ({
      flags: m.coordinatorServiceFlags,
      resolve: m.resolveCoordinatorServiceConfig,
      run: m.runCoordinatorService,
    })),
  fleet: async () => import("@orbitwin/fleet").then((m) => ({ flags: m.fleetServiceFlags, resolve: m.resolveFleetServiceConfig, run: m.runFleetService })),
  thermal: async () =>
    import("@orbitwin/thermal").then((m) => ({ flags: m.thermalServiceFlags, resolve: m.resolveThermalServiceConfig, run: m.runThermalService })),
  scheduler: async () =>
    import("@orbitwin/scheduler").then((m) => ({ flags: m.schedulerServiceFlags, resolve: m.resolveSchedulerServiceConfig, run: m.runSchedulerService })),
  "debris-watch": async () =>
    import("@orbitwin/debris-watch").then((m) => ({
      flags: m.debrisWatchServiceFlags,
      resolve: m.resolveDebrisWatchServiceConfig,
      run: m.runDebrisWatchService,
    })),
  gateway: async () =>
    import("@orbitwin/gateway").then((m) => ({ flags: m.gatewayServiceFlags, resolve: m.resolveGatewayServiceConfig, run: m.runGatewayService })),
  "study-worker": async () =>
    import("../study/study-worker-service.js").then((m) => ({
      flags: m.studyWorkerServiceFlags,
      resolve: m.resolveStudyWorkerServiceConfig,
      run: m.runStudyWorkerService,
    })),
};

export const serveHelp = `orbitwin serve coordinator|fleet|thermal|scheduler|debris-watch|gateway|study-worker [flags]

Runs one service in this process, for distributed use: start one coordinator per run and as
many fleet hosts as you like, on any machines that reach the same NATS.

Each flag has an environment variable too (in parentheses), read the same way when the service is
started as node services/<name>/dist/main.js.

Flags (all):
  --nats URL        NATS server (default: NATS_URL, else nats://127.0.0.1:4222)
  --run ID          run id, a lower-case kebab token (default: ORBITWIN_RUN, else demo)
  --log-level L     trace|debug|info|warn|error (default: LOG_LEVEL, else info)
coordinator:
  --scenario FILE   scenario file (ORBITWIN_SCENARIO; required)
  --speed X|max     x wall clock (1 = real time) or max (ORBITWIN_SPEED; default: the scenario's)
  --until D         simulated duration, e.g. 6h, or "forever" (ORBITWIN_UNTIL; default: the scenario's)
  --min-hosts N     fleet hosts to wait for before the first tick (ORBITWIN_MIN_HOSTS; default 1)
  --require IDS     clock participants to wait for before the first tick, comma-separated, of
                    thermal, scheduler, debris-watch; the run then takes no others
                    (ORBITWIN_REQUIRE; default: none waited for, any may join)
  --paused          start paused (then: orbitwin ctl resume | step N)
  --standby         wait for the coordinator lease; when the active coordinator dies, take over
                    the run from its newest checkpoint (ORBITWIN_STANDBY=1)
  --resume          continue a run with this id from its newest checkpoint, a restarted twin
                    (ORBITWIN_RESUME=1)
  --sample-every N  keep every Nth tick's cluster telemetry in history, 0 = none (default: the scenario's, else 10)
  --history-max-age D  drop history older than D, e.g. 2d (default: the scenario's, else 7d)
fleet:
  --host ID         host id, unique in the run (ORBITWIN_HOST; default: <hostname>-<pid>)
  --threads N       cores to use, one fleet host per worker thread, named <host>-t1, <host>-t2, ...
                    (ORBITWIN_FLEET_THREADS; default: this machine's cores)
thermal:
  --scenario FILE   scenario whose thermal: section is the policy (ORBITWIN_SCENARIO; default: the
                    built-in policy)
scheduler:
  --scenario FILE   scenario whose scheduler: section (policy, arrivals) and seed it uses
                    (ORBITWIN_SCENARIO; default: energy-aware, no arrivals, seed 0)
  --policy P        first-fit | energy-aware (ORBITWIN_POLICY; default: the scenario's)
debris-watch:
  --scenario FILE   scenario whose debris: section says what to screen and how (ORBITWIN_SCENARIO;
                    required)
gateway (the web dashboard):
  --port N          HTTP port (ORBITWIN_DASHBOARD_PORT; default 8080; 0 = a free one)
  --bind HOST       address to listen on (ORBITWIN_DASHBOARD_BIND; default 127.0.0.1)
  --allow-host H:P,...  more Host names it serves, e.g. behind a proxy (ORBITWIN_DASHBOARD_ALLOW_HOSTS)
  --max-clients N   pages streaming at once (ORBITWIN_DASHBOARD_MAX_CLIENTS; default 32)
  The operator token (control and injection from the page) only from ORBITWIN_GATEWAY_TOKEN;
  without it the dashboard is view-only.
study-worker (runs the variants of any \`orbitwin study\` on this NATS, one at a time; --run unused):
  --ack-wait D      wall time a variant may go without the worker's heartbeat before another
                    worker takes it over (ORBITWIN_STUDY_ACK_WAIT; default 30s)
`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    run: { type: "string" },
    "log-level": { type: "string" },
    scenario: { type: "string" },
    speed: { type: "string" },
    until: { type: "string" },
    "min-hosts": { type: "string" },
    require: { type: "string" },
    paused: { type: "boolean" },
    standby: { type: "boolean" },
    port: { type: "string" },
    bind: { type: "string" },
    "allow-host": { type: "string" },
    "max-clients": { type: "string" },
    resume: { type: "boolean" },
    host: { type: "string" },
    threads: { type: "string" },
    ...historyFlagOptions,
    policy: { type: "string" },
    "ack-wait": { type: "string" },
  });
  if (values.help) {
    process.stdout.write(serveHelp);
    return 0;
  }
  const service = positionals[0];
  const env = process.env;
  const common = asUsage(() => resolveCommonConfig(env, values));
  const log = serviceRootLogger(service ?? "serve", common);
  // A supervising `orbitwin up`/`run` holds an IPC channel: when it goes away, so do we.
  const onSupervisorGone = () => process.kill(process.pid, "SIGTERM");
  if (process.send) process.once("disconnect", onSupervisorGone);
  try {
    const load = service === undefined ? undefined : services[service];
    if (service === undefined || !load) {
      throw new UsageError(
        `serve needs a service: coordinator, fleet, thermal, scheduler, debris-watch, gateway or study-worker${service ? ` (got "${service}")` : ""}`,
      );
    }
    const entry = await load();
    return await entry.run(resolveFor(service, entry.flags, entry.resolve, env, values) as never, log);
  } finally {
    log.flush();
    // The service has stopped and released what it holds: let go of the supervisor's IPC
    // channel (it keeps the event loop alive), and let nothing else keep this process up.
    // Our own disconnect is not the supervisor going: the exit code must stay the service's.
    process.off("disconnect", onSupervisorGone);
    if (process.connected) process.disconnect();
    setTimeout(() => process.exit(), 2000).unref();
  }
}

/**
 * A service's config from its own resolver (the one its main.ts uses too). `serve` parses the
 * flags of every service at once, so a flag the chosen service does not take is refused here.
 */
function resolveFor(service: string, flags: ServiceEntry["flags"], resolve: ServiceEntry["resolve"], env: ServiceEnv, values: FlagValues): unknown {
  const foreign = Object.keys(values).filter((name) => values[name] !== undefined && name !== "help" && !(name in flags));
  if (foreign.length > 0) throw new UsageError(`serve ${service} takes no ${foreign.map((f) => `--${f}`).join(", ")}`);
  return asUsage(() => resolve(env, values));
}
