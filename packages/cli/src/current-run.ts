/**
 * `orbitwin up` records where its twin runs (.orbitwin/current.json in the working folder) so
 * that `watch`, `status` and `ctl` in another terminal find it without flags. The record holds no
 * secret: a URL without its password, and in secure mode the paths of the operator's credentials
 * and the CA, which live in a folder only this user may read. It is written mode 0600 anyway.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CurrentRun {
  natsUrl: string;
  run: string;
  pid: number;
  /** secure mode: the operator's credentials file (ORBITWIN_CREDS) */
  credsFile?: string;
  /** secure mode: the CA of the server's certificate (ORBITWIN_TLS_CA) */
  tlsCaFile?: string;
}

const DIR = ".orbitwin";
const FILE = join(DIR, "current.json");

export function writeCurrentRun(current: CurrentRun): void {
  mkdirSync(DIR, { recursive: true, mode: 0o700 });
  writeFileSync(FILE, JSON.stringify(current, null, 2) + "\n", { mode: 0o600 });
  chmodSync(FILE, 0o600);
}

export function readCurrentRun(): CurrentRun | undefined {
  try {
    const raw = JSON.parse(readFileSync(FILE, "utf8")) as Partial<CurrentRun>;
    if (typeof raw.natsUrl === "string" && typeof raw.run === "string" && typeof raw.pid === "number") return raw as CurrentRun;
  } catch {
    return undefined;
  }
  return undefined;
}

export function clearCurrentRun(pid: number): void {
  if (readCurrentRun()?.pid === pid) rmSync(FILE, { force: true });
}

export interface Target {
  natsUrl: string;
  run: string;
  /** the recorded run's credentials and CA, when the target is that run and ORBITWIN_CREDS does not name others */
  credsFile?: string;
  tlsCaFile?: string;
}

/** --nats / NATS_URL / the recorded run, in that order; --run / ORBITWIN_RUN / recorded / "demo". */
export function resolveTarget(flags: { nats?: string | undefined; run?: string | undefined }): Target | undefined {
  const current = readCurrentRun();
  const natsUrl = flags.nats || process.env.NATS_URL || current?.natsUrl;
  if (!natsUrl) return undefined;
  return { natsUrl, run: flags.run || process.env.ORBITWIN_RUN || current?.run || "demo", ...recordedSecrets(current, natsUrl) };
}

/** The recorded run's credential paths, for a connection to its server (ORBITWIN_CREDS and ORBITWIN_TLS_CA win). */
export function recordedSecrets(current: CurrentRun | undefined, natsUrl: string): Pick<Target, "credsFile" | "tlsCaFile"> {
  if (!current || current.natsUrl !== natsUrl) return {};
  return {
    ...(current.credsFile && !process.env.ORBITWIN_CREDS ? { credsFile: current.credsFile } : {}),
    ...(current.tlsCaFile && !process.env.ORBITWIN_TLS_CA ? { tlsCaFile: current.tlsCaFile } : {}),
  };
}
