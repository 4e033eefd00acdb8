/** Every message schema, by name, for publishing as JSON Schema (docs/schemas/). */
import type { TSchema } from "@sinclair/typebox";
import { allMessages } from "./message-routes.js";
import { EventDataSchemas } from "./messages/event-data.js";
import { ScenarioSchema } from "./scenario.js";

/**
 * Standard JSON Schema (2020-12) of every message, of each event kind's `data`
 * (`event-data/<kind>`) and of the scenario file, by file name without `.json`. TypeBox's
 * Uint8Array is a JavaScript-only type; on the wire it is MessagePack bin, so it is published as a
 * binary string with `x-msgpack: bin`.
 */
export function jsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = { scenario: standardize(ScenarioSchema) };
  const publish = (name: string, schema: TSchema) =>
    (out[name] = { $schema: "https://json-schema.org/draft/2020-12/schema", $id: `orbitwin/${name}.json`, ...(standardize(schema) as object) });
  for (const m of allMessages) publish(m.name, m.schema);
  for (const [kind, schema] of Object.entries(EventDataSchemas)) publish(`event-data/${kind}`, schema);
  return out;
}

/** The files of docs/schemas: path relative to it -> exact text, as `npm run schemas` writes them. */
export function schemaFiles(): Map<string, string> {
  return new Map(Object.entries(jsonSchemas()).map(([name, schema]) => [`${name}.json`, JSON.stringify(schema, null, 2) + "\n"]));
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
