import { describe, expect, it } from "vitest";
import { RESTORE_RETRY_MS, Recovery } from "./recovery.js";

describe("Recovery", () => {
  it("goes back to the start of the run before any checkpoint is recorded, then to the newest recorded", () => {
    const r = new Recovery();
    r.need();
    expect(r.pending()).toEqual({ tick: -1, retryAtMs: Number.NEGATIVE_INFINITY });
    r.recorded(9, r.timeline);
    expect(r.pending()?.tick).toBe(9);
    r.succeeded(r.begin());
    expect(r.pending()).toBeUndefined();
  });

  it("retries a failed restore only after a pause", () => {
    const r = new Recovery();
    r.need();
    r.begin();
    r.failed(5000);
    expect(r.pending()).toEqual({ tick: -1, retryAtMs: 5000 + RESTORE_RETRY_MS });
  });

  it("restores again when a need arises while a restore is under way", () => {
    const r = new Recovery();
    r.need();
    const ticket = r.begin();
    r.need();
    r.succeeded(ticket);
    expect(r.pending()).toBeDefined();
    r.succeeded(r.begin());
    expect(r.pending()).toBeUndefined();
  });

  it("goes back to an operator's choice, which becomes the newest checkpoint", () => {
    const r = new Recovery();
    r.recorded(3, r.timeline);
    r.recorded(6, r.timeline);
    r.goBackTo(3);
    const ticket = r.begin();
    expect(ticket).toMatchObject({ tick: 3, chosen: true });
    r.succeeded(ticket);
    expect(r.lastCheckpoint).toBe(3);
  });

  it("does not count a checkpoint completed before a restore that is recorded after it", () => {
    const r = new Recovery();
    const timeline = r.timeline;
    r.need();
    r.succeeded(r.begin());
    expect(r.recorded(6, timeline)).toBe(false);
    expect(r.lastCheckpoint).toBeUndefined();
  });
});
