import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allMessages } from "./message-routes.js";
import { EventKinds } from "./messages/events.js";
import { jsonSchemas, schemaFiles } from "./schemas.js";

const docsDir = new URL("../../../docs/schemas/", import.meta.url);

/** docs/schemas as it is in the repository: path relative to it -> text. */
function publishedFiles(): Map<string, string> {
  const paths = readdirSync(docsDir, { recursive: true, encoding: "utf8" }).filter((path) => path.endsWith(".json"));
  return new Map(paths.map((path) => [path.split("\\").join("/"), readFileSync(new URL(path, docsDir), "utf8")]));
}

describe("published JSON Schemas", () => {
  it("are docs/schemas exactly as the protocol package generates them (else run npm run schemas)", () => {
    const generated = schemaFiles();
    const published = publishedFiles();
    expect([...published.keys()].sort(), "files in docs/schemas").toEqual([...generated.keys()].sort());
    const stale = [...generated].filter(([path, text]) => published.get(path) !== text).map(([path]) => path);
    expect(stale, "files that differ from what npm run schemas writes").toEqual([]);
  });

  it("cover every message, every event kind's data and the scenario file", () => {
    const names = Object.keys(jsonSchemas());
    expect(names).toEqual(expect.arrayContaining(allMessages.map((m) => m.name)));
    expect(names).toEqual(expect.arrayContaining(Object.values(EventKinds).map((kind) => `event-data/${kind}`)));
    expect(names).toContain("scenario");
    expect(names).toHaveLength(allMessages.length + Object.values(EventKinds).length + 1);
  });

  it("publishes binary columns as standard JSON Schema, not a JavaScript type", () => {
    const text = JSON.stringify(jsonSchemas());
    expect(text).not.toContain('"Uint8Array"');
    expect(text).toContain('"x-msgpack":"bin"');
  });
});
