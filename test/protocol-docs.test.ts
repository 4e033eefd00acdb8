/**
 * docs/PROTOCOL.md names every event kind and every satellite status the protocol defines, so a
 * reader of the doc never meets a kind or a status it does not explain.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EventKinds, SatStatusNames } from "@orbitwin/protocol";

const protocolDoc = readFileSync(fileURLToPath(new URL("../docs/PROTOCOL.md", import.meta.url)), "utf8");

describe("docs/PROTOCOL.md", () => {
  it("names every event kind", () => {
    const missing = Object.values(EventKinds).filter((kind) => !protocolDoc.includes(`\`${kind}\``));
    expect(missing).toEqual([]);
  });

  it("explains every satellite status of a telemetry batch", () => {
    const documented = (name: string, code: number) => [name, name.replaceAll("-", " ")].some((form) => protocolDoc.includes(`${code} ${form}`));
    const missing = SatStatusNames.filter((name, code) => !documented(name, code));
    expect(missing).toEqual([]);
  });
});
