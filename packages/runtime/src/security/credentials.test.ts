import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readCredentialsFile, writeCredentialsFile } from "./credentials.js";

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-creds-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("credentials files", () => {
  it("are written readable by their owner only and read back", () => {
    const file = join(scratch(), "thermal.creds");
    writeCredentialsFile(file, { user: "thermal", nkeySeed: "SUAEXAMPLESEED" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readCredentialsFile(file)).toEqual({ user: "thermal", nkeySeed: "SUAEXAMPLESEED" });
  });

  it("refuses a file others may read, saying how to fix it", () => {
    const file = join(scratch(), "viewer.creds");
    writeCredentialsFile(file, { user: "viewer", password: "hex" });
    chmodSync(file, 0o644);
    expect(() => readCredentialsFile(file)).toThrow(`credentials file ${file} may be read by others: chmod 600 ${file}`);
  });

  it("takes a file its group may read: Kubernetes mounts a Secret for a non-root pod that way (0440)", () => {
    const file = join(scratch(), "fleet.creds");
    writeCredentialsFile(file, { user: "fleet", nkeySeed: "SUAEXAMPLESEED" });
    chmodSync(file, 0o440);
    expect(readCredentialsFile(file).user).toBe("fleet");
  });

  it("refuses a file without a user and one secret, naming the lines it needs", () => {
    const file = join(scratch(), "bad.creds");
    writeFileSync(file, "user: operator\n", { mode: 0o600 });
    expect(() => readCredentialsFile(file)).toThrow(/needs a line "user: NAME" and one of "nkey-seed: SU\.\.\." or "password: \.\.\."/);
  });
});
