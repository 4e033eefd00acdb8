import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unpack } from "msgpackr";
import {
  ErrorCodes,
  EventKinds,
  encodeMessage,
  hostAssign,
  hostHeartbeat,
  orbitwinEvent,
  participantHeartbeat,
  stepRequest,
  subjects,
  type OrbitwinEvent,
} from "@orbitwin/protocol";
import { LocalBus, connectNatsBus, silentLogger, type NatsBus } from "@orbitwin/runtime";
import { awaitMessage, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const RUN = "bad-input";
let bus: NatsBus;
let twin: TwinFixture;
const rejected: OrbitwinEvent[] = [];
let onRejected: (() => void) | undefined;

/** Resolves once `count` input-rejected events have arrived in all. */
function rejectedCount(count: number, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${rejected.length} of ${count} input-rejected events arrived`)), timeoutMs);
    onRejected = () => {
      if (rejected.length < count) return;
      clearTimeout(timer);
      onRejected = undefined;
      resolve();
    };
    onRejected();
  });
}

beforeAll(async () => {
  bus = await connectNatsBus({ url: inject("natsUrl"), name: "bad-input-test", log: silentLogger() });
  bus.subscribe(subjects.event(RUN, EventKinds.inputRejected), (m) => {
    rejected.push(orbitwinEvent.decode(m.data));
    onRejected?.();
  });
  twin = await startTwinOnBus({ bus, run: RUN, hosts: 2, startPaused: true });
  await bus.flush();
});

afterAll(async () => {
  await twin.stop();
  await bus.drain();
});

async function ask(subject: string, data: Uint8Array): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  const reply = await bus.request(subject, data, { timeoutMs: 5000 });
  return unpack(reply.data) as { ok: boolean; error?: { code: string; message: string } };
}

const malformed = new Uint8Array([0xc1, 0xc1, 0xc1]);
const oversized = encodeMessage({ padding: new Uint8Array(200 * 1024) });

describe("bad input over real NATS", () => {
  it.each(["status", "pause", "resume", "speed", "step", "stop"] as const)(
    "answers malformed, oversized and mistyped ctl.%s requests with errors",
    async (verb) => {
      expect(await ask(subjects.control(RUN, verb), malformed)).toMatchObject({ ok: false, error: { code: ErrorCodes.malformedMessage } });
      expect(await ask(subjects.control(RUN, verb), oversized)).toMatchObject({ ok: false, error: { code: ErrorCodes.messageTooLarge } });
      expect(await ask(subjects.control(RUN, verb), encodeMessage({ speed: "warp", ticks: -1, extra: 1 }))).toMatchObject({
        ok: false,
        error: { code: ErrorCodes.invalidMessage },
      });
    },
  );

  it("answers a fleet host's assignment endpoint with errors for bad and unknown input", async () => {
    const subject = subjects.hostAssign(RUN, "h1");
    expect(await ask(subject, malformed)).toMatchObject({ ok: false, error: { code: ErrorCodes.malformedMessage } });
    expect(await ask(subject, encodeMessage({ v: 1, run: RUN }))).toMatchObject({ ok: false, error: { code: ErrorCodes.invalidMessage } });
    const unknown = hostAssign.encode({ v: 1, run: RUN, epoch: 1_000_000, tick: 0, simTimeMs: 0, clusters: ["no-such-cluster"] });
    expect(await ask(subject, unknown)).toMatchObject({ ok: false, error: { code: ErrorCodes.unknownCluster } });
    const stale = hostAssign.encode({ v: 1, run: RUN, epoch: 0, tick: 0, simTimeMs: 0, clusters: [] });
    expect(await ask(subject, stale)).toMatchObject({ ok: false, error: { code: ErrorCodes.staleAssignment } });
    expect(twin.hosts[0]!.clusterIds.length).toBeGreaterThan(0);
  });

  it("reports malformed pub-sub messages to every service as input-rejected events", async () => {
    const before = rejected.length;
    bus.publish(subjects.clockTick(RUN), malformed);
    bus.publish(subjects.clockDone(RUN, "h1"), encodeMessage({ v: 1, tick: "soon" }));
    bus.publish(subjects.hostHeartbeat(RUN, "h1"), encodeMessage({ v: 1, host: "Bad Host!" }));
    bus.publish(subjects.watchSatellites(RUN), oversized);
    await bus.flush();
    // 2 hosts see the tick and the watch, the coordinator the done and the heartbeat.
    await rejectedCount(before + 6);
    const sources = new Set(rejected.slice(before).map((e) => e.source));
    expect(sources).toEqual(new Set(["coordinator", "fleet/h1", "fleet/h2"]));
  });

  it("refuses forged participant heartbeats: an id the run does not take, a role not its id; one heartbeat mid-run takes no one in", async () => {
    const before = rejected.length;
    const forged = (participant: string, role: string, seq = 0) =>
      bus.publish(subjects.clockParticipant(RUN, participant), participantHeartbeat.encode({ v: 1, participant, role, seq, startedAtMs: 1 }));
    forged("intruder", "intruder");
    forged("thermal", "scheduler");
    await rejectedCount(before + 2);
    const refusals = rejected.slice(before);
    expect(refusals.map((e) => [e.source, e.data.subject, e.data.code])).toEqual([
      ["coordinator", subjects.allClockParticipants(RUN), ErrorCodes.invalidMessage],
      ["coordinator", subjects.allClockParticipants(RUN), ErrorCodes.invalidMessage],
    ]);
    expect(refusals.map((e) => e.message)).toEqual([
      expect.stringMatching(/intruder: this run takes only thermal, scheduler/),
      expect.stringMatching(/role scheduler/),
    ]);

    // Once a tick has run, a join costs a rewind: one forged heartbeat of a kind the run takes is not a join.
    const tickDone = awaitMessage(bus, subjects.fleet(RUN), (d) => d, "tick 0");
    expect((await ask(subjects.control(RUN, "step"), stepRequest.encode({ ticks: 1 }))).ok).toBe(true);
    await tickDone;
    const joined: string[] = [];
    const joins = bus.subscribe(subjects.event(RUN, EventKinds.participantJoined), (m) => joined.push(orbitwinEvent.decode(m.data).message));
    forged("debris-watch", "debris-watch", 5);
    forged("debris-watch", "debris-watch", 5);
    // The coordinator answers after the heartbeats before it on this connection, and its events come before its answer.
    expect((await ask(subjects.control(RUN, "status"), encodeMessage({}))).ok).toBe(true);
    joins.unsubscribe();
    expect(joined).toEqual([]);
  });

  it("lets forged host heartbeats mid-run take no clusters, rewind nothing and lock no host out", async () => {
    const before = rejected.length;
    const changes: string[] = [];
    const watched = [EventKinds.hostJoined, EventKinds.hostLost, EventKinds.clustersReassigned, EventKinds.runRestored];
    const subs = watched.map((kind) => bus.subscribe(subjects.event(RUN, kind), (m) => changes.push(orbitwinEvent.decode(m.data).message)));
    const forge = (host: string, startedAtMs: number) =>
      bus.publish(
        subjects.hostHeartbeat(RUN, host),
        hostHeartbeat.encode({ v: 1, host, seq: 9, pid: 66, hostname: "x", startedAtMs, clusters: ["w-c000"], epoch: 1 }),
      );
    forge("forged", Date.now());
    forge("h1", Date.now() + 3_600_000);
    forge("h2", Date.now() + 2 * 86_400_000);
    await rejectedCount(before + 1);
    expect(rejected.slice(before).map((e) => e.message)).toEqual([expect.stringMatching(/fleet host h2: startedAtMs \d+ is more than a day/)]);
    expect((await ask(subjects.control(RUN, "status"), encodeMessage({}))).ok).toBe(true);
    subs.forEach((sub) => sub.unsubscribe());
    expect(changes).toEqual([]);
  });

  it("finishes with the same digest as an undisturbed run", async () => {
    const reference = await startTwinOnBus({ bus: new LocalBus(), run: RUN, hosts: 1 });
    const expected = (await reference.coordinator.finished()).digest;
    await reference.stop();
    expect((await ask(subjects.control(RUN, "resume"), encodeMessage({}))).ok).toBe(true);
    expect((await twin.coordinator.finished()).digest).toBe(expected);
  });
});
