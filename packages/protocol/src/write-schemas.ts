/** Writes every message's JSON Schema to docs/schemas/<name>.json (`npm run schemas`). */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { jsonSchemas } from "./schemas.js";

const outDir = resolve(process.argv[2] ?? "docs/schemas");
for (const [name, schema] of Object.entries(jsonSchemas())) {
  const file = join(outDir, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(schema, null, 2) + "\n");
}
process.stdout.write(`wrote ${Object.keys(jsonSchemas()).length} schemas to ${outDir}\n`);
