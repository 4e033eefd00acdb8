import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RotatingLog } from "./rotating-log.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const bytes = (s: string) => new TextEncoder().encode(s);

describe("RotatingLog", () => {
  it("moves a full file to .1, keeps N rotated files, and cuts only at line ends", () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitwin-log-"));
    dirs.push(dir);
    const path = join(dir, "thermal.log");
    writeFileSync(path, "from an earlier start\n");
    const log = new RotatingLog(path, { maxBytes: 100, keep: 2 });
    // 40-byte lines arriving in pieces that do not line up with them, as a pipe delivers.
    const lines = Array.from({ length: 30 }, (_, i) => `{"msg":"line ${String(i).padStart(2, "0")}","pad":"xxxxxx"}\n`);
    const stream = lines.join("");
    for (let at = 0; at < stream.length; at += 33) log.write(bytes(stream.slice(at, at + 33)));
    log.close();
    expect(readdirSync(dir).sort()).toEqual(["thermal.log", "thermal.log.1", "thermal.log.2"]);
    const files = [`${path}.2`, `${path}.1`, path].map((p) => readFileSync(p, "utf8"));
    for (const text of files) {
      expect(text.endsWith("\n")).toBe(true);
      // At most one chunk past the limit, and every line whole.
      expect(text.length).toBeLessThanOrEqual(100 + 33);
      for (const line of text.trimEnd().split("\n")) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    // The newest lines are in the live file, older ones in .1 and .2; the oldest were dropped.
    expect(files.join("")).toBe(stream.slice(stream.length - files.join("").length));
    expect(files[2]).toContain("line 29");
  });
});
