/**
 * How the command line reports a failure: one line, `orbitwin <command>: <CODE>: <message>`,
 * whatever the command and whatever went wrong; the stack (with its causes) only when debugging
 * (LOG_LEVEL=debug or trace). An error that is not ours is ORBITWIN_INTERNAL.
 */
import { inspect } from "node:util";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { UsageError } from "./errors.js";

export function isDebugging(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace";
}

/** The text to print on stderr for `err`, raised by the command that `prefix` names. */
export function describeFailure(prefix: string, err: unknown, debug: boolean): string {
  const code = err instanceof OrbitwinError ? err.code : ErrorCodes.internal;
  const message = err instanceof Error ? err.message : String(err);
  const line = `${prefix}: ${code}: ${message}\n`;
  return debug && err instanceof Error ? `${line}${inspect(err, { depth: 6 })}\n` : line;
}

/** 2 for a command called wrongly, 1 for anything else. */
export function exitCodeFor(err: unknown): number {
  return err instanceof UsageError ? 2 : 1;
}
