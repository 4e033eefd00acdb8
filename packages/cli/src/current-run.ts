/**
 * `orbitwin up` records where its twin runs (.orbitwin/current.json in the working folder) so
 * that `watch`, `status` and `ctl` in another terminal find it without flags.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CurrentRun {
  natsUrl: string;
  run: string;
  pid: number;
}

const FILE = join(".orbitwin", "current.json");

export function writeCurrentRun(current: CurrentRun): void {
  mkdirSync(".orbitwin", { recursive: true });
  writeFileSync(FILE, JSON.stringify(current, null, 2) + "\n");
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
}

/** --nats / NATS_URL / the recorded run, in that order; --run / ORBITWIN_RUN / recorded / "demo". */
export function resolveTarget(flags: { nats?: string | undefined; run?: string | undefined }): Target | undefined {
  const current = readCurrentRun();
  const natsUrl = flags.nats || process.env.NATS_URL || current?.natsUrl;
  if (!natsUrl) return undefined;
  return { natsUrl, run: flags.run || process.env.ORBITWIN_RUN || current?.run || "demo" };
}
