/** Flag parsing on node:util parseArgs, with errors that say which flag is wrong. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { PlacementPolicies, parseDurationMs, type HistoryConfig, type PlacementPolicyName } from "@orbitwin/protocol";
import { UsageError } from "./errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Every command's flags, plus --help/-h, strict: an unknown flag is a UsageError. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O & { help: { type: "boolean"; short: "h" } }; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's text may run on over lines of advice; the first says what is wrong.
    const message = (err instanceof Error ? err.message.replace(/^TypeError \[[A-Z_]+\]: /, "") : String(err)).split("\n")[0]!;
    throw new UsageError(/argument is ambiguous/.test(message) ? `${message} Write --flag=VALUE for a value that starts with '-'.` : message, { cause: err });
  }
}

/** "max" -> null (as fast as possible); a positive number -> x wall clock. */
export function parseSpeed(raw: string, flag = "--speed"): number | null {
  if (raw === "max") return null;
  const speed = Number(raw);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1e6) throw new UsageError(`${flag} ${raw}: give "max" or a number above 0 (1 = real time)`);
  return speed;
}

export function parseDurationFlag(raw: string, flag: string): number {
  const asNumber = Number(raw);
  let ms: number;
  try {
    ms = Number.isFinite(asNumber) ? asNumber * 1000 : parseDurationMs(raw, flag);
  } catch {
    ms = Number.NaN;
  }
  if (!(ms > 0)) throw new UsageError(`${flag} ${raw}: give a duration such as 90s, 15m, 6h or 2d`);
  return ms;
}

/** History overrides from --sample-every N (0 = none) and --history-max-age D. */
export function parseHistoryFlags(values: { "sample-every"?: string | undefined; "history-max-age"?: string | undefined }): Partial<HistoryConfig> | undefined {
  const out: { sampleEveryTicks?: number; maxAgeMs?: number } = {};
  const every = values["sample-every"];
  if (every !== undefined) {
    const n = Number(every);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new UsageError(`--sample-every ${every}: give a whole number of ticks from 0 (no sampled telemetry) to 1000000`);
    out.sampleEveryTicks = n;
  }
  if (values["history-max-age"] !== undefined) out.maxAgeMs = parseDurationFlag(values["history-max-age"], "--history-max-age");
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The flags parseHistoryFlags reads, for parseCommandArgs. */
export const historyFlagOptions = { "sample-every": { type: "string" }, "history-max-age": { type: "string" } } as const;

export function parsePositiveInt(raw: string, flag: string, max = 1_000_000): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} ${raw}: give a whole number from 1 to ${max}`);
  return n;
}

export function parseNonNegativeInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} ${raw}: give a whole number, 0 or more`);
  return n;
}

export function parsePolicy(raw: string, flag = "--policy"): PlacementPolicyName {
  if (!(PlacementPolicies as readonly string[]).includes(raw)) throw new UsageError(`${flag} ${raw}: give ${PlacementPolicies.join(" or ")}`);
  return raw as PlacementPolicyName;
}

/** "on" | "off" -> boolean, for --thermal, --scheduler and --debris-watch; undefined when not given. */
export function parseOnOff(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== "on" && value !== "off") throw new UsageError(`${flag} ${value}: give on or off`);
  return value === "on";
}
