import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import { assertToken, decodeEvent, fleetTelemetry, parseScenario, subjects, type FleetTelemetry } from "@orbitwin/protocol";
import { createRootLogger } from "@orbitwin/runtime";
import { historyFlagOptions, parseCommandArgs, parseHistoryFlags, parseOnOff, parsePolicy, parsePositiveInt, parseSpeed, parseDurationFlag } from "../args.js";
import { clearCurrentRun, writeCurrentRun } from "../current-run.js";
import { UsageError } from "../errors.js";
import { formatCount, formatMs, formatSimTime, formatSpeed, formatSubsystems } from "../format.js";
import { withoutCredentials } from "../nats-discovery.js";
import { startTwin } from "../twin-launcher.js";

export const upHelp = `orbitwin up [scenario] [flags]

Starts the whole twin on this machine and shows live progress until Ctrl-C (or the scenario's
end). NATS: --nats URL, else NATS_URL, else a nats-server started here (if it is on the PATH),
else local mode in this process. It says which. Other terminals in this folder can then use
\`orbitwin watch\`, \`orbitwin status\` and \`orbitwin ctl\`.

Arguments and flags:
  scenario        scenario file (default scenarios/demo.yaml)
  --speed X|max   x wall clock (1 = real time) or max (default: the scenario's, else max)
  --hosts N       fleet host processes (default 2)
  --threads N     cores (worker threads) each fleet host process uses, one fleet host per thread
                  (default 1)
  --until D       simulated duration, or "forever" (default: the scenario's)
  --nats URL      use this NATS
  --secure        start nats-server with TLS and a user per role (docs/OPERATIONS.md, "Roles"):
                  every process connects as its own user; this terminal and \`orbitwin\` commands
                  in this folder act as the operator (credentials in .orbitwin/runs/<run>/secrets)
  --run ID        run id (default: the scenario's name)
  --dashboard-port N  the web dashboard's port (default: a free one; "off" for none). Its operator
                  token (pause, stop, inject from the page) is ORBITWIN_GATEWAY_TOKEN if set, else
                  one made for this run and printed with the dashboard's address
  --sample-every N  keep every Nth tick's cluster telemetry in history, 0 = none (default: the scenario's, else 10)
  --history-max-age D  drop history older than D, e.g. 2d (default: the scenario's, else 7d)
  --scheduler on|off  run the AI job scheduler (default: on when the scenario has a scheduler: section)
  --policy P      the scheduler's placement policy: first-fit | energy-aware (default: the scenario's)
`;

