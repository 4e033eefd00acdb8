#!/usr/bin/env node
/** The `orbitwin` command: dispatches to one file per command. */
import { takeCredsFlag } from "./args.js";
import { UsageError } from "./errors.js";
import { describeFailure, exitCodeFor, isDebugging } from "./refusal.js";

interface CommandModule {
  run: (argv: string[]) => Promise<number>;
  help: string;
}

/**
 * Each command's module loads only when it is asked for: `orbitwin serve thermal` and
 * `orbitwin up --help` should not pay for the dashboard, every service and the study engine.
 */
const commands: Record<string, { load: () => Promise<CommandModule>; summary: string }> = {
  up: {
    load: async () => import("./commands/up.js").then((m) => ({ run: m.upCommand, help: m.upHelp })),
    summary: "start the whole twin here and show live progress",
  },
  run: {
    load: async () => import("./commands/run.js").then((m) => ({ run: m.runCommand, help: m.runHelp })),
    summary: "a headless run that ends by itself and prints a summary and digest",
  },
  watch: {
    load: async () => import("./commands/watch.js").then((m) => ({ run: m.watchCommand, help: m.watchHelp })),
    summary: "decoded telemetry and events, live",
  },
  history: {
    load: async () => import("./commands/history.js").then((m) => ({ run: m.historyCommand, help: m.historyHelp })),
    summary: "a time series of one field from the run's history streams",
  },
  export: {
    load: async () => import("./commands/export.js").then((m) => ({ run: m.exportCommand, help: m.exportHelp })),
    summary: "history as CCSDS OEM, CZML (Cesium), CSV or JSON lines",
  },
  report: {
    load: async () => import("./commands/report.js").then((m) => ({ run: m.reportCommand, help: m.reportHelp })),
    summary: "a self-contained HTML report of a run: power, thermal, compute, health, events",
  },
  status: {
    load: async () => import("./commands/status.js").then((m) => ({ run: m.statusCommand, help: m.statusHelp })),
    summary: "the run's clock, satellites, hosts, speed and lag",
  },
  ctl: {
    load: async () => import("./commands/ctl.js").then((m) => ({ run: m.ctlCommand, help: m.ctlHelp })),
    summary: "pause | resume | speed X | step N | stop | snapshot | restore TICK | fork",
  },
  inject: {
    load: async () => import("./commands/faults.js").then((m) => ({ run: m.injectCommand, help: m.injectHelp })),
    summary: "a simulated fault: satellite loss, failed chips, radiator damage, storms, blackouts ...",
  },
  faults: {
    load: async () => import("./commands/faults.js").then((m) => ({ run: m.faultsCommand, help: m.faultsHelp })),
    summary: "the run's simulated faults: list | clear ID",
  },
  chaos: {
    load: async () => import("./commands/chaos.js").then((m) => ({ run: m.chaosCommand, help: m.chaosHelp })),
    summary: "drills: kill a fleet host, a service, the coordinator or a NATS node",
  },
  conjunctions: {
    load: async () => import("./commands/conjunctions.js").then((m) => ({ run: m.conjunctionsCommand, help: m.conjunctionsHelp })),
    summary: "debris-watch's close approaches, CDMs, maneuvers and collisions",
  },
  cascade: {
    load: async () => import("./commands/cascade.js").then((m) => ({ run: m.cascadeCommand, help: m.cascadeHelp })),
    summary: "decades of debris evolution: does the fleet set off a cascade?",
  },
  traffic: {
    load: async () => import("./commands/traffic.js").then((m) => ({ run: m.trafficCommand, help: m.trafficHelp })),
    summary: "close approaches and avoidance maneuvers of a shell or a real fleet (kinetic gas)",
  },
  jobs: {
    load: async () => import("./commands/jobs.js").then((m) => ({ run: m.jobsCommand, help: m.jobsHelp })),
    summary: "submit FILE | list | show ID | status: the AI job scheduler",
  },
  study: {
    load: async () => import("./commands/study.js").then((m) => ({ run: m.studyCommand, help: m.studyHelp })),
    summary: "many runs of a scenario with fields varied: tables, plots, trade-offs (docs/STUDIES.md)",
  },
  runs: {
    load: async () => import("./commands/runs.js").then((m) => ({ run: m.runsCommand, help: m.runsHelp })),
    summary: "list | prune: the runs stored on a NATS server, their state and bytes",
  },
  secure: {
    load: async () => import("./commands/secure.js").then((m) => ({ run: m.secureCommand, help: m.secureHelp })),
    summary: "init DIR: a deployment's NATS users (nkeys), CA and certificates, made offline",
  },
  serve: {
    load: async () => import("./commands/serve.js").then((m) => ({ run: m.serveCommand, help: m.serveHelp })),
    summary: "run one service (coordinator, fleet, thermal, scheduler, debris-watch) for distributed use",
  },
  physics: {
    load: async () => import("./commands/physics.js").then((m) => ({ run: m.physicsCommand, help: m.physicsHelp })),
    summary: "the physics models from the command line, JSON out",
  },
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
  const loaded = await command.load();
  try {
    const { argv: args, credsFile } = takeCredsFlag(rest);
    if (credsFile) process.env.ORBITWIN_CREDS = credsFile;
    return await loaded.run(args);
  } catch (err) {
    process.stderr.write(describeFailure(`orbitwin ${name}`, err, isDebugging()) + (err instanceof UsageError ? `\n${loaded.help}` : ""));
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
