/** Every message schema, by name, for publishing as JSON Schema (docs/schemas/). */
import type { TSchema } from "@sinclair/typebox";
import type { MessageDescriptor } from "./descriptor.js";
import { clockDone, clockTick, participantHeartbeat } from "./messages/clock.js";
import { clusterCommand, clusterCommandReply } from "./messages/commands.js";
import { clusterDefinition } from "./messages/cluster.js";
import { emptyRequest, runStatusReply, speedRequest, stepRequest } from "./messages/control.js";
import { orbitwinEvent } from "./messages/events.js";
import { jobListReply, jobListRequest, jobShowReply, jobShowRequest, jobSubmit, jobSubmitReply, schedulerMetrics, schedulerStatusReply } from "./messages/jobs.js";
import { hostAssign, hostAssignReply, hostHeartbeat } from "./messages/membership.js";
import { clusterTelemetry, fleetTelemetry, satelliteTelemetry, watchRequest } from "./messages/telemetry.js";
import { operation, operationResult, restoreRequest } from "./messages/operations.js";
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
  participantHeartbeat,
  clusterCommand,
  clusterCommandReply,
  jobSubmit,
  jobSubmitReply,
  jobListRequest,
  jobListReply,
  jobShowRequest,
  jobShowReply,
  schedulerStatusReply,
  schedulerMetrics,
  operation,
  operationResult,
  restoreRequest,
] as readonly MessageDescriptor<unknown>[];

/**
 * Standard JSON Schema (2020-12) of every message and of the scenario file. TypeBox's Uint8Array
 * is a JavaScript-only type; on the wire it is MessagePack bin, so it is published as a binary
 * string with `x-msgpack: bin`.
 */
export function jsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = { scenario: standardize(ScenarioSchema) };
  for (const m of allMessages) out[m.name] = { $schema: "https://json-schema.org/draft/2020-12/schema", $id: `orbitwin/${m.name}.json`, ...(standardize(m.schema) as object) };
  return out;
}

function standardize(schema: TSchema): unknown {
  const plain: unknown = JSON.parse(JSON.stringify(schema));
  return rewrite(plain);
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  if (obj.type === "Uint8Array") {
    return { ...obj, type: "string", contentEncoding: "binary", "x-msgpack": "bin" };
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, rewrite(v)]));
}
