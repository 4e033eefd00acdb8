/** Every message schema, by name, for publishing as JSON Schema (docs/schemas/). */
import type { TSchema } from "@sinclair/typebox";
import type { MessageDescriptor } from "./descriptor.js";
import { clockDone, clockTick } from "./messages/clock.js";
import { clusterDefinition } from "./messages/cluster.js";
import { emptyRequest, runStatusReply, speedRequest, stepRequest } from "./messages/control.js";
import { orbitwinEvent } from "./messages/events.js";
import { hostAssign, hostAssignReply, hostHeartbeat } from "./messages/membership.js";
import { clusterTelemetry, fleetTelemetry, satelliteTelemetry, watchRequest } from "./messages/telemetry.js";
import { ScenarioSchema } from "./scenario.js";

export const allMessages: readonly MessageDescriptor<unknown>[] = [
  clockTick,
  clockDone,
  hostHeartbeat,
  hostAssign,
  hostAssignReply,
  clusterDefinition,
  clusterTelemetry,
  satelliteTelemetry,
  fleetTelemetry,
  watchRequest,
  emptyRequest,
  speedRequest,
  stepRequest,
  runStatusReply,
  orbitwinEvent,
] as readonly MessageDescriptor<unknown>[];

export function jsonSchemas(): Record<string, TSchema> {
  const out: Record<string, TSchema> = { scenario: ScenarioSchema };
  for (const m of allMessages) out[m.name] = m.schema;
  return out;
}
