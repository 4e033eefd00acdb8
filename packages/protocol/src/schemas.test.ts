import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jsonSchemas } from "./schemas.js";

const docsDir = new URL("../../../docs/schemas/", import.meta.url);

describe("published JSON Schemas", () => {
  it.each(Object.keys(jsonSchemas()))("docs/schemas/%s.json matches the protocol package (run npm run schemas)", (name) => {
    const published: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, docsDir), "utf8"));
    expect(published).toEqual(jsonSchemas()[name]);
  });

  it("publishes binary columns as standard JSON Schema, not a JavaScript type", () => {
    const text = JSON.stringify(jsonSchemas());
    expect(text).not.toContain('"Uint8Array"');
    expect(text).toContain('"x-msgpack":"bin"');
  });
});
