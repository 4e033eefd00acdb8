import { runCoordinatorService } from "@orbitwin/coordinator";
import { runFleetService } from "@orbitwin/fleet";
import { runThermalService } from "@orbitwin/thermal";
import { runDebrisWatchService } from "@orbitwin/debris-watch";
import { runSchedulerService } from "@orbitwin/scheduler";
import { runGatewayService } from "@orbitwin/gateway";
import { parseScenario } from "@orbitwin/protocol";
import { readFileSync } from "node:fs";
import { assertToken } from "@orbitwin/protocol";
import { createRootLogger } from "@orbitwin/runtime";
import { historyFlagOptions, parseCommandArgs, parseDurationFlag, parseHistoryFlags, parsePolicy, parsePositiveInt, parseSpeed } from "../args.js";
import { UsageError } from "../errors.js";

export const serveHelp = `orbitwin serve coordinator|fleet|thermal|scheduler|debris-watch|gateway [flags]

Runs one service in this process, for distributed use: start one coordinator per run and as
many fleet hosts as you like, on any machines that reach the same NATS.

Flags (all):
  --nats URL        NATS server (default: NATS_URL, else nats://127.0.0.1:4222)
  --run ID          run id, a lower-case kebab token (default: ORBITWIN_RUN, else demo)
  --log-level L     trace|debug|info|warn|error (default: LOG_LEVEL, else info)
coordinator:
  --scenario FILE   scenario file (required)
  --speed X|max     x wall clock (1 = real time) or max (default: the scenario's)
  --until D         simulated duration, e.g. 6h, or "forever" (default: the scenario's)
  --min-hosts N     fleet hosts to wait for before the first tick (default 1)
  --require IDS     clock participants to wait for before the first tick, comma-separated (e.g. thermal)
  --paused          start paused (then: orbitwin ctl resume | step N)
  --standby         wait for the coordinator lease; when the active coordinator dies, take over
                    the run from its newest checkpoint
  --resume          continue a run with this id from its newest checkpoint (a restarted twin)
  --sample-every N  keep every Nth tick's cluster telemetry in history, 0 = none (default: the scenario's, else 10)
  --history-max-age D  drop history older than D, e.g. 2d (default: the scenario's, else 7d)
fleet:
  --host ID         host id, unique in the run (default: <hostname>-<pid>)
thermal:
  --scenario FILE   scenario whose thermal: section is the policy (default: the built-in policy)
scheduler:
  --scenario FILE   scenario whose scheduler: section (policy, arrivals) and seed it uses
                    (default: energy-aware, no arrivals, seed 0)
  --policy P        first-fit | energy-aware (default: the scenario's)
debris-watch:
  --scenario FILE   scenario whose debris: section says what to screen and how (required)
gateway (the web dashboard):
  --port N          HTTP port (default 8080; 0 = a free one)
  --bind HOST       address to listen on (default 127.0.0.1)
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
    resume: { type: "boolean" },
    host: { type: "string" },
    ...historyFlagOptions,
    policy: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(serveHelp);
    return 0;
  }
  const service = positionals[0];
  const natsUrl = values.nats || process.env.NATS_URL || "nats://127.0.0.1:4222";
  const run = assertToken(values.run || process.env.ORBITWIN_RUN || "demo", "--run");
  const level = (values["log-level"] ?? process.env.LOG_LEVEL ?? "info") as "info";
  const log = createRootLogger({ service: service ?? "serve", level, pretty: process.stdout.isTTY && process.env.NODE_ENV !== "production" });
  // A supervising `orbitwin up`/`run` holds an IPC channel: when it goes away, so do we.
  if (process.send) process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
  try {
    switch (service) {
      case "coordinator": {
        if (!values.scenario) throw new UsageError("serve coordinator needs --scenario FILE");
        const history = parseHistoryFlags(values);
        return await runCoordinatorService({
          natsUrl,
          run,
          scenarioPath: values.scenario,
          log,
          ...(values.speed === undefined ? {} : { speed: parseSpeed(values.speed) }),
          ...(values.until === undefined ? {} : { durationMs: values.until === "forever" ? null : parseDurationFlag(values.until, "--until") }),
          ...(values["min-hosts"] === undefined ? {} : { minHosts: parsePositiveInt(values["min-hosts"], "--min-hosts", 10_000) }),
          ...(values.require ? { requiredParticipants: values.require.split(",").map((p) => assertToken(p.trim(), "--require")) } : {}),
          ...(values.paused ? { startPaused: true } : {}),
          ...(values.standby ? { standby: true } : {}),
          ...(values.resume ? { resume: true } : {}),
          ...(history ? { history } : {}),
        });
      }
      case "fleet":
        return await runFleetService({ natsUrl, run, log, ...(values.host ? { hostId: values.host } : {}) });
      case "thermal": {
        const policy = values.scenario ? parseScenario(readFileSync(values.scenario, "utf8"), values.scenario).thermal : undefined;
        return await runThermalService({ natsUrl, run, log, ...(policy ? { policy } : {}) });
      }
      case "scheduler": {
        const scenario = values.scenario ? parseScenario(readFileSync(values.scenario, "utf8"), values.scenario) : undefined;
        return await runSchedulerService({ natsUrl, run, log, seed: scenario?.seed ?? 0, section: scenario?.scheduler, policy: values.policy === undefined ? undefined : parsePolicy(values.policy) });
      }
      case "debris-watch":
        if (!values.scenario) throw new UsageError("serve debris-watch needs --scenario FILE (its debris: section and catalog files)");
        return await runDebrisWatchService({ natsUrl, run, log, scenarioPath: values.scenario });
      case "gateway": {
        const port = values.port === undefined ? 8080 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port}: give a port number from 0 to 65535`);
        return await runGatewayService({ natsUrl, run, log, port, ...(values.bind ? { host: values.bind } : {}), onListening: (url) => log.info({ url }, "dashboard listening") });
      }
      default:
        throw new UsageError(`serve needs a service: coordinator, fleet, thermal, scheduler, debris-watch or gateway${service ? ` (got "${service}")` : ""}`);
    }
  } finally {
    log.flush();
    // The service has stopped and released what it holds: let go of the supervisor's IPC
    // channel (it keeps the event loop alive), and let nothing else keep this process up.
    if (process.connected) process.disconnect();
    setTimeout(() => process.exit(), 2000).unref();
  }
}
