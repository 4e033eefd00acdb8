/**
 * Where the twin's NATS comes from: --nats, else NATS_URL, else a nats-server this command
 * starts (JetStream on, data in the run folder, a free port), else the in-process local bus.
 * With --secure the started server has a user per role (nkeys), TLS with a CA made for the run,
 * and the credentials in a folder only this user may read.
 */
import { findNatsServerBinary, prepareSecureNats, spawnNatsServer, type Logger, type SecureNats } from "@orbitwin/runtime";
import { UsageError } from "./errors.js";

export type NatsSource =
  | { kind: "external"; url: string }
  | { kind: "spawned"; url: string; version: string; pid: number; secure: SecureNats | undefined; stop(): Promise<void> }
  | { kind: "local" };

export interface SecureRequest {
  /** folder for the secrets (made 0700) */
  dir: string;
  run: string;
  /** each fleet host process's ids */
  fleetHosts: readonly (readonly string[])[];
}

export async function discoverNats(options: {
  flagUrl?: string | undefined;
  storeDir: string;
  log: Logger;
  secure?: SecureRequest | undefined;
}): Promise<NatsSource> {
  const url = options.flagUrl || process.env.NATS_URL;
  if (options.secure && url)
    throw new UsageError(
      "--secure starts its own nats-server (TLS, a user per role); for a NATS of your own (--nats, NATS_URL) give your user's credentials file in ORBITWIN_CREDS and its CA in ORBITWIN_TLS_CA instead",
    );
  if (url) return { kind: "external", url };
  if (findNatsServerBinary()) {
    const secure = options.secure ? prepareSecureNats(options.secure) : undefined;
    const server = await spawnNatsServer({
      storeDir: options.storeDir,
      log: options.log,
      detached: true,
      ...(secure ? { extraConfig: secure.serverConfig } : {}),
    });
    return { kind: "spawned", url: server.url, version: server.version, pid: server.pid, secure, stop: () => server.stop() };
  }
  if (options.secure) throw new UsageError("--secure needs nats-server on the PATH (Debian/Ubuntu: apt-get install nats-server)");
  return { kind: "local" };
}

export function describeNats(source: NatsSource): string {
  switch (source.kind) {
    case "external":
      return `NATS at ${withoutCredentials(source.url)} (from --nats or NATS_URL)`;
    case "spawned":
      return source.secure
        ? `NATS ${source.version} started at ${source.url} with TLS and a user per role (credentials in ${source.secure.dir}, readable by you only)`
        : `NATS ${source.version} started at ${source.url} (nats-server found on the PATH)`;
    case "local":
      return "local mode: no NATS_URL and no nats-server on the PATH, so everything runs in this process on the in-process bus (other terminals cannot watch it)";
  }
}

/** A NATS URL without the user and password it may carry, for printing and for files others may read. */
export function withoutCredentials(url: string): string {
  return url.replace(/\/\/[^@/,]+@/g, "//");
}
