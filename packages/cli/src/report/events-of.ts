/** The events of a run, by kind, as the report's sections read them. Pure. */
import { eventData, type EventData, type EventKind, type OrbitwinEvent } from "@orbitwin/protocol";

/** An event's data that fits its kind's schema, with when it happened. */
export interface Dated<K extends EventKind> {
  tick: number;
  /** ms since 1970 UTC */
  simTimeMs: number;
  data: EventData<K>;
}

/** The events of one kind whose data fits its schema: history outlives the code that wrote it, so the rest is left out. */
export function eventsOf<K extends EventKind>(events: readonly OrbitwinEvent[], kind: K): Dated<K>[] {
  const out: Dated<K>[] = [];
  for (const e of events) {
    if (e.kind !== kind) continue;
    try {
      out.push({ tick: e.tick, simTimeMs: e.simTimeMs, data: eventData(e, kind) });
    } catch {
      continue;
    }
  }
  return out;
}

/** Just the data of `eventsOf`. */
export const dataOf = <K extends EventKind>(events: readonly OrbitwinEvent[], kind: K): EventData<K>[] => eventsOf(events, kind).map((e) => e.data);