export async function upCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    speed: { type: "string" },
    hosts: { type: "string" },
    threads: { type: "string" },
    until: { type: "string" },
    nats: { type: "string" },
    secure: { type: "boolean" },
    run: { type: "string" },
    "dashboard-port": { type: "string" },
    ...historyFlagOptions,
    scheduler: { type: "string" },
    policy: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(upHelp);
    return 0;
  }
  const scenarioPath = positionals[0] ?? "scenarios/demo.yaml";
  let text: string;
  try {
    text = readFileSync(scenarioPath, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read scenario ${scenarioPath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const scenario = parseScenario(text, scenarioPath);
  const run = assertToken(values.run ?? scenario.name, "--run");
  const hosts = values.hosts === undefined ? 2 : parsePositiveInt(values.hosts, "--hosts", 64);
  const threads = values.threads === undefined ? 1 : parsePositiveInt(values.threads, "--threads", 64);
  const dashboardFlag = values["dashboard-port"];
  const dashboardPort = dashboardFlag === "off" ? undefined : dashboardFlag === undefined ? 0 : Number(dashboardFlag);
  if (dashboardPort !== undefined && !(Number.isInteger(dashboardPort) && dashboardPort >= 0 && dashboardPort <= 65535))
    throw new UsageError(`--dashboard-port ${dashboardFlag}: give a port from 0 to 65535, or off`);
  const log = createRootLogger({ service: "cli", level: (process.env.LOG_LEVEL ?? "warn") as "warn", destinationFd: 2 });
  const dashboardToken = dashboardPort === undefined ? undefined : process.env.ORBITWIN_GATEWAY_TOKEN || randomBytes(24).toString("base64url");
  const twin = await startTwin({
    dashboardPort,
    dashboardToken,
    scenarioPath,
    run,
    hosts,
    threads,
    log,
    runDir: resolve(".orbitwin", "runs", run),
    natsUrl: values.nats,
    secure: values.secure === true,
    history: parseHistoryFlags(values),
    ...(values.speed === undefined ? {} : { speed: parseSpeed(values.speed) }),
    ...(values.until === undefined ? {} : { durationMs: values.until === "forever" ? null : parseDurationFlag(values.until, "--until") }),
    ...(values.scheduler === undefined ? {} : { scheduler: parseOnOff(values.scheduler, "--scheduler")! }),
    ...(values.policy === undefined ? {} : { policy: parsePolicy(values.policy) }),
  });
  const say = (line: string) => process.stdout.write(line + "\n");
  say(twin.natsDescription);
  say(`run ${run}: scenario ${scenario.name}, ${hosts} fleet host${hosts === 1 ? "" : "s"}${twin.logDir ? `, service logs in ${twin.logDir}` : ""}`);
  if (twin.dashboardUrl) {
    say(`dashboard: ${twin.dashboardUrl}`);
    // Printed, never put in the URL: a URL ends up in browser history and proxies' logs.
    say(`dashboard operator token (paste it in the page to pause, stop or inject): ${dashboardToken}`);
  }
  if (twin.nats.kind !== "local") {
    const secure = twin.nats.kind === "spawned" ? twin.nats.secure : undefined;
    writeCurrentRun({
      natsUrl: withoutCredentials(twin.nats.url),
      run,
      pid: process.pid,
      ...(secure ? { credsFile: secure.credsFileOf("operator"), tlsCaFile: secure.caFile } : {}),
    });
    say(`in another terminal: orbitwin watch --fleet | orbitwin status | orbitwin ctl pause`);
  }
  let latest: FleetTelemetry | undefined;
  const tty = process.stdout.isTTY === true;
  const fleetSub = twin.bus.subscribe(subjects.fleet(run), (msg) => {
    try {
      latest = fleetTelemetry.decode(msg.data);
    } catch {
      return;
    }
  });
  const eventSub = twin.bus.subscribe(subjects.allEvents(run), (msg) => {
    try {
      const e = decodeEvent(msg.subject, msg.data);
      if (e.severity !== "info" || e.kind === "run-finished") {
        if (tty) process.stdout.write("\r\x1b[2K");
        say(`[${e.severity}] ${e.kind}: ${e.message}`);
      }
    } catch {
      return;
    }
  });
  const render = () => {
    if (!latest) return;
    const f = latest;
    const line =
      `sim ${formatSimTime(f.simTimeMs)}  tick ${formatCount(f.tick)}  speed ${formatSpeed(f.speed)} (achieved ${formatSpeed(f.achievedSpeed)})  ` +
      `${formatCount(f.satellites)} sats  ${f.hosts} hosts  lag ${formatMs(f.tickLagMs)}` +
      formatSubsystems(f.subsystems);
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
    else say(line);
  };
  const progress = setInterval(render, tty ? 250 : 5000);
  const stopRequested = new Promise<string>((resolveStop) => {
    process.once("SIGINT", () => resolveStop("interrupted"));
    process.once("SIGTERM", () => resolveStop("terminated"));
  });
  const reason = await Promise.race([stopRequested, twin.finished().then((r) => `finished at tick ${r.ticks - 1}, digest ${r.digest}`)]);
  clearInterval(progress);
  render();
  if (tty) process.stdout.write("\n");
  say(`${reason}: stopping (draining services, no process left behind)`);
  fleetSub.unsubscribe();
  eventSub.unsubscribe();
  await twin.stop();
  clearCurrentRun(process.pid);
  say("stopped");
  log.flush();
  return 0;
}
