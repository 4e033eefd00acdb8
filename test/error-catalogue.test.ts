/**
 * One error catalogue for the whole project (packages/errors): every `ORBITWIN_*` name in our
 * source and docs is either a catalogued error code or one of the environment variables below,
 * and docs/PROTOCOL.md lists the catalogue as it is.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ErrorCodes, errorMeanings } from "@orbitwin/errors";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Settings read from the environment; a new one goes here (and in docs/OPERATIONS.md). */
const ENVIRONMENT_VARIABLES = new Set([
  "ORBITWIN_RUN",
  "ORBITWIN_SCENARIO",
  "ORBITWIN_HOST",
  "ORBITWIN_POLICY",
  "ORBITWIN_SPEED",
  "ORBITWIN_MIN_HOSTS",
  "ORBITWIN_UNTIL",
  "ORBITWIN_REQUIRE",
  "ORBITWIN_STANDBY",
  "ORBITWIN_RESUME",
  "ORBITWIN_REPLICAS",
  "ORBITWIN_FLEET_THREADS",
  "ORBITWIN_DASHBOARD_PORT",
  "ORBITWIN_DASHBOARD_BIND",
  "ORBITWIN_DASHBOARD_ALLOW_HOSTS",
  "ORBITWIN_DASHBOARD_MAX_CLIENTS",
  "ORBITWIN_GATEWAY_TOKEN",
  "ORBITWIN_SUPERVISED",
  "ORBITWIN_COORDINATOR_NKEY",
  "ORBITWIN_FLEET_NKEY",
  "ORBITWIN_THERMAL_NKEY",
  "ORBITWIN_SCHEDULER_NKEY",
  "ORBITWIN_DEBRIS_WATCH_NKEY",
  "ORBITWIN_GATEWAY_NKEY",
  "ORBITWIN_OPERATOR_NKEY",
  "ORBITWIN_VIEWER_NKEY",
  "ORBITWIN_CREDS",
  "ORBITWIN_TLS_CA",
  "ORBITWIN_DST_SEED",
  "ORBITWIN_DST_SEEDS",
  "ORBITWIN_STUDY_ACK_WAIT",
  "ORBITWIN_SOAK_MINUTES",
  "ORBITWIN_SOAK_WARMUP_MINUTES",
  "ORBITWIN_SOAK_SATELLITES",
  "ORBITWIN_SOAK_HOSTS",
]);

const codes: readonly string[] = Object.values(ErrorCodes);

/** Source files of every package and service (tests aside: they may name codes that do not exist on purpose), and the docs. */
function scannedFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "dist") continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|md)$/.test(name) && !name.endsWith(".test.ts")) out.push(path);
    }
  };
  for (const top of ["packages", "services"]) for (const pkg of readdirSync(join(root, top))) walk(join(root, top, pkg, "src"));
  walk(join(root, "docs"));
  out.push(join(root, "README.md"));
  return out;
}

/** The `| code | meaning |` rows of docs/PROTOCOL.md's "Error codes" section, in order. */
function documentedCodes(): [string, string][] {
  const doc = readFileSync(join(root, "docs", "PROTOCOL.md"), "utf8");
  const section = doc.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? "";
  return [...section.matchAll(/^\| `(ORBITWIN_[A-Z_]+)` \| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!]);
}

describe("the error catalogue", () => {
  it("holds every ORBITWIN_* code used in packages, services and docs", () => {
    const unknown: string[] = [];
    for (const file of scannedFiles()) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/ORBITWIN_[A-Z0-9_]*[A-Z0-9]/g)) {
        if (!codes.includes(m[0]) && !ENVIRONMENT_VARIABLES.has(m[0])) unknown.push(`${relative(root, file)}: ${m[0]}`);
      }
    }
    expect(unknown, "add these to packages/errors/src/catalogue.ts (or, for a setting, to ENVIRONMENT_VARIABLES here)").toEqual([]);
  });

  it("keeps error codes and environment variables apart", () => {
    expect(codes.filter((c) => ENVIRONMENT_VARIABLES.has(c))).toEqual([]);
  });

  it("is listed in docs/PROTOCOL.md as it is, code by code and in order", () => {
    const expected = codes.map((c) => `| \`${c}\` | ${errorMeanings[c as keyof typeof errorMeanings]} |`).join("\n");
    const documented = documentedCodes()
      .map(([c, meaning]) => `| \`${c}\` | ${meaning} |`)
      .join("\n");
    expect(documented, `docs/PROTOCOL.md, "## Error codes", should list:\n| code | meaning |\n|---|---|\n${expected}\n`).toBe(expected);
  });
});
