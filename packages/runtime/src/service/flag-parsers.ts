/**
 * Values of the flags (or environment variables) services and the CLI share, each refused with
 * a ServiceConfigError that names the flag and what to give instead.
 */
import { parseDurationMs, type HistoryConfig } from "@orbitwin/protocol";
import { ServiceConfigError } from "./service-config.js";

/** "max" -> null (as fast as possible); a positive number -> x wall clock. */
export function parseSpeedFlag(raw: string, flag = "--speed"): number | null {
  if (raw === "max") return null;
  const speed = Number(raw);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1e6) throw new ServiceConfigError(`${flag} ${raw}: give "max" or a number above 0 (1 = real time)`);
  return speed;
}

/** A positive duration, ms: "90s", "15m", "6h", "2d", or a number of seconds. */
export function parseDurationFlag(raw: string, flag: string): number {
  const asNumber = Number(raw);
  try {
    const ms = Number.isFinite(asNumber) ? asNumber * 1000 : parseDurationMs(raw, flag);
    if (!(ms > 0) || !Number.isFinite(ms)) throw new Error("not a positive finite duration");
    return ms;
  } catch (err) {
    throw new ServiceConfigError(`${flag} ${raw}: give a duration such as 90s, 15m, 6h or 2d`, err);
  }
}

export function parsePositiveIntFlag(raw: string, flag: string, max = 1_000_000): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ServiceConfigError(`${flag} ${raw}: give a whole number from 1 to ${max}`);
  return n;
}

/** The flags parseHistoryFlags reads. */
export const historyFlags = { "sample-every": { type: "string" }, "history-max-age": { type: "string" } } as const;

/** History overrides from --sample-every N (0 = none) and --history-max-age D; undefined when neither is given. */
export function parseHistoryFlags(values: {
  readonly "sample-every"?: string | boolean | undefined;
  readonly "history-max-age"?: string | boolean | undefined;
}): Partial<HistoryConfig> | undefined {
  const out: { sampleEveryTicks?: number; maxAgeMs?: number } = {};
  const every = values["sample-every"];
  if (typeof every === "string") {
    const n = Number(every);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000)
      throw new ServiceConfigError(`--sample-every ${every}: give a whole number of ticks from 0 (no sampled telemetry) to 1000000`);
    out.sampleEveryTicks = n;
  }
  const maxAge = values["history-max-age"];
  if (typeof maxAge === "string") out.maxAgeMs = parseDurationFlag(maxAge, "--history-max-age");
  return Object.keys(out).length > 0 ? out : undefined;
}
