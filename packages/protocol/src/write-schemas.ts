/** Writes every message's JSON Schema to docs/schemas/<name>.json (`npm run schemas`). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { jsonSchemas } from "./schemas.js";

const outDir = resolve(process.argv[2] ?? "docs/schemas");
mkdirSync(outDir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(schema, null, 2) + "\n");
}
process.stdout.write(`wrote ${Object.keys(jsonSchemas()).length} schemas to ${outDir}\n`);
