/**
 * How the command line reports a failure: one line, `orbitwin <command>: <CODE>: <message>`,
 * whatever the command and whatever went wrong; the stack (with its causes) only when debugging
 * (LOG_LEVEL=debug or trace). NATS's refusal of a publish or subscribe is ORBITWIN_PERMISSION_DENIED
 * with where the roles are written down; any other error that is not ours is ORBITWIN_INTERNAL.
 */
import { inspect } from "node:util";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { isPermissionDenied, permissionDenied } from "@orbitwin/runtime";
import { UsageError } from "./errors.js";

export function isDebugging(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace";
}

/** The text to print on stderr for `err`, raised by the command that `prefix` names. */
export function describeFailure(prefix: string, failure: unknown, debug: boolean): string {
  const err = isPermissionDenied(failure) ? permissionDenied(failure) : failure;
  const code = err instanceof OrbitwinError ? err.code : ErrorCodes.internal;
  const message = err instanceof Error ? err.message : String(err);
  const line = `${prefix}: ${code}: ${message}\n`;
  return debug && err instanceof Error ? `${line}${inspect(err, { depth: 6 })}\n` : line;
}

/** 2 for a command called wrongly, 1 for anything else. */
export function exitCodeFor(err: unknown): number {
  return err instanceof UsageError ? 2 : 1;
}
