/**
 * Property tests (fast-check) of the coordinator's decisions: random sequences of heartbeats,
 * crashes, restarts, newcomers, operator commands and stalls of this process, with assignments,
 * restores and ticks that succeed, fail, run late or are interrupted, drive the run book and
 * `nextAction` exactly as the executor does. Every action is checked against the run's invariants;
 * after each sequence the world heals and the run must finish.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { AssignmentPlan } from "./assignment-book.js";
import { nextAction, type Action } from "./next-action.js";
import type { RestoreTicket } from "./recovery.js";
import { RunBook } from "./run-book.js";
import { WorkBudget } from "./work-budget.js";

const HOSTS = ["h1", "h2", "h3", "h4"];
const SERVICES = ["thermal", "scheduler", "debris-watch"];
const REQUIRED = ["thermal"];
/** started at first; the others are newcomers when started */
const INITIAL = ["h1", "h2", "thermal", "scheduler"];
const MIN_HOSTS = 2;
const END_TICK = 12;
const CHECKPOINT_EVERY = 3;
const LOADS = [
  { cluster: "a", satellites: 3 },
  { cluster: "b", satellites: 3 },
  { cluster: "c", satellites: 2 },
  { cluster: "d", satellites: 1 },
];

type Op =
  | { op: "time"; ms: number }
  | { op: "stall"; ms: number }
  | { op: "crash"; id: string }
  | { op: "start"; id: string }
  | { op: "operator"; verb: "pause" | "resume" | "step" | "stop" | "speed" | "restore"; n: number }
  | { op: "act"; fail: number };

type Underway =
  | { kind: "assign"; plan: AssignmentPlan; pids: Map<string, number>; abandoned: Set<string> }
  | { kind: "restore"; ticket: RestoreTicket; participants: string[]; pids: Map<string, number>; abandoned: Set<string>; covers: number }
  | { kind: "tick"; tick: number; participants: string[]; pids: Map<string, number>; interrupted: boolean; timeline: number };

class World {
  nowMs = 0;
  readonly book: RunBook;
  readonly procs = new Map<string, { pid: number; alive: boolean }>();
  underway: Underway | undefined;
  /** host -> the pid it had when the standing assignment was committed */
  committed = new Map<string, number>();
  /** restores owed (a host with clusters lost or restarted, a participant joined, clusters moved, once begun) and covered */
  owed = 0;
  covered = 0;
  started = false;
  finishes = 0;
  steps: { budget: number; done: number } | undefined;
  recorded: number[] = [];
  /** (tick, epoch) announced since the last restore */
  announced = new Set<string>();
  /** the process of each service the book has taken in */
  heard = new Map<string, number>();
  /** each service's process and the heartbeats it has sent (their `seq` counts up) */
  sent = new Map<string, { pid: number; beats: number }>();
  pendingRecords: { tick: number; timeline: number }[] = [];
  failureRate = true;

