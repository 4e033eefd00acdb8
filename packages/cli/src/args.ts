/** Flag parsing on node:util parseArgs, with errors that say which flag is wrong. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { PlacementPolicies, parseDurationMs, type PlacementPolicyName } from "@orbitwin/protocol";
import { UsageError } from "./errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Every command's flags, plus --help/-h, strict: an unknown flag is a UsageError. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O & { help: { type: "boolean"; short: "h" } }; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/^TypeError \[[A-Z_]+\]: /, "") : String(err));
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
  try {
    const ms = Number.isFinite(asNumber) ? asNumber * 1000 : parseDurationMs(raw, flag);
    if (ms <= 0) throw new Error("not positive");
    return ms;
  } catch {
    throw new UsageError(`${flag} ${raw}: give a duration such as 90s, 15m, 6h or 2d`);
  }
}

export function parsePositiveInt(raw: string, flag: string, max = 1_000_000): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} ${raw}: give a whole number from 1 to ${max}`);
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
