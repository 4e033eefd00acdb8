/**
 * Operators' commands as a durable log, on the in-process bus: each command is applied once
 * however often it is sent, a coordinator that resumes from a checkpoint applies the commands
 * recorded after it at the same ticks, and `snapshot` / `restore TICK` work on demand.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Coordinator, expandScenario } from "@orbitwin/coordinator";
import {
  EventKinds,
  buckets,
  decodeUntrusted,
  encodeMessage,
  faultListReply,
  faultReply,
  operation,
  operationResult,
  orbitwinEvent,
  parseScenario,
  streams,
  subjects,
  type OperationResult,
} from "@orbitwin/protocol";
import { CheckpointStore, LocalBus, silentLogger } from "@orbitwin/runtime";
import { awaitMessage, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";
import { tickReached } from "./recovery-cases.js";

const yaml = (everyTicks = 5) => `
name: ops
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 30m
seed: 5
clusterSize: 6
checkpoint: { everyTicks: ${everyTicks}, keep: 3 }
bus: { preset: starlink-v2-mini-gpu }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

const radiatorDamage = { sats: ["w-p01-s02", "w-p02-s04"], fraction: 0.6, delayS: 120 };

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function twin(bus: LocalBus, run: string, everyTicks?: number): Promise<TwinFixture> {
  const t = await startTwinOnBus({ bus, run, hosts: 2, yaml: yaml(everyTicks), startPaused: true });
  cleanups.push(() => t.stop());
  return t;
}

async function ctl(bus: LocalBus, run: string, verb: "pause" | "resume" | "step" | "snapshot" | "restore", body: object = {}) {
  return decodeUntrusted((await bus.request(subjects.control(run, verb), encodeMessage(body), { timeoutMs: 10_000 })).data, verb) as {
    ok: boolean;
    result?: Record<string, unknown>;
    error?: { code: string; message: string };
  };
}

async function step(bus: LocalBus, run: string, ticks: number, toTick: number): Promise<void> {
  const reached = tickReached(bus, run, toTick);
  expect((await ctl(bus, run, "step", { ticks })).ok).toBe(true);
  await reached;
}

async function inject(bus: LocalBus, run: string) {
  const reply = await bus.request(subjects.inject(run, "radiator-damage"), encodeMessage(radiatorDamage), { timeoutMs: 10_000 });
  return faultReply.decode(reply.data);
}

async function faults(bus: LocalBus, run: string) {
  const reply = faultListReply.decode((await bus.request(subjects.serviceEndpoint(run, "faults", "list"), encodeMessage({}), { timeoutMs: 10_000 })).data);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result.faults;
}

async function runToEnd(bus: LocalBus, run: string, t: TwinFixture): Promise<string> {
  expect((await ctl(bus, run, "resume")).ok).toBe(true);
  return (await t.coordinator.finished()).digest;
}

async function recorded(bus: LocalBus, run: string, id: string): Promise<OperationResult> {
  const entry = await (await bus.kv(buckets.operationResults(run))).get(id);
  expect(entry, `a result for command ${id}`).toBeDefined();
  return operationResult.decode(entry!.value);
}

describe("operators' commands as a durable log", { timeout: 60_000 }, () => {
  it("applies a command once, whether its retry is deduplicated by the stream or stored again later", async () => {
    const bus = new LocalBus();
    await twin(bus, "once");
    const log = await bus.openStream(streams.operations("once"));
    const command = operation.encode({ v: 1, id: "retried-inject-1", fault: "radiator-damage", request: radiatorDamage });
    const subject = subjects.operation("once", "inject");
    const first = await log.publish(subject, command, "retried-inject-1");
    expect(await log.publish(subject, command, "retried-inject-1")).toBe(first);
    // A retry after the stream's duplicate window: stored again, recognised by its command id.
    const late = await log.publish(subject, command);
    expect(late).toBe(first + 1);
    // Commands are applied in log order: once this one is answered, both copies have been seen.
    expect((await ctl(bus, "once", "pause")).ok).toBe(true);
    expect((await faults(bus, "once")).map((f) => f.kind)).toEqual(["radiator-damage"]);
    expect(await recorded(bus, "once", "retried-inject-1")).toMatchObject({ ok: true, seq: first, verb: "inject" });
  });

  it("resumes with the commands recorded after the checkpoint applied at the same ticks, and ends with the digest of the uninterrupted run", async () => {
    const reference = new LocalBus();
    const ref = await twin(reference, "ops-ref");
    await step(reference, "ops-ref", 7, 6);
    const refFault = await inject(reference, "ops-ref");
    expect(refFault.ok).toBe(true);
    const expected = await runToEnd(reference, "ops-ref", ref);

    const unfaulted = new LocalBus();
    const plain = await twin(unfaulted, "ops-plain");
    expect(await runToEnd(unfaulted, "ops-plain", plain), "the fault changes the run").not.toBe(expected);

    const bus = new LocalBus();
    const t = await twin(bus, "ops-takeover");
    await step(bus, "ops-takeover", 7, 6);
    const fault = await inject(bus, "ops-takeover");
    expect(fault.ok && fault.result.startsAtTick).toBe(refFault.ok && refFault.result.startsAtTick);
    expect((await CheckpointStore.open(bus, "ops-takeover").then((s) => s.completeTicks())).at(-1)).toBe(5);
    // The coordinator goes; another resumes the run from checkpoint 5, before the injection.
    await t.coordinator.stop();
    const scenario = parseScenario(yaml(), "ops");
    const successor = new Coordinator({
      bus,
      run: "ops-takeover",
      scenario,
      clusters: expandScenario(scenario, { run: "ops-takeover", source: "ops", readElementFile: () => "" }),
      log: silentLogger(),
      minHosts: 2,
      speed: null,
      resume: true,
    });
    cleanups.push(() => successor.stop());
    const restoredEvent = awaitMessage(bus, subjects.event("ops-takeover", EventKinds.runRestored), (d) => orbitwinEvent.decode(d), "run-restored");
    await successor.start();
    expect((await restoredEvent).data.tick).toBe(5);
    const listed = await faults(bus, "ops-takeover");
    expect(listed.map((f) => [f.id, f.startsAtTick])).toEqual([[fault.ok ? fault.result.id : "", fault.ok ? fault.result.startsAtTick : -1]]);
    expect(await runToEnd(bus, "ops-takeover", { ...t, coordinator: successor }), "the resumed run with the replayed fault").toBe(expected);
  });

  it("goes back to a chosen checkpoint, drops the later ones, and ends with the same digest", async () => {
    const reference = new LocalBus();
    const ref = await twin(reference, "restore-ref");
    const expected = await runToEnd(reference, "restore-ref", ref);

    const bus = new LocalBus();
    const t = await twin(bus, "restore");
    await step(bus, "restore", 23, 22);
    const store = await CheckpointStore.open(bus, "restore");
    expect(await store.completeTicks()).toEqual([10, 15, 20]);
    const missing = await ctl(bus, "restore", "restore", { tick: 7 });
    expect(missing.ok).toBe(false);
    expect(missing.error?.message).toMatch(/no complete checkpoint at tick 7: there are 10, 15, 20/);
    const restoredEvent = awaitMessage(bus, subjects.event("restore", EventKinds.runRestored), (d) => orbitwinEvent.decode(d), "run-restored");
    const reply = await ctl(bus, "restore", "restore", { tick: 10 });
    expect(reply).toMatchObject({ ok: true, result: { tick: 10, from: 22 } });
    // A paused run goes back when it next moves.
    await step(bus, "restore", 1, 11);
    expect((await restoredEvent).data).toMatchObject({ tick: 10, from: 22 });
    expect(await store.completeTicks()).toEqual([10]);
    expect(await runToEnd(bus, "restore", t)).toBe(expected);
  });

  it("takes a checkpoint on demand between the scheduled ones", async () => {
    const bus = new LocalBus();
    await twin(bus, "snap", 1000);
    await step(bus, "snap", 4, 3);
    const reply = await ctl(bus, "snap", "snapshot");
    expect(reply).toMatchObject({ ok: true, result: { tick: 4, state: "scheduled" } });
    const taken = awaitMessage(bus, subjects.event("snap", EventKinds.checkpointTaken), (d) => orbitwinEvent.decode(d).data.tick, "checkpoint-taken");
    await step(bus, "snap", 2, 5);
    expect(await taken).toBe(4);
    expect(await (await CheckpointStore.open(bus, "snap")).completeTicks()).toEqual([0, 4]);
  });

  it("reports a malformed command in the log and goes on applying the next ones", async () => {
    const bus = new LocalBus();
    await twin(bus, "bad-ops");
    const rejected: string[] = [];
    bus.subscribe(subjects.event("bad-ops", EventKinds.inputRejected), (m) => rejected.push(orbitwinEvent.decode(m.data).message));
    const log = await bus.openStream(streams.operations("bad-ops"));
    await log.publish(subjects.operation("bad-ops", "warp"), operation.encode({ v: 1, id: "warp-command-1", request: {} }));
    await log.publish(subjects.operation("bad-ops", "step"), new Uint8Array([0xc1, 0x00]));
    await log.publish(subjects.operation("bad-ops", "step"), operation.encode({ v: 1, id: "bad-step-0001", request: { ticks: -3 } }));
    expect((await ctl(bus, "bad-ops", "pause")).ok).toBe(true);
    expect(rejected.join("\n")).toMatch(/unknown operation "warp"/);
    expect(rejected).toHaveLength(2);
    const badStep = await recorded(bus, "bad-ops", "bad-step-0001");
    expect(badStep.ok).toBe(false);
    expect(badStep.error?.message).toMatch(/step request.*ticks/s);
  });
});
