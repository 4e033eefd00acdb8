import { describe, expect, it } from "vitest";
import { EventKinds, orbitwinEvent } from "./messages/events.js";
import { decodeEvent, eventKindsOf, eventOwnerProblem, EventOwners, EventPublishers, publisherOf } from "./publishers.js";
import { subjects } from "./subjects.js";

const RUN = "owners";
const event = (kind: string, source: string) => ({
  v: 1 as const,
  run: RUN,
  kind,
  tick: 0,
  simTimeMs: 0,
  source,
  severity: "info" as const,
  message: "m",
  data: {},
});

describe("event owners", () => {
  it("names an owner for every event kind, and every publisher owns input-rejected", () => {
    expect(Object.keys(EventOwners).sort()).toEqual(Object.values(EventKinds).sort());
    for (const kind of Object.values(EventKinds)) expect(EventOwners[kind].length).toBeGreaterThan(0);
    for (const publisher of EventPublishers) expect(eventKindsOf(publisher)).toContain(EventKinds.inputRejected);
    expect(eventKindsOf("scheduler").filter((k) => !k.startsWith("job-"))).toEqual([EventKinds.inputRejected]);
  });

  it("reads a publisher from an event's source: coordinator, fleet/<host>, or a participant kind", () => {
    expect(["coordinator", "fleet/h1", "thermal", "debris-watch", "fleet", "gateway", "fleet-h1"].map(publisherOf)).toEqual([
      "coordinator",
      "fleet",
      "thermal",
      "debris-watch",
      "fleet",
      undefined,
      undefined,
    ]);
  });

  it("takes an event only on its own kind's subject from a publisher that owns the kind", () => {
    const on = (kind: string) => subjects.event(RUN, kind);
    expect(eventOwnerProblem(on("run-finished"), event("run-finished", "coordinator"))).toBeUndefined();
    expect(eventOwnerProblem(on("input-rejected"), event("input-rejected", "fleet/h2"))).toBeUndefined();
    expect(eventOwnerProblem(on("run-finished"), event("run-finished", "thermal"))?.message).toMatch(
      /run-finished events come only from coordinator, not thermal/,
    );
    expect(eventOwnerProblem(on("thermal-alarm"), event("run-restored", "coordinator"))?.message).toMatch(/the subject carries thermal-alarm events/);
    expect(eventOwnerProblem(on("job-placed"), event("job-placed", "operator"))?.message).toMatch(/"operator" is none of coordinator, fleet/);
    // A kind newer than this reader: any publisher of the twin.
    expect(eventOwnerProblem(on("dust-settled"), event("dust-settled", "fleet/h1"))).toBeUndefined();
  });

  it("decodes an event received on its subject, refusing a forged one", () => {
    const bytes = orbitwinEvent.encode(event("run-finished", "fleet/h1"));
    expect(() => decodeEvent(subjects.event(RUN, "run-finished"), bytes)).toThrow(/come only from coordinator/);
    expect(decodeEvent(subjects.event(RUN, "run-finished"), orbitwinEvent.encode(event("run-finished", "coordinator"))).source).toBe("coordinator");
  });
});
