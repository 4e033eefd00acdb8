import { Type, type Static } from "@sinclair/typebox";
import { defineMessage, schemaValidator } from "../descriptor.js";
import { InvalidMessageError } from "../errors.js";
import { subjects } from "../subjects.js";
import { PROTOCOL_VERSION, SimTimeMs, Tick, Token, Version } from "./common.js";
import { EventDataSchemas } from "./event-data.js";
import type { EventKind } from "./event-kinds.js";

export { EventKinds, type EventKind } from "./event-kinds.js";

export const Severities = ["info", "warning", "error", "critical"] as const;
export type Severity = (typeof Severities)[number];

/** Every event on `evt.<kind>`. Plain MessagePack map. */
export const EventSchema = Type.Object(
  {
    v: Version,
    run: Token,
    kind: Token,
    tick: Tick,
    simTimeMs: SimTimeMs,
    source: Type.String({ maxLength: 128, description: "service and host that raised it, e.g. coordinator or fleet/h1" }),
    severity: Type.Union(Severities.map((s) => Type.Literal(s))),
    message: Type.String({ maxLength: 4096, description: "what happened, for people" }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: "kind-specific fields, units in names: see event-data/<kind>.json" }),
  },
  { additionalProperties: false },
);
export type OrbitwinEvent = Static<typeof EventSchema>;
export const orbitwinEvent = defineMessage("event", "public", EventSchema, { subject: subjects.event });

/** The data of an event of kind K. */
export type EventData<K extends EventKind> = Static<(typeof EventDataSchemas)[K]>;

type AnyRaisedEvent = { [K in EventKind]: { kind: K; severity: Severity; message: string; data: EventData<K> } }[EventKind];
/** An event as the part that raises it writes it (of kind K, or any); its publisher stamps run, tick, time and source. */
export type RaisedEvent<K extends EventKind = EventKind> = Extract<AnyRaisedEvent, { kind: K }>;

/** Builds a raised event; the data must fit its kind (checked by the compiler). */
export function raisedEvent<K extends EventKind>(kind: K, severity: Severity, message: string, data: EventData<K>): RaisedEvent<K> {
  return { kind, severity, message, data } as RaisedEvent<K>;
}

/** Where and when an event was raised: what its publisher adds to it. */
export interface EventStamp {
  run: string;
  tick: number;
  simTimeMs: number;
  /** service and host, e.g. coordinator or fleet/h1 */
  source: string;
}

/** The message of a raised event, ready for `orbitwinEvent.encode` on `subjects.event(run, kind)`. */
export function eventMessage(stamp: EventStamp, event: RaisedEvent): OrbitwinEvent {
  const { kind, severity, message, data } = event;
  return { v: PROTOCOL_VERSION, run: stamp.run, kind, tick: stamp.tick, simTimeMs: stamp.simTimeMs, source: stamp.source, severity, message, data };
}

export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EventDataSchemas, kind);
}

const dataValidators = new Map<EventKind, (value: unknown, what?: string) => unknown>();

/** The data of `event` checked against its kind's schema; throws InvalidMessageError when it is another kind's or does not fit. */
export function eventData<K extends EventKind>(event: OrbitwinEvent, kind: K): EventData<K> {
  if (event.kind !== kind) throw new InvalidMessageError(`a ${event.kind} event`, [`/kind: expected ${kind}`]);
  let validate = dataValidators.get(kind);
  if (!validate) dataValidators.set(kind, (validate = schemaValidator(EventDataSchemas[kind], `the data of a ${kind} event`)));
  return validate(event.data) as EventData<K>;
}
