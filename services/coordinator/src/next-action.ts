/**
 * The coordinator's one decision: given what it knows now, what to do next. Pure, so each rule
 * can be tested alone and every sequence of happenings checked against the run's invariants
 * (`next-action.property.test.ts`). The executor performs the action, feeds the outcome back and
 * asks again; while it waits, any change wakes it to ask again.
 *
 * The rules, in order:
 * 1. A run that reached its end finishes (once), even with a restore pending.
 * 2. Until a tick has completed, the run waits for its minimum of hosts: one host is not handed
 *    the whole fleet while the others asked for are still joining or were briefly lost.
 * 3. Before the first tick, it waits for the required participants, so every run starts alike.
 * 4. An assignment that does not stand is redone before anything else (with no host, wait for
 *    one); joins are taken up once they have settled.
 * 5. A required participant that is missing holds the clock.
 * 6. A pending restore comes before any tick (a failed one is retried after a pause).
 * 7. A paused run waits for an operator; a paced one for the next tick's due time.
 */
import type { RunState } from "./run-clock.js";

export interface RunSnapshot {
  nowMs: number;
  state: RunState;
  /** a tick has been announced: participants' state may have moved on */
  started: boolean;
  /** a tick has completed since this coordinator took the run */
  firstTickDone: boolean;
  /** fleet hosts alive */
  hosts: number;
  minHosts: number;
  /** required clock participants not present */
  missingParticipants: readonly string[];
  /** when the assignment must be redone; undefined while it stands */
  assignmentDueAtMs: number | undefined;
  /** the restore due: to which checkpoint, and not before when */
  restore: { tick: number; retryAtMs: number } | undefined;
  lastTick: number;
  /** null: open-ended */
  endTick: number | null;
  stepBudget: number;
  /** when the next tick is due */
  nextDueMs: number;
}

export type WaitReason = "end" | "hosts" | "participants" | "joins" | "retry" | "operator" | "pace";

export type Action =
  | { kind: "wait"; for: WaitReason; untilMs?: number }
  | { kind: "assign" }
  | { kind: "restore"; tick: number }
  | { kind: "tick"; tick: number; dueMs: number }
  | { kind: "finish"; tick: number };

export function nextAction(s: RunSnapshot): Action {
  if (s.state === "finished" || s.state === "stopped") return { kind: "wait", for: "end" };
  if (s.endTick !== null && s.lastTick >= s.endTick && (s.started || s.restore === undefined)) return { kind: "finish", tick: s.lastTick };
  if (!s.firstTickDone && s.hosts < s.minHosts) return { kind: "wait", for: "hosts" };
  if (!s.started && s.missingParticipants.length > 0) return { kind: "wait", for: "participants" };
  if (s.assignmentDueAtMs !== undefined) {
    if (s.hosts === 0) return { kind: "wait", for: "hosts" };
    if (s.assignmentDueAtMs > s.nowMs) return { kind: "wait", for: "joins", untilMs: s.assignmentDueAtMs };
    return { kind: "assign" };
  }
  if (s.missingParticipants.length > 0) return { kind: "wait", for: "participants" };
  if (s.restore)
    return s.restore.retryAtMs > s.nowMs ? { kind: "wait", for: "retry", untilMs: s.restore.retryAtMs } : { kind: "restore", tick: s.restore.tick };
  if (s.state === "paused" && s.stepBudget === 0) return { kind: "wait", for: "operator" };
  const tick = s.lastTick + 1;
  if (s.nextDueMs > s.nowMs) return { kind: "wait", for: "pace", untilMs: s.nextDueMs };
  return { kind: "tick", tick, dueMs: s.nextDueMs };
}
