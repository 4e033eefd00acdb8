import { describe, expect, it } from "vitest";
import {
  clockDone,
  ErrorCodes,
  EventKinds,
  hostHeartbeat,
  parseScenario,
  participantHeartbeat,
  ParticipantKinds,
  type HostHeartbeat,
  type ParticipantHeartbeat,
} from "@orbitwin/protocol";
import { LocalBus, silentLogger } from "@orbitwin/runtime";
import { resolveCoordinatorOptions } from "./coordinator-options.js";
import { MAX_EPOCHS_AHEAD, RunBook, type RunBookOptions } from "./run-book.js";
import { MAX_START_AHEAD_MS } from "./process-start.js";
import { WorkBudget } from "./work-budget.js";

const host = (over: Partial<HostHeartbeat> = {}): HostHeartbeat => ({
  v: 1,
  host: "h1",
  seq: 0,
  pid: 10,
  hostname: "m",
  startedAtMs: 5000,
  clusters: [],
  epoch: 0,
  ...over,
});
const participant = (over: Partial<ParticipantHeartbeat> = {}): ParticipantHeartbeat => ({
  v: 1,
  participant: "scheduler",
  role: "scheduler",
  seq: 0,
  startedAtMs: 5000,
  ...over,
});

function book(events: string[] = [], messages: string[] = [], accepted?: RunBookOptions["acceptedParticipants"]): RunBook {
  return new RunBook({
    ...(accepted ? { acceptedParticipants: accepted } : {}),
    run: "bounds",
    loads: [{ cluster: "c0", satellites: 1 }],
    clock: { dtMs: 1000, speed: null, endTick: 10, paused: false },
    minHosts: 1,
    requiredParticipants: [],
    hostTimeoutMs: 3000,
    participantTimeoutMs: 10_000,
    joinSettleMs: 1000,
    budget: new WorkBudget(),
    nowMs: 0,
    hooks: { emit: (kind, _severity, message) => void (events.push(kind), messages.push(message)), changed: () => undefined, disrupt: () => undefined },
  });
}

