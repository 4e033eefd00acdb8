/** Flag readers for `orbitwin physics`: each names the flag and the rule it broke. */
import { UsageError } from "../errors.js";

export type Flags = Record<string, string | boolean | undefined>;

export function requiredNumber(flags: Flags, name: string, rule: (x: number) => boolean = Number.isFinite, ruleText = "a number"): number {
  const raw = flags[name];
  if (raw === undefined || typeof raw === "boolean") throw new UsageError(`--${name} is required (${ruleText})`);
  return checkedNumber(raw, name, rule, ruleText);
}

export function optionalNumber(
  flags: Flags,
  name: string,
  fallback: number | undefined,
  rule: (x: number) => boolean = Number.isFinite,
  ruleText = "a number",
): number | undefined {
  const raw = flags[name];
  if (raw === undefined || typeof raw === "boolean") return fallback;
  return checkedNumber(raw, name, rule, ruleText);
}

function checkedNumber(raw: string, name: string, rule: (x: number) => boolean, ruleText: string): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || !rule(value)) throw new UsageError(`--${name} ${raw}: must be ${ruleText}`);
  return value;
}

export const positive = (x: number) => x > 0;
export const fraction = (x: number) => x >= 0 && x <= 1;

export function sides(flags: Flags): 1 | 2 {
  const n = requiredNumber(flags, "sides", (x) => x === 1 || x === 2, "1 or 2");
  return n === 1 ? 1 : 2;
}

export function vector(flags: Flags, name: string, length: number): number[] {
  const raw = flags[name];
  if (typeof raw !== "string") throw new UsageError(`--${name} is required (${length} comma-separated numbers)`);
  const parts = raw.split(",").map((p) => Number(p.trim()));
  if (parts.length !== length || parts.some((p) => !Number.isFinite(p))) throw new UsageError(`--${name} ${raw}: must be ${length} comma-separated numbers`);
  return parts;
}

export function isoTime(flags: Flags, name: string): number {
  const raw = flags[name];
  if (typeof raw !== "string") throw new UsageError(`--${name} is required (an ISO 8601 UTC time, e.g. 2026-05-13T00:00:00Z)`);
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} ${raw}: not an ISO 8601 time such as 2026-05-13T00:00:00Z`);
  return ms;
}
