#!/usr/bin/env node
/** The `orbitwin` command: dispatches to one file per command. */
import { cascadeCommand, cascadeHelp } from "./commands/cascade.js";
import { chaosCommand, chaosHelp } from "./commands/chaos.js";
import { conjunctionsCommand, conjunctionsHelp } from "./commands/conjunctions.js";
import { ctlCommand, ctlHelp } from "./commands/ctl.js";
import { faultsCommand, faultsHelp, injectCommand, injectHelp } from "./commands/faults.js";
import { exportCommand, exportHelp } from "./commands/export.js";
import { historyCommand, historyHelp } from "./commands/history.js";
import { reportCommand, reportHelp } from "./commands/report.js";
import { jobsCommand, jobsHelp } from "./commands/jobs.js";
import { physicsCommand, physicsHelp } from "./commands/physics.js";
import { runCommand, runHelp } from "./commands/run.js";
import { runsCommand, runsHelp } from "./commands/runs.js";
import { secureCommand, secureHelp } from "./commands/secure.js";
import { serveCommand, serveHelp } from "./commands/serve.js";
import { statusCommand, statusHelp } from "./commands/status.js";
import { trafficCommand, trafficHelp } from "./commands/traffic.js";
import { studyCommand, studyHelp } from "./commands/study.js";
import { upCommand, upHelp } from "./commands/up.js";
import { watchCommand, watchHelp } from "./commands/watch.js";
import { takeCredsFlag } from "./args.js";
import { UsageError } from "./errors.js";
import { describeFailure, exitCodeFor, isDebugging } from "./refusal.js";

const commands: Record<string, { run: (argv: string[]) => Promise<number>; help: string; summary: string }> = {
  up: { run: upCommand, help: upHelp, summary: "start the whole twin here and show live progress" },
  run: { run: runCommand, help: runHelp, summary: "a headless run that ends by itself and prints a summary and digest" },
  watch: { run: watchCommand, help: watchHelp, summary: "decoded telemetry and events, live" },
  history: { run: historyCommand, help: historyHelp, summary: "a time series of one field from the run's history streams" },
  export: { run: exportCommand, help: exportHelp, summary: "history as CCSDS OEM, CZML (Cesium), CSV or JSON lines" },
  report: { run: reportCommand, help: reportHelp, summary: "a self-contained HTML report of a run: power, thermal, compute, health, events" },
  status: { run: statusCommand, help: statusHelp, summary: "the run's clock, satellites, hosts, speed and lag" },
  ctl: { run: ctlCommand, help: ctlHelp, summary: "pause | resume | speed X | step N | stop | snapshot | restore TICK | fork" },
  inject: { run: injectCommand, help: injectHelp, summary: "a simulated fault: satellite loss, failed chips, radiator damage, storms, blackouts ..." },
  faults: { run: faultsCommand, help: faultsHelp, summary: "the run's simulated faults: list | clear ID" },
  chaos: { run: chaosCommand, help: chaosHelp, summary: "drills: kill a fleet host, a service, the coordinator or a NATS node" },
  conjunctions: { run: conjunctionsCommand, help: conjunctionsHelp, summary: "debris-watch's close approaches, CDMs, maneuvers and collisions" },
  cascade: { run: cascadeCommand, help: cascadeHelp, summary: "decades of debris evolution: does the fleet set off a cascade?" },
  traffic: { run: trafficCommand, help: trafficHelp, summary: "close approaches and avoidance maneuvers of a shell or a real fleet (kinetic gas)" },
  jobs: { run: jobsCommand, help: jobsHelp, summary: "submit FILE | list | show ID | status: the AI job scheduler" },
  study: { run: studyCommand, help: studyHelp, summary: "many runs of a scenario with fields varied: tables, plots, trade-offs (docs/STUDIES.md)" },
  runs: { run: runsCommand, help: runsHelp, summary: "list | prune: the runs stored on a NATS server, their state and bytes" },
  secure: { run: secureCommand, help: secureHelp, summary: "init DIR: a deployment's NATS users (nkeys), CA and certificates, made offline" },
  serve: { run: serveCommand, help: serveHelp, summary: "run one service (coordinator, fleet, thermal, scheduler, debris-watch) for distributed use" },
  physics: { run: physicsCommand, help: physicsHelp, summary: "the physics models from the command line, JSON out" },
};

const usage = `orbitwin: a live digital twin of an orbital AI data-center constellation

Usage: orbitwin <command> [flags]    (orbitwin <command> --help for its flags)
       Every command that talks to NATS takes --creds FILE (or ORBITWIN_CREDS): your NATS user's
       credentials file (docs/OPERATIONS.md, "Roles"); never a password on the command line.

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join("\n")}
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(describeFailure("orbitwin", new UsageError(`unknown command "${name}"`), false) + `\n${usage}`);
    return 2;
  }
  try {
    const { argv: args, credsFile } = takeCredsFlag(rest);
    if (credsFile) process.env.ORBITWIN_CREDS = credsFile;
    return await command.run(args);
  } catch (err) {
    process.stderr.write(describeFailure(`orbitwin ${name}`, err, isDebugging()) + (err instanceof UsageError ? `\n${command.help}` : ""));
    return exitCodeFor(err);
  }
}

// A failure outside the command's own await (a callback, a stream handler) is reported the same way.
const failHard = (err: unknown) => {
  process.stderr.write(describeFailure("orbitwin", err, isDebugging()));
  process.exit(exitCodeFor(err));
};
process.on("uncaughtException", failHard);
process.on("unhandledRejection", failHard);

// A reader that goes away (`orbitwin watch --json | head`) is a normal end, not a crash.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(describeFailure("orbitwin", err, isDebugging()));
    process.exitCode = exitCodeFor(err);
  },
);
