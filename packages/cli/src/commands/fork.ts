import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ErrorCodes, OrbitwinError, assertToken, buckets, forkScenario, registryKeys } from "@orbitwin/protocol";
import { CheckpointStore, createRootLogger } from "@orbitwin/runtime";
import type { CoordinatorCheckpoint } from "@orbitwin/coordinator";
import { parseCommandArgs, parseNonNegativeInt, parsePositiveInt } from "../args.js";
import { connectClient } from "../client.js";
import { UsageError } from "../errors.js";
import { runCommand } from "./run.js";

export const forkHelp = `orbitwin ctl fork --from TICK --as RUN [--patch FILE] [flags]

A what-if run beside the live one: copies the live run's checkpoint of TICK to a new run RUN,
lays the patch over the live run's scenario, and runs the fork here to its end (like orbitwin
run), on the same NATS. Without a patch the fork ends with the live run's digest.

  --from TICK     a complete checkpoint of the live run (orbitwin ctl checkpoints), or latest
  --as RUN        the fork's run id (new)
  --patch FILE    YAML: duration, speed, thermal, scheduler, debris, history, checkpoint, and
                  faults whose "at" counts from the fork's tick (e.g. lose a cluster, a storm);
                  the fleet itself (epoch, dt, seed, clusterSize, bus, constellations) stays
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
  let scenarioFile: string;
  try {
    if (fork === client.run) throw new UsageError(`--as ${fork}: a fork needs a run id of its own, not the live run's`);
    const source = await CheckpointStore.open(client.bus, client.run);
    const ticks = await source.completeTicks();
    const tick = from === "latest" ? (ticks.at(-1) ?? -1) : parseNonNegativeInt(from, "--from");
    if (!ticks.includes(tick)) {
      throw new UsageError(
        `--from ${from}: run ${client.run} has no complete checkpoint there; it has ${ticks.length === 0 ? "none yet (orbitwin ctl snapshot takes one)" : ticks.join(", ")}`,
      );
    }
    const target = await CheckpointStore.open(client.bus, fork);
    if ((await target.completeTicks()).length > 0) throw new UsageError(`--as ${fork}: run ${fork} already exists; give the fork another id`);
    const entry = await (await client.bus.kv(buckets.registry(client.run))).get(registryKeys.scenario);
    if (!entry)
      throw new OrbitwinError(ErrorCodes.invalidState, `run ${client.run} did not record its scenario (its coordinator predates forks): cannot fork it`);
    const basePath = (JSON.parse(new TextDecoder().decode(entry.value)) as { path: string }).path;
    const baseDir = dirname(basePath);
    const scenario = forkScenario(
      readText(basePath, `run ${client.run}'s scenario`),
      basePath,
      (p) => (isAbsolute(p) ? p : resolve(baseDir, p)),
      patchText,
      values.patch,
    );
    const runDir = resolve(".orbitwin", "runs", fork);
    mkdirSync(runDir, { recursive: true });
    scenarioFile = join(runDir, "scenario.yaml");
    // JSON is YAML: the fork's scenario, readable and reusable as a file.
    writeFileSync(scenarioFile, JSON.stringify(scenario.file, null, 2) + "\n");
    await source.copyTo(target, tick, (m) => {
      const saved = (m.coordinator ?? {}) as CoordinatorCheckpoint;
      // The fork keeps the fault book; its own command log and operators' settings start afresh.
      const coordinator: CoordinatorCheckpoint = {
        ...(saved.faults ? { faults: saved.faults } : {}),
        ...(scenario.faults.length > 0 ? { forkFaults: scenario.faults } : {}),
      };
      return { ...m, coordinator };
    });
    process.stderr.write(
      `fork ${fork}: run ${client.run}'s checkpoint of tick ${tick}${values.patch ? ` with ${values.patch}` : ""}; scenario ${scenarioFile}\n`,
    );
  } finally {
    await client.bus.drain();
  }
  return runCommand([scenarioFile, "--run", fork, "--nats", client.natsUrl, "--resume", "--hosts", String(hosts), ...(values.json ? ["--json"] : [])]);
}

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} ${path}: no such file`);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`${what} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
