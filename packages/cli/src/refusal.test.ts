import { describe, expect, it } from "vitest";
import { errors as natsErrors } from "@nats-io/transport-node";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { UsageError } from "./errors.js";
import { describeFailure, exitCodeFor, isDebugging } from "./refusal.js";

describe("describeFailure", () => {
  it("prints a refusal as one line with its code", () => {
    const err = new OrbitwinError(ErrorCodes.unknownJob, 'no job "nope" in run demo: orbitwin jobs list shows the ids');
    expect(describeFailure("orbitwin jobs", err, false)).toBe(
      'orbitwin jobs: ORBITWIN_UNKNOWN_JOB: no job "nope" in run demo: orbitwin jobs list shows the ids\n',
    );
    expect(exitCodeFor(err)).toBe(1);
  });

  it("calls an error that is not ours ORBITWIN_INTERNAL, and a thrown string too", () => {
    expect(describeFailure("orbitwin run", new TypeError("x is not a function"), false)).toBe("orbitwin run: ORBITWIN_INTERNAL: x is not a function\n");
    expect(describeFailure("orbitwin", "gone", false)).toBe("orbitwin: ORBITWIN_INTERNAL: gone\n");
  });

  it("calls NATS's refusal of a publish ORBITWIN_PERMISSION_DENIED, naming the subject and the roles table", () => {
    const err = new natsErrors.PermissionViolationError('Permissions Violation for Publish to "ot.r.ctl.pause"', "publish", "ot.r.ctl.pause");
    expect(describeFailure("orbitwin ctl", new Error("request failed", { cause: err }), false)).toBe(
      'orbitwin ctl: ORBITWIN_PERMISSION_DENIED: Permissions Violation for Publish to "ot.r.ctl.pause": this NATS user\'s role does not allow it (docs/OPERATIONS.md, "Roles")\n',
    );
  });

  it("adds the stack and its causes only when debugging", () => {
    const err = new OrbitwinError(ErrorCodes.timeout, "no answer", { cause: new Error("the socket closed") });
    const text = describeFailure("orbitwin status", err, true);
    expect(text.split("\n")[0]).toBe("orbitwin status: ORBITWIN_TIMEOUT: no answer");
    expect(text).toContain("at ");
    expect(text).toContain("the socket closed");
    expect(describeFailure("orbitwin status", err, false)).not.toContain("at ");
  });

  it("exits 2 for a command called wrongly", () => {
    expect(exitCodeFor(new UsageError("give --field"))).toBe(2);
  });

  it("debugs with LOG_LEVEL debug or trace", () => {
    expect(isDebugging({ LOG_LEVEL: "debug" })).toBe(true);
    expect(isDebugging({ LOG_LEVEL: "trace" })).toBe(true);
    expect(isDebugging({ LOG_LEVEL: "info" })).toBe(false);
    expect(isDebugging({})).toBe(false);
  });
});
