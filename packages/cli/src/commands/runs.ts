import { readCurrentRun } from "../current-run.js";
import { connectNatsBus, createRootLogger, type NatsBus } from "@orbitwin/runtime";
import { parseCommandArgs, parseDurationFlag, parseNonNegativeInt } from "../args.js";
import { UsageError } from "../errors.js";
import { formatBytes, formatDuration, table } from "../format.js";
import { confirmLive, inventoryRuns, type RunSummary } from "../run-inventory.js";
import { choosePrune } from "../run-selection.js";

export const runsHelp = `orbitwin runs list | prune [flags]

The runs whose streams and buckets are on a NATS server (--nats URL, else NATS_URL, else the one
\`orbitwin up\` started in this folder). A finished run keeps its history, checkpoints and command
log until it is pruned; each store also drops what is older than its age limit
(docs/OPERATIONS.md, "Storage limits").

  list                   run id, state (live, finished, stopped), created, last tick, last
                         write and bytes across its streams and buckets
  prune [RUN...]         removes every stream and bucket of the named runs, or of the runs the
                         flags select; never a live run (one whose coordinator renews its lease,
                         or whose hosts or services heartbeat, watched for 3 s)

Flags:
  --older-than D         prune only runs with no write for D, e.g. 7d, 12h
  --keep N               spare the N most recently written runs
  --dry-run              say what would be pruned, remove nothing
  --json                 one JSON object on stdout
  --nats URL             the NATS server
`;

/** `now` is this machine's wall clock, ms since 1970 (a test moves it on to make leases look old). */
export async function runsCommand(argv: string[], now: () => number = Date.now): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    "older-than": { type: "string" },
    keep: { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(runsHelp);
    return 0;
  }
  const [verb, ...names] = positionals;
  if (verb !== "list" && verb !== "prune") throw new UsageError(`give list or prune${verb === undefined ? "" : `, not "${verb}"`}`);
  if (verb === "list" && (names.length > 0 || values["older-than"] || values.keep || values["dry-run"])) {
    throw new UsageError("runs list takes no run ids, --older-than, --keep or --dry-run: those are for runs prune");
  }
  const url = values.nats || process.env.NATS_URL || readCurrentRun()?.natsUrl;
  if (!url) throw new UsageError("which NATS? pass --nats URL or set NATS_URL (or run this where `orbitwin up` is running)");
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const bus = await connectNatsBus({ url, name: "orbitwin-cli-runs", log });
  try {
    if (verb === "list") return await list(bus, values.json === true, now);
    return await prune(bus, now, {
      names,
      ...(values["older-than"] ? { olderThanMs: parseDurationFlag(values["older-than"], "--older-than") } : {}),
      ...(values.keep ? { keep: parseNonNegativeInt(values.keep, "--keep") } : {}),
      dryRun: values["dry-run"] === true,
      json: values.json === true,
    });
  } finally {
    await bus.drain();
  }
}

async function list(bus: NatsBus, json: boolean, now: () => number): Promise<number> {
  const runs = await inventoryRuns(bus, await bus.storeAdmin(), now());
  if (json) {
    process.stdout.write(JSON.stringify({ runs: runs.map(summaryJson) }) + "\n");
    return 0;
  }
  if (runs.length === 0) {
    process.stdout.write(`no runs on ${bus.url}\n`);
    return 0;
  }
  const nowMs = now();
  const rows = runs.map((r) => [
    r.run,
    r.state,
    new Date(r.createdMs).toISOString().slice(0, 19) + "Z",
    r.lastTick === undefined ? "-" : String(r.lastTick),
    `${formatDuration(Math.max(0, nowMs - r.lastActivityMs))} ago`,
    formatBytes(r.bytes),
  ]);
  const total = runs.reduce((n, r) => n + r.bytes, 0);
  process.stdout.write(`${table(["run", "state", "created", "last tick", "last write", "bytes"], rows)}\n${runs.length} runs, ${formatBytes(total)}\n`);
  return 0;
}

interface PruneOptions {
  names: string[];
  olderThanMs?: number;
  keep?: number;
  dryRun: boolean;
  json: boolean;
}

async function prune(bus: NatsBus, now: () => number, options: PruneOptions): Promise<number> {
  const admin = await bus.storeAdmin();
  const runs = await inventoryRuns(bus, admin, now());
  const first = choosePrune(runs, options, now());
  // The lease's time says who is live only as far as clocks agree: watch the chosen ones for signs of life.
  const live = await confirmLive(bus, admin, first.prune);
  const { prune: chosen, spared } = choosePrune(
    runs.map((r) => (live.has(r.run) ? { ...r, state: "live" as const } : r)),
    options,
    now(),
  );
  if (!options.dryRun) for (const r of chosen) for (const store of r.stores) await admin.remove(store);
  const named = new Set(options.names);
  const refused = spared.filter((s) => named.has(s.run));
  if (options.json) {
    process.stdout.write(JSON.stringify({ dryRun: options.dryRun, pruned: chosen.map(summaryJson), spared }) + "\n");
  } else {
    const verb = options.dryRun ? "would be pruned" : "pruned";
    for (const r of chosen) process.stdout.write(`run ${r.run} (${r.state}) ${verb}: ${r.stores.length} streams and buckets, ${formatBytes(r.bytes)}\n`);
    for (const s of spared) process.stdout.write(`kept run ${s.run}: ${s.why}\n`);
    const freed = chosen.reduce((n, r) => n + r.bytes, 0);
    process.stdout.write(
      `${chosen.length} run${chosen.length === 1 ? "" : "s"} ${verb}, ${formatBytes(freed)}${options.dryRun ? " would be freed" : " freed"}\n`,
    );
  }
  // A run named but not pruned (a live one) is a refusal: the exit code says so.
  return refused.length > 0 ? 1 : 0;
}

function summaryJson(r: RunSummary) {
  return {
    run: r.run,
    state: r.state,
    createdAt: new Date(r.createdMs).toISOString(),
    lastWriteAt: new Date(r.lastActivityMs).toISOString(),
    lastTick: r.lastTick ?? null,
    bytes: r.bytes,
    stores: r.stores.map((s) => ({ name: s.name, kind: s.kind, bytes: s.bytes })),
  };
}
