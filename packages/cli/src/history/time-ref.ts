/**
 * A point in simulation time given on the command line: an ISO 8601 time with a zone
 * (`2026-05-13T01:00:00Z`), or a duration (`10m`, `6h`) meaning that long before the newest
 * record of the history.
 */
import { parseDurationMs } from "@orbitwin/protocol";
import { UsageError } from "../errors.js";

export type TimeRef = { kind: "at"; simTimeMs: number } | { kind: "ago"; ms: number };

export function parseTimeRef(raw: string, flag: string): TimeRef {
  const text = raw.trim();
  if (/^\d{4}-\d\d-\d\dT/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isFinite(ms) || !/(Z|[+-]\d\d:?\d\d)$/.test(text))
      throw new UsageError(`${flag} ${raw}: give an ISO 8601 time with a zone, e.g. 2026-05-13T01:00:00Z`);
    return { kind: "at", simTimeMs: ms };
  }
  try {
    const ms = parseDurationMs(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text, flag);
    if (ms > 0) return { kind: "ago", ms };
  } catch {
    // reported below with both accepted forms
  }
  throw new UsageError(`${flag} ${raw}: give a simulation time such as 2026-05-13T01:00:00Z, or a duration back from the newest record such as 10m or 6h`);
}

/** The simulation time `ref` names, given the newest record's. */
export function resolveTimeRef(ref: TimeRef, latestSimTimeMs: number): number {
  return ref.kind === "at" ? ref.simTimeMs : latestSimTimeMs - ref.ms;
}
