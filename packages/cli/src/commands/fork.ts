import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ErrorCodes, OrbitwinError, assertToken, buckets, forkScenario, registryKeys } from "@orbitwin/protocol";
import { CheckpointStore, createRootLogger, type Bus } from "@orbitwin/runtime";
import type { CoordinatorCheckpoint } from "@orbitwin/coordinator";
import { parseCommandArgs, parseNonNegativeInt, parsePositiveInt } from "../args.js";
import { connectClient } from "../client.js";
import { UsageError } from "../errors.js";
import { runCommand } from "./run.js";

export const forkHelp = `orbitwin ctl fork --from TICK --as RUN [--patch FILE] [flags]

A what-if run beside the live one: copies the live run's checkpoint of TICK to a new run RUN,
lays the patch over the live run's scenario, and runs the fork here to its end (like orbitwin
run), on the same NATS; or, when you connect as a NATS user (a role: up --secure, --creds), on a
secure nats-server of its own, since roles are per run. It reads the checkpoint whole: the
operator role may, the viewer may not. Without a patch the fork ends with the live run's digest.

  --from TICK     a complete checkpoint of the live run (orbitwin ctl checkpoints), or latest
  --as RUN        the fork's run id (new)
  --patch FILE    YAML: duration, speed, thermal, scheduler, debris, history, checkpoint, and
                  faults (e.g. lose a cluster, a storm); its duration (the simulated time the
                  fork runs past TICK) and its faults' "at" count from the fork's tick, and
                  without a duration the fork ends where the live run does; the fleet itself
                  (epoch, dt, seed, clusterSize, bus, constellations) stays
  --hosts N       fleet host processes for the fork (default 1)
  --run ID        the live run (default: this folder's twin)
  --nats URL      the live run's NATS
  --json          print the fork's summary as JSON
`;

export async function forkCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    from: { type: "string" },
    as: { type: "string" },
    patch: { type: "string" },
    hosts: { type: "string" },
    run: { type: "string" },
    nats: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(forkHelp);
    return 0;
  }
  if (values.from === undefined) throw new UsageError("ctl fork needs --from TICK: a complete checkpoint of the live run (orbitwin ctl checkpoints)");
  if (values.as === undefined) throw new UsageError("ctl fork needs --as RUN: the fork's new run id");
  const from = values.from;
  const fork = assertToken(values.as, "--as");
  const hosts = values.hosts === undefined ? 1 : parsePositiveInt(values.hosts, "--hosts", 64);
  const patchText = values.patch === undefined ? undefined : readText(values.patch, "--patch");
  const client = await connectClient(values, createRootLogger({ service: "cli", level: "warn", destinationFd: 2 }));
  const runDir = resolve(".orbitwin", "runs", fork);
  const scenarioFile = join(runDir, "scenario.yaml");
  const common = [scenarioFile, "--run", fork, "--hosts", String(hosts), ...(values.json ? ["--json"] : [])];
  try {
    if (fork === client.run) throw new UsageError(`--as ${fork}: a fork needs a run id of its own, not the live run's`);
    const source = await forkSource(client.bus, client.run, from);
    const baseDir = dirname(source.scenarioPath);
    const scenario = forkScenario({
      baseText: readText(source.scenarioPath, `run ${client.run}'s scenario`),
      baseSource: source.scenarioPath,
      rebase: (p) => (isAbsolute(p) ? p : resolve(baseDir, p)),
      ...(patchText === undefined ? {} : { patchText, patchSource: values.patch }),
      fromTick: source.tick,
    });
    // Its store, logs and (under roles) secrets are this user's only, as up and run make theirs.
    mkdirSync(runDir, { recursive: true, mode: 0o700 });
    // JSON is YAML: the fork's scenario, readable and reusable as a file.
    writeFileSync(scenarioFile, JSON.stringify(scenario.file, null, 2) + "\n");
    const seed = async (bus: Bus) => {
      const target = await CheckpointStore.open(bus, fork);
      if ((await target.completeTicks()).length > 0) throw new UsageError(`--as ${fork}: run ${fork} already exists; give the fork another id`);
      await source.store.copyTo(target, source.tick, (m) => {
        const saved = (m.coordinator ?? {}) as CoordinatorCheckpoint;
        // The fork keeps the fault book; its own command log and operators' settings start afresh.
        const coordinator: CoordinatorCheckpoint = {
          ...(saved.faults ? { faults: saved.faults } : {}),
          ...(scenario.faults.length > 0 ? { forkFaults: scenario.faults } : {}),
        };
        return { ...m, coordinator };
      });
    };
    const forked = `fork ${fork}: run ${client.run}'s checkpoint of tick ${source.tick}${values.patch ? ` with ${values.patch}` : ""}; scenario ${scenarioFile}`;
    if (client.authenticated) {
      // Roles are per run (docs/OPERATIONS.md, "Roles"): the live run's NATS has no users for the
      // fork, so it runs on a secure nats-server of its own, seeded with the checkpoint first.
      process.stderr.write(`${forked}; on a secure nats-server of its own (the live run's roles do not cover run ${fork})\n`);
      return await runCommand([...common, "--secure"], { seedCheckpoint: seed });
    }
    await seed(client.bus);
    process.stderr.write(`${forked}\n`);
  } finally {
    await client.bus.drain();
  }
  return runCommand([...common, "--nats", client.natsUrl, "--resume"]);
}

/** Where a fork starts: a complete checkpoint of the live run and the scenario file it recorded. */
export interface ForkSource {
  store: CheckpointStore;
  tick: number;
  scenarioPath: string;
}

/**
 * Reads what a fork of `run` needs, as its operator may: the complete checkpoint `from` ("latest"
 * or a tick) and the path of the run's scenario from its registry.
 */
export async function forkSource(bus: Bus, run: string, from: string): Promise<ForkSource> {
  const store = await CheckpointStore.open(bus, run);
  const ticks = await store.completeTicks();
  const tick = from === "latest" ? (ticks.at(-1) ?? -1) : parseNonNegativeInt(from, "--from");
  if (!ticks.includes(tick)) {
    throw new UsageError(
      `--from ${from}: run ${run} has no complete checkpoint there; it has ${ticks.length === 0 ? "none yet (orbitwin ctl snapshot takes one)" : ticks.join(", ")}`,
    );
  }
  const entry = await (await bus.kv(buckets.registry(run))).get(registryKeys.scenario);
  if (!entry) throw new OrbitwinError(ErrorCodes.invalidState, `run ${run} did not record its scenario (its coordinator predates forks): cannot fork it`);
  const scenarioPath = (JSON.parse(new TextDecoder().decode(entry.value)) as { path: string }).path;
  return { store, tick, scenarioPath };
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} ${path}: no such file`);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`${what} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
