/**
 * Writes docs/schemas/ (`npm run schemas`): every message's JSON Schema, each event kind's data
 * schema and the scenario file's; a schema file no longer generated is removed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { schemaFiles } from "./schemas.js";

const outDir = resolve(process.argv[2] ?? "docs/schemas");
const files = schemaFiles();
for (const [path, text] of files) {
  mkdirSync(dirname(join(outDir, path)), { recursive: true });
  writeFileSync(join(outDir, path), text);
}
const stale = readdirSync(outDir, { recursive: true, encoding: "utf8" }).filter((path) => path.endsWith(".json") && !files.has(path.split("\\").join("/")));
for (const path of stale) rmSync(join(outDir, path));
process.stdout.write(`wrote ${files.size} schemas to ${outDir}${stale.length > 0 ? `, removed ${stale.length} no longer generated` : ""}\n`);
