/**
 * Connects the history commands (`history`, `export`, `report`) to a run's streams: the NATS
 * named by --nats / NATS_URL, else the one `orbitwin up` recorded for this run, else the
 * JetStream store that `orbitwin up`/`run` left in .orbitwin/runs/<run>/nats, served by a
 * private nats-server for as long as the command needs it.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { assertToken } from "@orbitwin/protocol";
import { connectNatsBus, findNatsServerBinary, spawnNatsServer, type Bus, type Logger } from "@orbitwin/runtime";
import { readCurrentRun, recordedSecrets } from "./current-run.js";
import { UsageError } from "./errors.js";
import { withoutCredentials } from "./nats-discovery.js";

export interface HistoryClient {
  bus: Bus;
  run: string;
  /** where the history comes from, for humans */
  source: string;
  close(): Promise<void>;
}

export async function connectHistory(flags: { nats?: string | undefined; run?: string | undefined }, log: Logger): Promise<HistoryClient> {
  const current = readCurrentRun();
  const named = flags.run || process.env.ORBITWIN_RUN || current?.run;
  if (!named) throw new UsageError("which run? give its id (orbitwin report RUN, or --run ID)");
  const run = assertToken(named, "run id");
  const url = flags.nats || process.env.NATS_URL || (current?.run === run ? current.natsUrl : undefined);
  if (url) {
    const bus = await connectNatsBus({ url, name: `orbitwin-cli-${run}`, log, ...recordedSecrets(current, url) });
    return { bus, run, source: `NATS at ${withoutCredentials(url)}`, close: () => bus.drain() };
  }
  const storeDir = resolve(".orbitwin", "runs", run, "nats");
  if (!existsSync(join(storeDir))) {
    throw new UsageError(
      `no history for run ${run}: pass --nats URL (or set NATS_URL) where it ran, or run this in the folder where \`orbitwin up\`/\`run\` left .orbitwin/runs/${run}`,
    );
  }
  // A `run` still going in this folder serves the store: read through its server, never a second one.
  const live = liveServerUrl(storeDir);
  if (live) {
    const bus = await connectNatsBus({ url: live, name: `orbitwin-cli-${run}`, log, ...recordedSecrets(current, live) });
    return { bus, run, source: `NATS at ${live} (the run's own server)`, close: () => bus.drain() };
  }
  if (!findNatsServerBinary()) throw new UsageError(`run ${run}'s history is in ${storeDir}, but reading it needs nats-server on the PATH`);
  const server = await spawnNatsServer({ storeDir, log });
  try {
    const bus = await connectNatsBus({ url: server.url, name: `orbitwin-cli-${run}`, log });
    return {
      bus,
      run,
      source: `the stored history in ${storeDir}`,
      close: async () => {
        await bus.drain();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** The URL in the ports file of a nats-server still running on `storeDir` (it deletes the file on exit). */
function liveServerUrl(storeDir: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(join(storeDir, "ports"));
  } catch {
    return undefined;
  }
  for (const file of files) {
    const pid = Number(/^nats-server_(\d+)\.ports$/.exec(file)?.[1]);
    if (!Number.isInteger(pid) || !isAlive(pid)) continue;
    try {
      const url = (JSON.parse(readFileSync(join(storeDir, "ports", file), "utf8")) as { nats?: unknown }).nats;
      if (Array.isArray(url) && typeof url[0] === "string") return url[0];
    } catch {
      continue;
    }
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
