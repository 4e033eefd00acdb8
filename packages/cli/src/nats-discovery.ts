/**
 * Where the twin's NATS comes from: --nats, else NATS_URL, else a nats-server this command
 * starts (JetStream on, data in the run folder, a free port), else the in-process local bus.
 */
import { findNatsServerBinary, spawnNatsServer, type Logger } from "@orbitwin/runtime";

export type NatsSource =
  { kind: "external"; url: string } | { kind: "spawned"; url: string; version: string; pid: number; stop(): Promise<void> } | { kind: "local" };

export async function discoverNats(options: { flagUrl?: string | undefined; storeDir: string; log: Logger }): Promise<NatsSource> {
  const url = options.flagUrl || process.env.NATS_URL;
  if (url) return { kind: "external", url };
  if (findNatsServerBinary()) {
    const server = await spawnNatsServer({ storeDir: options.storeDir, log: options.log, detached: true });
    return { kind: "spawned", url: server.url, version: server.version, pid: server.pid, stop: () => server.stop() };
  }
  return { kind: "local" };
}

export function describeNats(source: NatsSource): string {
  switch (source.kind) {
    case "external":
      return `NATS at ${source.url} (from --nats or NATS_URL)`;
    case "spawned":
      return `NATS ${source.version} started at ${source.url} (nats-server found on the PATH)`;
    case "local":
      return "local mode: no NATS_URL and no nats-server on the PATH, so everything runs in this process on the in-process bus (other terminals cannot watch it)";
  }
}
