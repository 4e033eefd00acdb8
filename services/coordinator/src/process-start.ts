/**
 * A heartbeat's `startedAtMs` tells a restart from the running process (a restart starts later).
 * A start far past this coordinator's own (injected) clock is forged or broken: taken, it would
 * make every real heartbeat of that id look stale and lock the real process out.
 */
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

/** How far past this coordinator's clock a process's start may be: machines' clocks differ, by far less than a day. */
export const MAX_START_AHEAD_MS = 86_400_000;

/** Throws when `startedAtMs` is more than a day past `nowMs`; `who` names the sender ("fleet host h1"). */
export function assertStartNotAhead(who: string, startedAtMs: number, nowMs: number): void {
  if (startedAtMs > nowMs + MAX_START_AHEAD_MS)
    throw new OrbitwinError(
      ErrorCodes.invalidMessage,
      `${who}: startedAtMs ${startedAtMs} is more than a day (${MAX_START_AHEAD_MS} ms) past this coordinator's clock (${nowMs})`,
    );
}

/** Throws when `startedAtMs` is before the running process's: a restart starts later, and an older start is stale or forged. */
export function assertStartNotBefore(who: string, startedAtMs: number, runningStartedAtMs: number | undefined): void {
  if (runningStartedAtMs !== undefined && startedAtMs < runningStartedAtMs)
    throw new OrbitwinError(
      ErrorCodes.invalidMessage,
      `${who}: startedAtMs ${startedAtMs} is before the running process's ${runningStartedAtMs}; a restart starts later`,
    );
}
