import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lastLoggedError } from "./last-logged-error.js";

describe("the last error in a service's log", () => {
  const file = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "orbitwin-log-")), "coordinator.log");
    writeFileSync(path, text);
    return path;
  };
  const line = (record: object) => `${JSON.stringify(record)}\n`;

  it("is the last line at error level or above, with its error's message", () => {
    const log = file(
      line({ level: 50, msg: "an older failure", err: { message: "first" } }) +
        line({ level: 30, msg: "coordinator running" }) +
        "a line that is not JSON\n" +
        line({ level: 50, msg: "coordinator failed to start", err: { message: "KV bucket ot-k-checkpoints: the NATS server cannot reserve 9 bytes" } }) +
        line({ level: 30, msg: "stopping" }),
    );
    expect(lastLoggedError(log)).toBe("coordinator failed to start: KV bucket ot-k-checkpoints: the NATS server cannot reserve 9 bytes");
  });

  it("is undefined when the log holds no error or cannot be read", () => {
    expect(lastLoggedError(file(line({ level: 40, msg: "a warning" })))).toBeUndefined();
    expect(lastLoggedError(join(tmpdir(), "orbitwin-no-such-dir", "x.log"))).toBeUndefined();
  });
});