  constructor() {
    this.book = new RunBook({
      run: "prop",
      loads: LOADS,
      clock: { dtMs: 60_000, speed: null, endTick: END_TICK, paused: false },
      minHosts: MIN_HOSTS,
      requiredParticipants: REQUIRED,
      hostTimeoutMs: 3000,
      participantTimeoutMs: 10_000,
      joinSettleMs: 1000,
      // Loading takes a second a satellite: a lost host's clusters wait for it 1 to 6 s.
      budget: new WorkBudget({ loadMsPerSatellite: 1000 }),
      nowMs: 0,
      hooks: { emit: () => undefined, changed: () => undefined, disrupt: (ids) => this.#disrupt(ids) },
    });
    for (const id of INITIAL) this.start(id);
  }

  apply(op: Op): void {
    switch (op.op) {
      case "time":
        return this.time(op.ms);
      case "stall":
        this.nowMs += op.ms;
        this.observe(() => this.book.check(this.nowMs));
        return;
      case "crash":
        if (this.procs.has(op.id)) this.procs.get(op.id)!.alive = false;
        return;
      case "start":
        return this.start(op.id);
      case "operator":
        return this.operate(op.verb, op.n);
      case "act":
        return this.act(op.fail);
    }
  }

  start(id: string): void {
    const known = this.procs.get(id);
    this.procs.set(id, { pid: (known?.pid ?? 0) + 1, alive: true });
    this.heartbeat(id);
  }

  /** Time passes in quarter seconds: every second the living heartbeat and supervision checks. */
  time(ms: number): void {
    const end = this.nowMs + ms;
    while (this.nowMs < end) {
      this.nowMs = Math.min(end, this.nowMs + 250);
      if (this.nowMs % 1000 !== 0) continue;
      for (const [id, p] of this.procs) if (p.alive) this.heartbeat(id);
      this.observe(() => this.book.check(this.nowMs));
      const record = this.pendingRecords.shift();
      if (record && this.book.recovery.recorded(record.tick, record.timeline)) this.recorded.push(record.tick);
    }
  }

  heartbeat(id: string): void {
    const { pid } = this.procs.get(id)!;
    const beats = this.sent.get(id)?.pid === pid ? this.sent.get(id)!.beats + 1 : 1;
    this.sent.set(id, { pid, beats });
    // A host that joins or restarts once the run has begun is taken in at its second heartbeat too.
    if (HOSTS.includes(id))
      this.observe(() => this.book.hostHeartbeat({ v: 1, host: id, seq: beats, pid, hostname: "m", startedAtMs: 0, clusters: [], epoch: 0 }, this.nowMs));
    else {
      // A participant new to the run, or a new process under its id, holds none of the run's state.
      // Once the run has begun it is taken in at its second heartbeat (one heartbeat may be forged).
      const isNew = !this.book.supervision.hasParticipant(id) || this.heard.get(id) !== pid;
      const joins = isNew && (!this.book.clock.started || beats >= 2);
      if (joins) this.heard.set(id, pid);
      if (joins && this.started) this.owed++;
      this.observe(() => this.book.participantHeartbeat({ v: 1, participant: id, role: id, seq: beats, startedAtMs: pid }, this.nowMs));
    }
  }

  operate(verb: Extract<Op, { op: "operator" }>["verb"], n: number): void {
    const book = this.book;
    try {
      if (verb === "pause") book.pause();
      if (verb === "resume") book.resume(this.nowMs);
      if (verb === "step") book.step(n, this.nowMs);
      if (verb === "stop") book.stopRun();
      if (verb === "speed") book.setSpeed([null, 60, 120][n % 3]!, this.nowMs);
      if (verb === "restore") {
        const tick = this.recorded[n % Math.max(1, this.recorded.length)];
        if (tick === undefined) return;
        book.goBackTo(tick);
        this.recorded = this.recorded.filter((t) => t <= tick);
      }
    } catch (err) {
      // Refused only once the run has finished.
      expect(book.clock.state).toBe("finished");
      expect(String(err)).toMatch(/has finished/);
      return;
    }
    this.steps = verb === "step" ? { budget: n, done: 0 } : verb === "speed" ? this.steps : undefined;
  }

  /** The executor's next move: settle what is under way, or decide and start the next action. */
  act(fail: number): void {
    const failing = this.failureRate ? fail : 0;
    if (this.underway) return this.settle(failing);
    const action = nextAction(this.book.snapshot(this.nowMs));
    this.check(action);
    const book = this.book;
    switch (action.kind) {
      case "wait":
        if (action.untilMs !== undefined && action.untilMs !== Number.POSITIVE_INFINITY) this.time(Math.max(0, action.untilMs - this.nowMs));
        return;
      case "assign":
        this.underway = { kind: "assign", plan: book.planAssignment(), pids: this.pids(), abandoned: new Set() };
        return;
      case "restore": {
        const participants = [...book.assignment.hostsWithClusters(), ...book.supervision.participantIds()];
        this.underway = { kind: "restore", ticket: book.recovery.begin(), participants, pids: this.pids(), abandoned: new Set(), covers: this.owed };
        return;
      }
      case "tick":
        // Participants act on each (tick, epoch) once, until a restore resets them.
        expect(this.announced.has(`${action.tick}@${book.assignment.epoch}`)).toBe(false);
        this.announced.add(`${action.tick}@${book.assignment.epoch}`);
        this.started = true;
        book.clock.announced(action.tick, this.nowMs);
        this.underway = {
          kind: "tick",
          tick: action.tick,
          participants: [...book.assignment.hostsWithClusters(), ...book.supervision.participantIds()],
          pids: this.pids(),
          interrupted: false,
          timeline: book.recovery.timeline,
        };
        return;
      case "finish":
        this.finishes++;
        book.clock.finish();
        return;
    }
  }

  settle(fail: number): void {
    const u = this.underway!;
    this.underway = undefined;
    const gone = (id: string) => !this.procs.get(id)!.alive || this.procs.get(id)!.pid !== u.pids.get(id);
    if (u.kind === "assign") {
      const refusals = new Map(
        u.plan.hosts.filter((h) => gone(h) || u.abandoned.has(h) || (fail % 5 === 1 && h === u.plan.hosts[0])).map((h) => [h, "refused"]),
      );
      const before = new Map([...this.book.assignment.current].flatMap(([h, cs]) => cs.map((c) => [c, h] as const)));
      const taken = this.observe(() => this.book.assignmentAnswered(u.plan, refusals, this.nowMs));
      if (!taken) return;
      this.committed = new Map(u.plan.hosts.map((h) => [h, u.pids.get(h)!]));
      const moved = [...u.plan.next].some(([h, cs]) => cs.some((c) => before.get(c) !== h));
      if (moved && this.started) this.owed++;
      return;
    }
    if (u.kind === "restore") {
      const failed = u.participants.filter((p) => gone(p) || u.abandoned.has(p) || (fail % 5 === 2 && p === u.participants[0]));
      if (failed.length > 0) return this.observe(() => this.book.restoreFailed(failed, this.nowMs));
      this.book.restored(u.ticket, this.nowMs);
      this.announced.clear();
      this.covered = Math.max(this.covered, u.covers);
      return;
    }
    if (u.interrupted) return this.book.tickInterrupted();
    // A host process that took up no assignment (restarted, not yet taken in) steps nothing.
    const unassigned = (p: string) => this.committed.has(p) && this.procs.get(p)!.pid !== this.committed.get(p);
    const late = u.participants.filter((p) => gone(p) || unassigned(p) || (fail % 5 === 3 && p === u.participants[0]));
    if (late.length > 0) return this.observe(() => this.book.tickLate(u.tick, late, 30_000, this.nowMs));
    this.completed(u.tick, u.timeline);
  }

  completed(tick: number, timeline: number): void {
    const book = this.book;
    // The checkpoint of tick c is complete once tick c + 1 is: recorded later, off the tick path.
    if (tick > 0 && (tick - 1) % CHECKPOINT_EVERY === 0) this.pendingRecords.push({ tick: tick - 1, timeline });
    book.clock.completed(tick);
    if (this.steps) {
      this.steps.done++;
      expect(this.steps.done).toBeLessThanOrEqual(this.steps.budget);
      if (this.steps.done === this.steps.budget && tick !== book.clock.endTick) expect(book.clock.state).toBe("paused");
    }
  }

  /** The invariants every action must keep. */
  check(action: Action): void {
    const book = this.book;
    const snap = book.snapshot(this.nowMs);
    if (this.finishes > 0) expect(action).toEqual({ kind: "wait", for: "end" });
    if (action.kind === "assign" || action.kind === "tick") {
      // Nobody is handed the fleet while hosts asked for are missing before the first tick completed.
      expect(snap.firstTickDone || snap.hosts >= MIN_HOSTS).toBe(true);
    }
    if (action.kind === "finish") expect(book.clock.lastTick).toBe(book.clock.endTick);
    if (action.kind !== "tick") return;
    expect(action.tick).toBe(book.clock.lastTick + 1);
    if (book.clock.endTick !== null) expect(action.tick).toBeLessThanOrEqual(book.clock.endTick);
    for (const p of REQUIRED) expect(book.supervision.hasParticipant(p)).toBe(true);
    // Never with an assignment that does not stand: every assigned host is the very process that took it up.
    expect(snap.assignmentDueAtMs).toBeUndefined();
    // A restart is taken in at its second heartbeat: until then the book knows the process before it.
    for (const host of book.assignment.hostsWithClusters()) {
      const pid = this.committed.get(host)!;
      if (book.supervision.host(host)?.pid !== pid) expect(this.sent.get(host)).toEqual({ pid, beats: 1 });
    }
    // A restore came after every loss, restart or newcomer that needed one.
    expect(this.covered).toBe(this.owed);
    expect(snap.restore).toBeUndefined();
    if (book.clock.state === "paused") expect(book.clock.stepBudget).toBeGreaterThan(0);
    expect(action.dueMs).toBeLessThanOrEqual(this.nowMs);
  }

  /** Runs a change to the book and counts the restores it makes owed, from what the world knows. */
  observe<T>(change: () => T): T {
    const members = new Map(this.book.supervision.hosts().map((h) => [h, this.book.supervision.host(h)!.pid]));
    const holders = new Set(this.book.assignment.hostsWithClusters());
    const result = change();
    if (!this.started) return result;
    for (const [host, pid] of members) {
      const now = this.book.supervision.host(host);
      if ((!now && holders.has(host)) || (now && now.pid !== pid)) this.owed++;
    }
    return result;
  }

  pids(): Map<string, number> {
    return new Map([...this.procs].map(([id, p]) => [id, p.pid]));
  }

  #disrupt(ids: readonly string[] | "all"): void {
    const u = this.underway;
    if (!u) return;
    if (u.kind === "tick") {
      if (ids === "all" || ids.some((id) => u.participants.includes(id) || this.book.assignment.current.has(id))) u.interrupted = true;
    } else if (ids !== "all") {
      for (const id of ids) u.abandoned.add(id);
    }
  }

