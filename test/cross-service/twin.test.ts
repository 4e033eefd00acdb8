import { afterEach, describe, expect, it } from "vitest";
import { unpack } from "msgpackr";
import {
  EventKinds,
  clockTick,
  clusterTelemetry,
  decodeOnSubject,
  encodeMessage,
  eventData,
  isEventKind,
  fleetTelemetry,
  messageOn,
  orbitwinEvent,
  runStatusReply,
  satelliteTelemetry,
  subjects,
  watchRequest,
  ErrorCodes,
  telemetryColumn,
  type OrbitValues,
  type OrbitwinEvent,
} from "@orbitwin/protocol";
import { LocalBus, ManualWallClock } from "@orbitwin/runtime";
import { awaitMessage, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

let twins: TwinFixture[] = [];
afterEach(async () => {
  for (const t of twins) await t.stop();
  twins = [];
});

async function twin(options: Parameters<typeof startTwinOnBus>[0]): Promise<TwinFixture> {
  const t = await startTwinOnBus(options);
  twins.push(t);
  return t;
}

async function ctl(bus: LocalBus, run: string, verb: "status" | "pause" | "resume" | "step" | "speed" | "stop", body: object = {}) {
  const reply = await bus.request(subjects.control(run, verb), encodeMessage(body), { timeoutMs: 5000 });
  return runStatusReply.decode(reply.data);
}

describe("the twin on the in-process bus", () => {
  it("gives the same final digest with 1 and with 3 fleet hosts", async () => {
    const digests: string[] = [];
    for (const hosts of [1, 3]) {
      const bus = new LocalBus();
      const t = await twin({ bus, run: "det", hosts });
      const result = await t.coordinator.finished();
      expect(result.ticks).toBe(31);
      expect(result.satellites).toBe(49);
      digests.push(result.digest);
    }
    expect(digests[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(digests[1]).toBe(digests[0]);
  });

  it("gives a different digest for a different scenario", async () => {
    const bus = new LocalBus();
    const base = await twin({ bus, run: "a", hosts: 1 });
    const other = await twin({ bus, run: "b", hosts: 1, durationMs: 290_000 });
    expect((await other.coordinator.finished()).digest).not.toBe((await base.coordinator.finished()).digest);
  });

  it("publishes one telemetry batch per cluster per tick with every satellite in it", async () => {
    const bus = new LocalBus();
    const batches: { cluster: string; count: number; altKm: OrbitValues }[] = [];
    bus.subscribe(subjects.allClusterTelemetry("tlm"), (msg) => {
      const t = clusterTelemetry.decode(msg.data);
      if (t.tick === 0) batches.push({ cluster: t.cluster, count: t.count, altKm: telemetryColumn(t, "altKm")! });
    });
    const t = await twin({ bus, run: "tlm", hosts: 2 });
    await t.coordinator.finished();
    expect(batches.map((b) => b.cluster).sort()).toEqual(["sc", "shell-p01", "shell-p02", "shell-p03", "shell-p04"]);
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(49);
    for (const b of batches) for (const alt of b.altKm) expect(alt).toBeGreaterThan(500);
  });

  it("publishes every message as the message its subject carries, and every event's data as its kind's schema has it", async () => {
    const bus = new LocalBus();
    const seen = new Set<string>();
    const problems: string[] = [];
    bus.subscribe(subjects.allOfRun("routes"), (msg) => {
      try {
        const value = decodeOnSubject(msg.subject, msg.data);
        const message = messageOn(msg.subject);
        seen.add(message?.name ?? msg.subject);
        if (message === orbitwinEvent) {
          const e = value as OrbitwinEvent;
          seen.add(e.kind);
          if (!isEventKind(e.kind)) throw new Error(`${e.kind} is no event kind of EventKinds`);
          eventData(e, e.kind);
        }
      } catch (err) {
        problems.push(err instanceof Error ? err.message : String(err));
      }
    });
    const t = await twin({ bus, run: "routes", hosts: 2 });
    await t.coordinator.finished();
    await bus.flush();
    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        "clock-done",
        "clock-tick",
        "cluster-telemetry",
        "event",
        "fleet-telemetry",
        "host-assign",
        "host-heartbeat",
        EventKinds.runStarted,
        EventKinds.runFinished,
        EventKinds.hostJoined,
      ]),
    );
  });

  it("publishes a fleet aggregate every tick", async () => {
    const bus = new LocalBus();
    const ticks: number[] = [];
    bus.subscribe(subjects.fleet("agg"), (msg) => {
      const f = fleetTelemetry.decode(msg.data);
      expect(f.satellites).toBe(49);
      ticks.push(f.tick);
    });
    const t = await twin({ bus, run: "agg", hosts: 2 });
    await t.coordinator.finished();
    await bus.flush();
    expect(ticks).toEqual(Array.from({ length: 31 }, (_, i) => i));
  });

  it("pauses, steps exactly N ticks, and resumes on control requests", async () => {
    const bus = new LocalBus();
    await twin({ bus, run: "ctl", hosts: 2, startPaused: true });
    expect((await ctl(bus, "ctl", "status")).ok).toBe(true);
    const stepped = awaitMessage(bus, subjects.fleet("ctl"), (d) => (fleetTelemetry.decode(d).tick === 4 ? true : undefined), "tick 4");
    const step = await ctl(bus, "ctl", "step", { ticks: 5 });
    expect(step.ok && step.result.state).toBe("running");
    await stepped;
    const paused = await awaitMessage(bus, subjects.fleet("ctl"), () => undefined, "no more ticks", 200).catch(() => "quiet");
    expect(paused).toBe("quiet");
    const status = await ctl(bus, "ctl", "status");
    expect(status.ok && status.result.state).toBe("paused");
    expect(status.ok && status.result.tick).toBe(4);
    const finished = awaitMessage(bus, subjects.event("ctl", EventKinds.runFinished), (d) => orbitwinEvent.decode(d), "run-finished");
    await ctl(bus, "ctl", "resume");
    expect((await finished).data.ticks).toBe(31);
  });

  it("refuses control requests it cannot honour, with a reason, and keeps running", async () => {
    const bus = new LocalBus();
    const t = await twin({ bus, run: "bad", hosts: 1, startPaused: true });
    const wrongType = await ctl(bus, "bad", "speed", { speed: "fast" });
    expect(wrongType.ok).toBe(false);
    expect(!wrongType.ok && wrongType.error.code).toBe(ErrorCodes.invalidMessage);
    expect(!wrongType.ok && wrongType.error.message).toMatch(/\/speed/);
    const garbage = await bus.request(subjects.control("bad", "step"), new Uint8Array([0xc1, 0xff, 0x00]), { timeoutMs: 5000 });
    expect(unpack(garbage.data)).toMatchObject({ ok: false, error: { code: ErrorCodes.malformedMessage } });
    const before = t.coordinator.status();
    expect(before.state).toBe("paused");
    await ctl(bus, "bad", "resume");
    expect((await t.coordinator.finished()).ticks).toBe(31);
  });

  it("ignores malformed and forged clock messages without changing state", async () => {
    const bus = new LocalBus();
    const rejected: string[] = [];
    bus.subscribe(subjects.event("forge", EventKinds.inputRejected), (msg) => rejected.push(orbitwinEvent.decode(msg.data).source));
    const reference = await twin({ bus: new LocalBus(), run: "forge", hosts: 1 });
    const expected = (await reference.coordinator.finished()).digest;
    const t = await twin({ bus, run: "forge", hosts: 1, startPaused: true });
    bus.publish(subjects.clockTick("forge"), new Uint8Array([1, 2, 3]));
    bus.publish(subjects.clockTick("forge"), encodeMessage({ v: 1, tick: -4 }));
    bus.publish(subjects.clockDone("forge", "h1"), encodeMessage({ v: 1, tick: "x" }));
    bus.publish(subjects.hostHeartbeat("forge", "h1"), encodeMessage({ host: "NOT A TOKEN" }));
    bus.publish(subjects.watchSatellites("forge"), encodeMessage({ v: 1, sats: [], leaseMs: 1 }));
    // A well-formed tick from a stale epoch is ignored by the hosts.
    bus.publish(subjects.clockTick("forge"), clockTick.encode({ v: 1, tick: 3, simTimeMs: 0, dtMs: 10_000, epoch: 999, wantDigest: true }));
    await bus.flush();
    await ctl(bus, "forge", "resume");
    expect((await t.coordinator.finished()).digest).toBe(expected);
    expect(rejected.length).toBeGreaterThanOrEqual(5);
  });

  it("publishes one satellite on its own subject while a watch lease is held", async () => {
    const bus = new LocalBus();
    await twin({ bus, run: "sat", hosts: 2, startPaused: true });
    bus.publish(subjects.watchSatellites("sat"), watchRequest.encode({ v: 1, sats: ["shell-p02-s03"], leaseMs: 60_000 }));
    await bus.flush();
    const first = awaitMessage(bus, subjects.satelliteTelemetryAnyCluster("sat", "shell-p02-s03"), (d) => satelliteTelemetry.decode(d), "satellite telemetry");
    await ctl(bus, "sat", "step", { ticks: 1 });
    const t = await first;
    expect(t.cluster).toBe("shell-p02");
    expect(t.altKm).toBeGreaterThan(500);
    expect(Math.hypot(...t.posKm)).toBeGreaterThan(6800);
  });

  it("reassigns a dead host's clusters and finishes with the same digest", async () => {
    const reference = await twin({ bus: new LocalBus(), run: "fail", hosts: 2 });
    const expected = (await reference.coordinator.finished()).digest;
    const clock = new ManualWallClock(Date.UTC(2026, 0, 1));
    const bus = new LocalBus();
    const t = await twin({ bus, run: "fail", hosts: 2, startPaused: true, wallClock: clock });
    const moved = awaitMessage(bus, subjects.event("fail", EventKinds.clustersReassigned), (d) => orbitwinEvent.decode(d), "clusters-reassigned");
    const tick2 = awaitMessage(bus, subjects.fleet("fail"), (d) => (fleetTelemetry.decode(d).tick === 2 ? true : undefined), "tick 2");
    await ctl(bus, "fail", "step", { ticks: 3 });
    await tick2;
    const dead = t.hosts[1]!;
    await dead.stop();
    // The survivor keeps heart-beating; the dead host falls silent past the 3 s timeout.
    for (let i = 0; i < 10; i++) clock.advance(500);
    const event = await moved;
    expect(event.data.moved).toBeGreaterThan(0);
    await ctl(bus, "fail", "resume");
    expect((await t.coordinator.finished()).digest).toBe(expected);
    expect(t.coordinator.status().hosts.map((h) => h.host)).toEqual(["h1"]);
  });
});