describe("heartbeat bounds", () => {
  it("refuses an absurd epoch by schema and one far ahead of the run's by the run book, without moving the epoch", () => {
    expect(() => hostHeartbeat.decode(hostHeartbeat.encode(host({ epoch: 1e300 })))).toThrow(/epoch/);
    const b = book();
    expect(() => b.hostHeartbeat(host({ epoch: MAX_EPOCHS_AHEAD + 1 }), 0)).toThrow(expect.objectContaining({ code: ErrorCodes.invalidMessage }));
    expect(b.planAssignment().epoch).toBe(1);
    b.hostHeartbeat(host({ epoch: MAX_EPOCHS_AHEAD }), 0);
    expect(b.planAssignment().epoch).toBe(MAX_EPOCHS_AHEAD + 1);
  });

  it("refuses a tick beyond 2^40 and an epoch beyond 2^31 - 1 by schema", () => {
    const done = (tick: number) =>
      clockDone.encode({ v: 1, tick, host: "h1", epoch: 0, clusters: 0, satellites: 0, sunlit: 0, failed: 0, stepMs: 0, digests: [], subsystems: null });
    expect(clockDone.decode(done(2 ** 40)).tick).toBe(2 ** 40);
    expect(() => clockDone.decode(done(2 ** 41))).toThrow(/tick/);
    expect(() => participantHeartbeat.decode(participantHeartbeat.encode(participant()))).not.toThrow();
    expect(() => hostHeartbeat.decode(hostHeartbeat.encode(host({ epoch: 2 ** 31 })))).toThrow(/epoch/);
  });

  it("refuses a host or participant 'restart' that started before the running process, and a participant whose role is not its id", () => {
    const events: string[] = [];
    const b = book(events);
    b.hostHeartbeat(host(), 0);
    b.participantHeartbeat(participant(), 0);
    const joined = events.length;
    expect(() => b.hostHeartbeat(host({ pid: 11, startedAtMs: 4000 }), 1000)).toThrow(/restart starts later/);
    expect(() => b.participantHeartbeat(participant({ startedAtMs: 4000 }), 1000)).toThrow(/restart starts later/);
    expect(() => b.participantHeartbeat(participant({ role: "thermal" }), 1000)).toThrow(/role thermal, but a participant's role is its id/);
    expect(events).toHaveLength(joined);
    // A real restart starts later, and is taken.
    b.participantHeartbeat(participant({ startedAtMs: 9000 }), 2000);
    expect(events.length).toBeGreaterThan(joined);
  });

  it("refuses a participant id the run does not take, naming the ones it does", () => {
    const events: string[] = [];
    const b = book(events, [], ["thermal"]);
    expect(() => b.participantHeartbeat(participant({ participant: "intruder", role: "intruder" }), 0)).toThrow(/this run takes only thermal/);
    expect(() => b.participantHeartbeat(participant(), 0)).toThrow(/participant scheduler: this run takes only thermal/);
    expect(() => book().participantHeartbeat(participant({ participant: "intruder", role: "thermal" }), 0)).toThrow(
      /takes only thermal, scheduler, debris-watch/,
    );
    expect(events).toEqual([]);
  });

  it("refuses to start a run that requires a participant of no kind there is", () => {
    const scenario = parseScenario(
      "name: s\nepoch: 2026-05-13T00:00:00Z\ndt: 10s\nduration: 1m\nseed: 1\nconstellations:\n  - { kind: formation, name: f, count: 2, radiusM: 100, altKm: 550 }\n",
      "test scenario",
    );
    const options = { bus: new LocalBus(), run: "bounds", scenario, clusters: [], log: silentLogger() };
    expect(() => resolveCoordinatorOptions({ ...options, requiredParticipants: ["thermal", "intruder"] })).toThrow(
      /required participant intruder: the clock participants are thermal, scheduler, debris-watch/,
    );
    expect(resolveCoordinatorOptions({ ...options, requiredParticipants: ["thermal"] }).book.acceptedParticipants).toEqual(["thermal"]);
    expect(resolveCoordinatorOptions(options).book.acceptedParticipants).toEqual(ParticipantKinds);
  });

  it("takes in a participant that joins mid-run only at its second heartbeat, so one forged or replayed heartbeat rewinds nothing", () => {
    const events: string[] = [];
    const b = book(events);
    b.clock.announced(0, 0);
    b.participantHeartbeat(participant({ seq: 7 }), 1000);
    b.participantHeartbeat(participant({ seq: 7 }), 1100);
    b.participantHeartbeat(participant({ seq: 3, startedAtMs: 6000 }), 1200);
    expect(events).toEqual([]);
    expect(b.recovery.pending()).toBeUndefined();
    expect(b.supervision.participantIds()).toEqual([]);
    // The same process again, a heartbeat later: a real late joiner, taken in with the restore it needs.
    b.participantHeartbeat(participant({ seq: 4, startedAtMs: 6000 }), 2200);
    expect(events).toEqual([EventKinds.participantJoined]);
    expect(b.recovery.pending()).toEqual({ tick: -1, retryAtMs: Number.NEGATIVE_INFINITY });
    expect(b.supervision.participantIds()).toEqual(["scheduler"]);
  });

  it("lets one forged host heartbeat mid-run take no clusters, rewind nothing and lock no real host out", () => {
    const events: string[] = [];
    const b = book(events);
    b.hostHeartbeat(host(), 0);
    b.assignmentAnswered(b.planAssignment(), new Map(), 0);
    b.clock.announced(0, 0);
    const joined = events.length;
    // A host id never assigned, claiming the live host's clusters; and a "restart" of the live host.
    b.hostHeartbeat(host({ host: "forged", pid: 66, clusters: ["c0"], epoch: 50 }), 500);
    b.hostHeartbeat(host({ pid: 66, startedAtMs: 80_000_000, seq: 9 }), 600);
    expect(events).toHaveLength(joined);
    expect(b.supervision.hosts()).toEqual(["h1"]);
    expect(b.supervision.host("h1")).toMatchObject({ pid: 10, startedAtMs: 5000 });
    expect(b.recovery.pending()).toBeUndefined();
    expect(b.snapshot(600).assignmentDueAtMs).toBeUndefined();
    expect([...b.assignment.current]).toEqual([["h1", ["c0"]]]);
    expect(b.planAssignment().epoch).toBe(2);
    // The real process goes on being heard; a real restart proves itself with its next heartbeat.
    b.hostHeartbeat(host({ seq: 1 }), 1000);
    expect(b.supervision.host("h1")?.lastSeenMs).toBe(1000);
    b.hostHeartbeat(host({ pid: 11, startedAtMs: 9000, seq: 0 }), 1500);
    b.hostHeartbeat(host({ pid: 11, startedAtMs: 9000, seq: 1 }), 2500);
    expect(events.slice(joined)).toEqual([EventKinds.hostLost]);
    expect(b.supervision.host("h1")?.pid).toBe(11);
    expect(b.recovery.pending()).toEqual({ tick: -1, retryAtMs: Number.NEGATIVE_INFINITY });
  });

  it("refuses a host or participant start more than a day past the coordinator's clock, naming the limit", () => {
    const nowMs = 1_000_000;
    const b = book();
    const ahead = nowMs + MAX_START_AHEAD_MS + 1;
    expect(() => b.hostHeartbeat(host({ startedAtMs: ahead }), nowMs)).toThrow(
      /fleet host h1: startedAtMs \d+ is more than a day \(86400000 ms\) past this coordinator's clock/,
    );
    expect(() => b.participantHeartbeat(participant({ startedAtMs: ahead }), nowMs)).toThrow(/participant scheduler: startedAtMs \d+ is more than a day/);
    expect(b.supervision.hosts()).toEqual([]);
    // Clocks of machines differ: a start within the day is taken.
    b.hostHeartbeat(host({ startedAtMs: ahead - 1 }), nowMs);
    expect(b.supervision.hosts()).toEqual(["h1"]);
  });

  it("names a service late with a tick by its role, never as a fleet host", () => {
    const events: string[] = [];
    const messages: string[] = [];
    const b = book(events, messages);
    b.hostHeartbeat(host(), 0);
    b.participantHeartbeat(participant(), 0);
    b.tickLate(3, ["scheduler", "h1"], 1000, 0);
    expect(events.slice(-2)).toEqual([EventKinds.participantLost, EventKinds.hostLost]);
    expect(messages.slice(-2)).toEqual(["scheduler scheduler late: tick 3 not done within 1000 ms", "fleet host h1 lost: tick 3 not done within 1000 ms"]);
  });
});
