/**
 * The front door every service shares: its flags and environment resolved once, the same way
 * whether the process is `orbitwin serve <service>` or the service's own `main.ts`. A flag wins
 * over its environment variable, which wins over the default. Each service adds its own
 * `resolve<X>ServiceConfig(env, flags)` on top of `resolveCommonConfig`.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { LevelWithSilent } from "pino";
import { ErrorCodes, OrbitwinError, assertToken, parseScenario, type Scenario } from "@orbitwin/protocol";

/** Environment variables, as `process.env` holds them (passed in, so tests and both doors share it). */
export type ServiceEnv = Readonly<Record<string, string | undefined>>;

/** A flag's value, as node:util parseArgs gives it. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** Flag specs in node:util parseArgs form. */
export type FlagSpecs = Readonly<Record<string, { type: "string" | "boolean" }>>;

export class ServiceConfigError extends OrbitwinError {
  override name = "ServiceConfigError";
  constructor(message: string, cause?: unknown) {
    super(ErrorCodes.invalidConfig, message, cause === undefined ? undefined : { cause });
  }
}

/** The flags of every service: `--nats URL`, `--run ID`, `--log-level L`. */
export const commonServiceFlags = {
  nats: { type: "string" },
  run: { type: "string" },
  "log-level": { type: "string" },
} as const satisfies FlagSpecs;

export interface CommonServiceConfig {
  /** NATS server(s), comma-separated. --nats, NATS_URL. @default nats://127.0.0.1:4222 */
  readonly natsUrl: string;
  /** Run id, a lower-case kebab token. --run, ORBITWIN_RUN. @default demo */
  readonly run: string;
  /** --log-level, LOG_LEVEL. @default info */
  readonly logLevel: LevelWithSilent;
}

const LOG_LEVELS: readonly LevelWithSilent[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export function resolveCommonConfig(env: ServiceEnv, flags: FlagValues): CommonServiceConfig {
  const runFrom = stringFlag(flags, "run") ? "--run" : env.ORBITWIN_RUN ? "ORBITWIN_RUN" : "the default run";
  let run: string;
  try {
    run = assertToken(stringFlag(flags, "run") || env.ORBITWIN_RUN || "demo", runFrom);
  } catch (err) {
    throw new ServiceConfigError(err instanceof Error ? err.message : String(err), err);
  }
  const level = stringFlag(flags, "log-level") ?? env.LOG_LEVEL ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new ServiceConfigError(`${stringFlag(flags, "log-level") ? "--log-level" : "LOG_LEVEL"} ${level}: give one of ${LOG_LEVELS.join(", ")}`);
  return Object.freeze({ natsUrl: stringFlag(flags, "nats") || env.NATS_URL || "nats://127.0.0.1:4222", run, logLevel: level as LevelWithSilent });
}

export interface ScenarioFile {
  scenario: Scenario;
  /** the folder the scenario's relative file names are relative to */
  baseDir: string;
}

/** The scenario `--scenario FILE` (or ORBITWIN_SCENARIO) names, parsed; undefined when none is named. */
export function scenarioFrom(env: ServiceEnv, flags: FlagValues): ScenarioFile | undefined {
  const flag = stringFlag(flags, "scenario");
  const path = flag ?? env.ORBITWIN_SCENARIO;
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ServiceConfigError(
      `${flag ? "--scenario" : "ORBITWIN_SCENARIO"} ${path}: cannot read it (${err instanceof Error ? err.message : String(err)})`,
      err,
    );
  }
  return { scenario: parseScenario(text, path), baseDir: dirname(resolve(path)) };
}

/** A string flag's value; a boolean where a string belongs is refused. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  if (typeof value === "boolean") throw new ServiceConfigError(`--${name} needs a value`);
  return value;
}

/** Parses a service process's arguments (its `main.ts`) against its flags; unknown ones are refused. */
export function parseServiceArgs(argv: readonly string[], specs: FlagSpecs): FlagValues {
  try {
    return parseArgs({ args: [...argv], options: { ...specs }, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new ServiceConfigError(err instanceof Error ? err.message.replace(/^TypeError \[[A-Z_]+\]: /, "") : String(err), err);
  }
}
