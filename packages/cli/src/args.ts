/** Flag parsing on node:util parseArgs, with errors that say which flag is wrong. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { PlacementPolicies, type HistoryConfig, type PlacementPolicyName } from "@orbitwin/protocol";
import {
  ServiceConfigError,
  historyFlags,
  parseDurationFlag as parseDuration,
  parseHistoryFlags as parseHistory,
  parsePositiveIntFlag,
  parseSpeedFlag,
} from "@orbitwin/runtime";
import { UsageError } from "./errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Every command's flags, plus --help/-h, strict: an unknown flag is a UsageError. */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O & { help: { type: "boolean"; short: "h" } }; allowPositionals: true; strict: true }>> {
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
  return asUsage(() => parseSpeedFlag(raw, flag));
}

export function parseDurationFlag(raw: string, flag: string): number {
  return asUsage(() => parseDuration(raw, flag));
}

/** History overrides from --sample-every N (0 = none) and --history-max-age D. */
export function parseHistoryFlags(values: { "sample-every"?: string | undefined; "history-max-age"?: string | undefined }): Partial<HistoryConfig> | undefined {
  return asUsage(() => parseHistory(values));
}

/** The flags parseHistoryFlags reads, for parseCommandArgs. */
export const historyFlagOptions = historyFlags;

export function parsePositiveInt(raw: string, flag: string, max = 1_000_000): number {
  return asUsage(() => parsePositiveIntFlag(raw, flag, max));
}

/** A flag the services refuse is a usage mistake here: printed with the help, exit code 2. */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ServiceConfigError) throw new UsageError(err.message);
    throw err;
  }
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

/**
 * `--creds FILE` (or `--creds=FILE`), taken out of any command's arguments: the credentials file
 * every NATS connection of this process and its children uses (ORBITWIN_CREDS; a path, never the
 * secret itself). Returns the other arguments and the file, if given.
 */
export function takeCredsFlag(argv: readonly string[]): { argv: string[]; credsFile: string | undefined } {
  const rest: string[] = [];
  let credsFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--creds") {
      credsFile = argv[++i];
      if (credsFile === undefined || credsFile.startsWith("-")) throw new UsageError("--creds needs the path of a credentials file");
    } else if (arg.startsWith("--creds=")) credsFile = arg.slice("--creds=".length);
    else rest.push(arg);
  }
  return { argv: rest, credsFile };
}
