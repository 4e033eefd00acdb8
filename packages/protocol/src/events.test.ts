import { describe, expect, it } from "vitest";
import { InvalidMessageError } from "./errors.js";
import { EventDataSchemas } from "./messages/event-data.js";
import { EventKinds, eventData, eventMessage, isEventKind, orbitwinEvent, raisedEvent } from "./messages/events.js";

const stamp = { run: "demo", tick: 7, simTimeMs: 1_778_630_470_000, source: "fleet/h1" };

describe("event data", () => {
  it("gives every event kind a schema for its data", () => {
    expect(Object.keys(EventDataSchemas).sort()).toEqual(Object.values(EventKinds).sort());
  });

  it("stamps a raised event into the message its publisher sends", () => {
    const raised = raisedEvent(EventKinds.acceleratorFailed, "warning", "w-s1: 1 accelerator(s) failed", {
      sat: "w-s1",
      cluster: "w",
      failed: 1,
      active: 7,
      sparesLeft: 0,
    });
    const sent = orbitwinEvent.decode(orbitwinEvent.encode(eventMessage(stamp, raised)));
    expect(sent).toEqual({ v: 1, ...stamp, kind: "accelerator-failed", severity: "warning", message: raised.message, data: raised.data });
    expect(eventData(sent, EventKinds.acceleratorFailed).sparesLeft).toBe(0);
  });

  it("refuses data that does not fit its kind, naming the field", () => {
    const e = eventMessage(
      stamp,
      raisedEvent(EventKinds.runFinished, "info", "finished", { ticks: 31, satellites: 49, simTimeMs: stamp.simTimeMs, digest: "0123456789abcdef" }),
    );
    expect(() => eventData({ ...e, data: { ...e.data, digest: "not hex" } }, EventKinds.runFinished)).toThrow(/run-finished event is invalid: \/digest/);
    expect(() => eventData({ ...e, data: { ticks: 31 } }, EventKinds.runFinished)).toThrow(InvalidMessageError);
  });

  it("refuses an event of another kind than the one asked for", () => {
    const e = eventMessage(stamp, raisedEvent(EventKinds.faultEnded, "info", "fault f-1 ends", { fault: "f-1", tick: 7 }));
    expect(() => eventData(e, EventKinds.runFinished)).toThrow(/fault-ended event is invalid: \/kind: expected run-finished/);
  });

  it("tells the kinds it knows from newer ones", () => {
    expect(isEventKind("run-started")).toBe(true);
    expect(isEventKind("toString")).toBe(false);
    expect(isEventKind("run-paused")).toBe(false);
  });
});