  /** The world heals: every process back, operators let it run; the run must then finish. */
  heal(): void {
    this.failureRate = false;
    for (const id of INITIAL) if (!this.procs.get(id)!.alive) this.start(id);
    for (let i = 0; i < 4000 && this.finishes === 0; i++) {
      if (this.book.clock.state === "paused") this.operate("resume", 0);
      this.act(0);
      this.time(250);
    }
  }
}

const ids = fc.constantFrom(...HOSTS, ...SERVICES);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ op: fc.constant("act" as const), fail: fc.nat(14) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("time" as const), ms: fc.constantFrom(250, 1000, 4000, 12_000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("stall" as const), ms: fc.constantFrom(2000, 5000, 15_000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("crash" as const), id: ids }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("start" as const), id: ids }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("operator" as const),
      verb: fc.constantFrom("pause", "resume", "step", "stop", "speed", "restore"),
      n: fc.integer({ min: 1, max: 3 }),
    }),
  },
);
// A newcomer crashing before it started is nothing.
const sequence = fc
  .array(op, { minLength: 20, maxLength: 300, size: "max" })
  .map((ops) => ops.filter((o, i) => o.op !== "crash" || INITIAL.includes(o.id) || ops.slice(0, i).some((p) => p.op === "start" && p.id === o.id)));

describe("the coordinator's decisions, over random runs", { timeout: 120_000 }, () => {
  it("keep every invariant, whatever happens, and finish exactly once when the world heals", () => {
    fc.assert(
      fc.property(sequence, (ops) => {
        const world = new World();
        for (const o of ops) world.apply(o);
        world.heal();
        expect(world.finishes).toBe(1);
        expect(world.book.clock.lastTick).toBe(world.book.clock.endTick);
        for (let i = 0; i < 5; i++) world.act(0);
        expect(world.finishes).toBe(1);
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });
});
