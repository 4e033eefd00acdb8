import { describe, expect, it } from "vitest";
import { nextAction, type RunSnapshot } from "./next-action.js";

/** A run that has begun, is running, has two hosts and a standing assignment: due to tick 5. */
const running = (change: Partial<RunSnapshot> = {}): RunSnapshot => ({
  nowMs: 10_000,
  state: "running",
  started: true,
  firstTickDone: true,
  hosts: 2,
  minHosts: 2,
  missingParticipants: [],
  assignmentDueAtMs: undefined,
  restore: undefined,
  lastTick: 4,
  endTick: 20,
  stepBudget: 0,
  nextDueMs: 10_000,
  ...change,
});

/** A run before its first tick, with nothing assigned yet. */
const fresh = (change: Partial<RunSnapshot> = {}): RunSnapshot =>
  running({ state: "starting", started: false, firstTickDone: false, assignmentDueAtMs: Number.NEGATIVE_INFINITY, lastTick: -1, ...change });

describe("nextAction", () => {
  it("ticks the next tick when nothing stands in the way", () => {
    expect(nextAction(running())).toEqual({ kind: "tick", tick: 5, dueMs: 10_000 });
  });

  it("waits for the hosts asked for before assigning anything", () => {
    expect(nextAction(fresh({ hosts: 1 }))).toEqual({ kind: "wait", for: "hosts" });
    expect(nextAction(fresh({ hosts: 2 }))).toEqual({ kind: "assign" });
  });

  it("keeps waiting for the minimum of hosts until a tick has completed, not just been announced", () => {
    expect(nextAction(running({ firstTickDone: false, lastTick: -1, hosts: 1, assignmentDueAtMs: Number.NEGATIVE_INFINITY }))).toEqual({
      kind: "wait",
      for: "hosts",
    });
    expect(nextAction(running({ hosts: 1, assignmentDueAtMs: Number.NEGATIVE_INFINITY }))).toEqual({ kind: "assign" });
  });

  it("waits for required participants before the first assignment, and holds the clock for them later", () => {
    expect(nextAction(fresh({ missingParticipants: ["thermal"] }))).toEqual({ kind: "wait", for: "participants" });
    expect(nextAction(running({ missingParticipants: ["thermal"] }))).toEqual({ kind: "wait", for: "participants" });
    // Once begun, a lost host's clusters are reassigned even while the clock is held.
    expect(nextAction(running({ missingParticipants: ["thermal"], assignmentDueAtMs: Number.NEGATIVE_INFINITY }))).toEqual({ kind: "assign" });
  });

  it("redoes an assignment that does not stand before restoring or ticking", () => {
    expect(nextAction(running({ assignmentDueAtMs: Number.NEGATIVE_INFINITY, restore: { tick: 3, retryAtMs: 0 } }))).toEqual({ kind: "assign" });
  });

  it("waits for a host when the assignment must be redone and none is left", () => {
    expect(nextAction(running({ hosts: 0, assignmentDueAtMs: Number.NEGATIVE_INFINITY }))).toEqual({ kind: "wait", for: "hosts" });
  });

  it("lets joins settle before reassigning, and reassigns once they have", () => {
    expect(nextAction(running({ assignmentDueAtMs: 10_500 }))).toEqual({ kind: "wait", for: "joins", untilMs: 10_500 });
    expect(nextAction(running({ assignmentDueAtMs: 10_000 }))).toEqual({ kind: "assign" });
  });

  it("restores before ticking, and retries a failed restore only after its pause", () => {
    expect(nextAction(running({ restore: { tick: 3, retryAtMs: Number.NEGATIVE_INFINITY } }))).toEqual({ kind: "restore", tick: 3 });
    expect(nextAction(running({ restore: { tick: 3, retryAtMs: 11_000 } }))).toEqual({ kind: "wait", for: "retry", untilMs: 11_000 });
  });

  it("waits for an operator while paused, and ticks while a step budget is left", () => {
    expect(nextAction(running({ state: "paused" }))).toEqual({ kind: "wait", for: "operator" });
    expect(nextAction(running({ state: "paused", stepBudget: 2 }))).toEqual({ kind: "tick", tick: 5, dueMs: 10_000 });
  });

  it("waits for a paced tick's due time", () => {
    expect(nextAction(running({ nextDueMs: 10_250 }))).toEqual({ kind: "wait", for: "pace", untilMs: 10_250 });
  });

  it("finishes after the last tick, even with a restore pending, and then only waits", () => {
    expect(nextAction(running({ lastTick: 20, restore: { tick: 18, retryAtMs: 0 }, assignmentDueAtMs: Number.NEGATIVE_INFINITY }))).toEqual({
      kind: "finish",
      tick: 20,
    });
    expect(nextAction(running({ lastTick: 20, state: "finished" }))).toEqual({ kind: "wait", for: "end" });
  });

  it("never finishes an open-ended run", () => {
    expect(nextAction(running({ lastTick: 1_000_000, endTick: null }))).toEqual({ kind: "tick", tick: 1_000_001, dueMs: 10_000 });
  });

  it("restores a run resumed at its last tick before finishing it", () => {
    const resumed = fresh({ lastTick: 20, restore: { tick: 20, retryAtMs: Number.NEGATIVE_INFINITY }, assignmentDueAtMs: undefined });
    expect(nextAction(resumed)).toEqual({ kind: "restore", tick: 20 });
    expect(nextAction({ ...resumed, restore: undefined })).toEqual({ kind: "finish", tick: 20 });
  });
});
