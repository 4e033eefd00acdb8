import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clockTick, participantHeartbeat } from "./messages/clock.js";
import { hostHeartbeat } from "./messages/membership.js";
import { clusterTelemetry, fleetTelemetry } from "./messages/telemetry.js";
import { schedulerMetrics } from "./messages/jobs.js";
import { orbitwinEvent } from "./messages/events.js";
import { allMessages, codecForSubject, decodeAs, decodeOnSubject, messageOn, subjectShape } from "./message-routes.js";
import { subjects } from "./subjects.js";
import type { SubjectBuilder } from "./descriptor.js";

const messagesDir = new URL("./messages/", import.meta.url);

/** Calls a builder with plausible tokens, as a publisher would. */
function built(builder: SubjectBuilder): string {
  return (builder as (...tokens: string[]) => string)(...Array.from({ length: builder.length }, (_, i) => (i === 0 ? "demo" : `t${i}`)));
}

describe("message routes", () => {
  it("lists every message defined in messages/", () => {
    const defined = readdirSync(messagesDir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .flatMap((f) => [...readFileSync(new URL(f, messagesDir), "utf8").matchAll(/defineMessage\(\s*"([a-z0-9-]+)"/g)].map((m) => m[1]!));
    expect(allMessages.map((m) => m.name).sort()).toEqual(defined.sort());
  });

  it("finds each message on every subject its builders build", () => {
    for (const message of allMessages) {
      for (const builder of [...(message.subject ? [message.subject] : []), ...message.alsoOn])
        expect(messageOn(built(builder))?.name, built(builder)).toBe(message.name);
    }
  });

  it("gives no two messages the same subject", () => {
    const shapes = allMessages.flatMap((m) =>
      [...(m.subject ? [m.subject] : []), ...m.alsoOn].map((b) =>
        subjectShape(b)
          .map((t) => t ?? "*")
          .join("."),
      ),
    );
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it("tells apart subjects that differ only in length or a literal token", () => {
    expect(messageOn(subjects.clusterTelemetry("demo", "c1"))).toBe(clusterTelemetry);
    expect(messageOn(subjects.clusterSample("demo", "c1"))).toBe(clusterTelemetry);
    expect(messageOn(subjects.fleet("demo"))).toBe(fleetTelemetry);
    expect(messageOn(subjects.schedulerMetrics("demo"))).toBe(schedulerMetrics);
    expect(messageOn(subjects.event("demo", "run-started"))).toBe(orbitwinEvent);
    expect(messageOn(subjects.control("demo", "pause"))).toBeUndefined();
    expect(messageOn("_INBOX.abc.def")).toBeUndefined();
  });

  it("derives each subject's codec from its message", () => {
    expect(codecForSubject(subjects.clockTick("demo"))).toBe(clockTick.codec);
    expect(codecForSubject(subjects.hostHeartbeat("demo", "h1"))).toBe(hostHeartbeat.codec);
    expect(codecForSubject(subjects.clockParticipant("demo", "thermal"))).toBe(participantHeartbeat.codec);
    expect(codecForSubject(subjects.hostAssign("demo", "h1"))).toBe("public");
    expect(codecForSubject("_INBOX.abc")).toBe("public");
  });

  it("decodes a participant heartbeat on clock.participant as its publisher encoded it", () => {
    // A public map read with the internal records' decoder misreads fixints 0x40.. as record slots.
    const heartbeat = { v: 1 as const, participant: "thermal", role: "thermal", seq: 64, startedAtMs: 1_778_630_400_000 };
    expect(decodeOnSubject(subjects.clockParticipant("demo", "thermal"), participantHeartbeat.encode(heartbeat))).toEqual(heartbeat);
  });
});

describe("decodeAs", () => {
  it("refuses bytes from a subject that carries another message", () => {
    const fleet = {
      v: 1 as const,
      run: "demo",
      tick: 0,
      simTimeMs: 0,
      dtMs: 1000,
      satellites: 0,
      clusters: 0,
      hosts: 0,
      sunlit: 0,
      failed: 0,
      speed: null,
      achievedSpeed: 0,
      tickLagMs: 0,
      stepMsMax: 0,
    };
    expect(decodeAs(fleetTelemetry, subjects.fleet("demo"), fleetTelemetry.encode(fleet))).toEqual(fleet);
    expect(() => decodeAs(fleetTelemetry, subjects.schedulerMetrics("demo"), fleetTelemetry.encode(fleet))).toThrow(
      /carries a scheduler-metrics, not a fleet-telemetry/,
    );
  });
});
