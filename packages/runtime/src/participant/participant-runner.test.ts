import { afterEach, describe, expect, it } from "vitest";
import { EventKinds, clusterTelemetry, participantHeartbeat, subjects, type ClockTick } from "@orbitwin/protocol";
import { LocalBus } from "../bus/local-bus.js";
import { CheckpointStore } from "../checkpoint-store.js";
import { silentLogger } from "../log.js";
import { ManualWallClock } from "../wall-clock.js";
import { ClockDriver, testBatch, testClusterDefinition } from "./clock-driver.js";
import type { ParticipantLogic } from "./participant-logic.js";
import { ParticipantRunner } from "./participant-runner.js";

const RUN = "runner";
const defs = [testClusterDefinition(RUN, "c2", 2), testClusterDefinition(RUN, "c1", 3)];
const batchOf = (cluster: "c1" | "c2", tick: number) => testBatch({ run: RUN, cluster, satIds: defs.find((d) => d.cluster === cluster)!.satIds, tick });

interface Counted {
  /** "<tick>:<cluster>" for every batch taken in */
  batches: string[];
  decided: number[];
  accepted: number;
}

/** A gate a test opens by hand: decide waits on it. */
class Gate {
  #open!: () => void;
  promise = new Promise<void>((resolve) => (this.#open = resolve));
  open(): void {
    this.#open();
  }
}

function countingLogic(options: { gate?: Gate; failOn?: number } = {}): ParticipantLogic<Counted, Counted> {
  return {
    initial: () => ({ batches: [], decided: [], accepted: 0 }),
    onBatch: (s, b) => {
      if (b.status.length > 0 && b.status[0] === 9) throw new RangeError("status: 9 is no SatStatus");
      s.batches.push(`${b.tick}:${b.cluster}`);
      return [{ kind: EventKinds.participantJoined, severity: "info", message: `batch of ${b.cluster}`, data: { participant: "counter", role: b.cluster } }];
    },
    decide: async (s, tick, { definitions }) => {
      if (options.gate) await options.gate.promise;
      if (tick.tick === options.failOn) throw new Error(`cannot decide tick ${tick.tick}`);
      s.decided.push(tick.tick);
      const commands = new Map([...definitions.values()].map((d) => [d.cluster, [{ sat: d.satIds[0]!, load: 0.5 }]]));
      return {
        commands,
        events: [{ kind: EventKinds.checkpointTaken, severity: "info", message: `decided ${tick.tick}`, data: { tick: tick.tick, participants: 1 } }],
      };
    },
    snapshot: (s) => structuredClone(s),
    restore: (snap) => structuredClone(snap),
    failureEvent: (err) => ({
      kind: EventKinds.thermalAlarm,
      severity: "critical",
      message: err instanceof Error ? err.message : String(err),
      data: { alarm: "control-failure" },
    }),
    commandsAccepted: (s, _cluster, count) => {
      s.accepted += count;
    },
  };
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setUp(options: { logic?: ParticipantLogic<Counted, Counted>; define?: boolean; drainTimeoutMs?: number } = {}) {
  const bus = new LocalBus();
  const clock = new ManualWallClock(1_000);
  const driver = new ClockDriver(bus, RUN);
  driver.host(["c1", "c2"]);
  if (options.define !== false) await driver.define(defs);
  const runner = new ParticipantRunner({
    bus,
    run: RUN,
    participant: "counter",
    role: "counter",
    logic: options.logic ?? countingLogic(),
    log: silentLogger(),
    wallClock: clock,
    ...(options.drainTimeoutMs ? { drainTimeoutMs: options.drainTimeoutMs } : {}),
  });
  cleanups.push(async () => {
    await runner.stop();
    driver.close();
    await bus.drain();
  });
  return { bus, clock, driver, runner };
}

/** Lets every delivery and the promise chains they start run out (no wall time involved). */
async function settle(bus: LocalBus): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await bus.flush();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs tick `n` to its done: the tick, then both clusters' batches. */
async function runTick(driver: ClockDriver, bus: LocalBus, n: number, extra: Partial<ClockTick> = {}): Promise<void> {
  driver.tick(n, extra);
  driver.batch(batchOf("c2", n));
  driver.batch(batchOf("c1", n));
  await settle(bus);
}

describe("ParticipantRunner", () => {
  it("goes created -> running -> stopped, heartbeating on clock.participant only while running", async () => {
    const { bus, clock, runner } = await setUp();
    const beats: string[] = [];
    bus.subscribe(subjects.allClockParticipants(RUN), (m) => beats.push(participantHeartbeat.decode(m.data).role));
    expect(runner.state).toBe("created");
    await runner.start();
    expect(runner.state).toBe("running");
    clock.advance(2000);
    await settle(bus);
    expect(beats).toEqual(["counter", "counter", "counter"]);
    await runner.stop();
    expect(runner.state).toBe("stopped");
    clock.advance(5000);
    await settle(bus);
    expect(beats).toHaveLength(3);
  });

  it("decides a tick once every defined cluster's batch of it is in: events, then commands, then done", async () => {
    const { bus, driver, runner } = await setUp();
    await runner.start();
    driver.tick(0);
    driver.batch(batchOf("c2", 0));
    await settle(bus);
    expect(driver.dones).toEqual([]);
    driver.batch(batchOf("c1", 0));
    await settle(bus);
    expect(runner.current.decided).toEqual([0]);
    expect(driver.log.filter((l) => !l.startsWith(`event:${EventKinds.participantJoined}`))).toEqual([
      `event:${EventKinds.checkpointTaken}`,
      "command:c1",
      "command:c2",
      "done:0",
    ]);
    expect(driver.dones[0]).toMatchObject({ tick: 0, host: "counter", epoch: 1, clusters: 0, satellites: 0, digests: [], subsystems: null });
    expect(driver.commands.map((c) => [c.tick, c.source])).toEqual([
      [0, "counter"],
      [0, "counter"],
    ]);
    expect(runner.current.accepted).toBe(2);
    expect(driver.events.find((e) => e.kind === EventKinds.checkpointTaken)).toMatchObject({ tick: 0, source: "counter", simTimeMs: Date.UTC(2026, 0, 1) });
  });

  it("holds batches that come before their tick or before the definitions, and takes them in cluster order", async () => {
    const { bus, driver, runner } = await setUp({ define: false });
    await runner.start();
    driver.batch(batchOf("c2", 0));
    driver.batch(batchOf("c1", 0));
    driver.tick(0);
    await settle(bus);
    // No definitions yet: nothing is decided, whatever arrived.
    expect(runner.current.batches).toEqual([]);
    await driver.define(defs);
    driver.batch(batchOf("c2", 1));
    await settle(bus);
    expect(runner.current.batches).toEqual(["0:c1", "0:c2"]);
    expect(driver.dones.map((d) => d.tick)).toEqual([0]);
    // Tick 1's batch of c2 came before tick 1: held until it is announced.
    driver.batch(batchOf("c1", 1));
    await settle(bus);
    expect(runner.current.batches).toEqual(["0:c1", "0:c2"]);
    driver.tick(1);
    await settle(bus);
    expect(runner.current.batches).toEqual(["0:c1", "0:c2", "1:c1", "1:c2"]);
    expect(driver.dones.map((d) => d.tick)).toEqual([0, 1]);
  });

  it("acts on a duplicate tick once, ignores an older one that arrives late, and reports a rerun of a decided tick done without deciding it again", async () => {
    const { bus, driver, runner } = await setUp();
    await runner.start();
    await runTick(driver, bus, 0);
    await runTick(driver, bus, 1);
    driver.tick(1);
    driver.tick(0);
    await settle(bus);
    expect(driver.dones.map((d) => d.tick)).toEqual([0, 1]);
    // The same tick under a newer epoch (a host was lost and nothing moved): done again, not decided again.
    driver.tick(1, { epoch: 2 });
    driver.batch(batchOf("c1", 1));
    await settle(bus);
    expect(driver.dones.map((d) => [d.tick, d.epoch])).toEqual([
      [0, 1],
      [1, 1],
      [1, 2],
    ]);
    expect(runner.current.decided).toEqual([0, 1]);
    expect(runner.current.batches).toEqual(["0:c1", "0:c2", "1:c1", "1:c2"]);
    expect(driver.commands).toHaveLength(4);
  });

  it("rejects a batch of an unknown cluster, of the wrong count or ids or that its logic refuses, with an input-rejected event, and waits for a good one", async () => {
    const { bus, driver, runner } = await setUp();
    await runner.start();
    driver.tick(0);
    await settle(bus);
    driver.batch(testBatch({ run: RUN, cluster: "zz", satIds: ["zz-s1"], tick: 0 }));
    driver.batch(testBatch({ run: RUN, cluster: "c1", satIds: ["c1-s1"], tick: 0 }));
    driver.batch({ ...batchOf("c2", 0), status: Uint8Array.from([9, 0]) });
    bus.publish(subjects.clusterTelemetry(RUN, "c1"), new Uint8Array([0xc1]));
    // Layout 1 still carries ids: they must be the definition's, in its order.
    const c1Ids = defs.find((d) => d.cluster === "c1")!.satIds;
    driver.batch({ ...batchOf("c1", 0), v: 1, satIds: [...c1Ids].reverse() });
    driver.batch({ ...batchOf("c1", 0), v: 1, satIds: c1Ids });
    await settle(bus);
    const reasons = driver.events.filter((e) => e.kind === EventKinds.inputRejected).map((e) => e.message);
    expect(reasons).toEqual([
      "rejected a telemetry batch of zz: no cluster zz in run runner",
      "rejected a telemetry batch of c1: count: cluster c1 has 3 satellites, the batch says 1",
      "rejected a telemetry batch of c2: status: 9 is no SatStatus",
      expect.stringMatching(/^rejected a message on ot\.runner\.tlm\.c1: /),
      "rejected a telemetry batch of c1: satIds: the batch's ids of cluster c1 are not its definition's, in its order",
    ]);
    expect(driver.dones).toEqual([]);
    driver.batch(batchOf("c2", 0));
    await settle(bus);
    expect(driver.dones.map((d) => d.tick)).toEqual([0]);
  });

  it("stamps an event raised outside a decision with the last decided tick and that tick's time; one raised before any tick waits for it", async () => {
    const { bus, driver, runner } = await setUp();
    await runner.start();
    const garbage = () => bus.publish(subjects.clusterTelemetry(RUN, "c1"), new Uint8Array([0xc1]));
    const rejected = () => driver.events.filter((e) => e.kind === EventKinds.inputRejected).map((e) => [e.tick, e.simTimeMs]);
    garbage();
    await settle(bus);
    expect(rejected()).toEqual([]);
    await runTick(driver, bus, 0);
    expect(rejected()).toEqual([[0, Date.UTC(2026, 0, 1)]]);
    await runTick(driver, bus, 1);
    await runTick(driver, bus, 2);
    garbage();
    await settle(bus);
    expect(rejected().at(-1)).toEqual([2, Date.UTC(2026, 0, 1) + 2 * 60_000]);
    expect(driver.events.every((e) => e.simTimeMs === Date.UTC(2026, 0, 1) + e.tick * 60_000)).toBe(true);
  });

  it("saves its state on a checkpoint tick, confirms it in the done, and goes back to it (or to the start) on clock.restore", async () => {
    const { bus, driver, runner } = await setUp();
    await runner.start();
    await runTick(driver, bus, 0);
    await runTick(driver, bus, 1, { checkpoint: 1 });
    await runTick(driver, bus, 2);
    expect(driver.dones.map((d) => d.checkpointed)).toEqual([undefined, 1, undefined]);
    const id = driver.restore(1, 2);
    await settle(bus);
    expect(driver.restored).toEqual([{ v: 1, participant: "counter", restoreId: id, ok: true }]);
    expect(runner.current.decided).toEqual([0, 1]);
    expect(runner.decidedTick).toBe(1);
    // Tick 2 again under the restore's epoch: decided anew, from the checkpoint.
    await runTick(driver, bus, 2, { epoch: 2 });
    expect(runner.current.decided).toEqual([0, 1, 2]);
    driver.restore(-1, 3);
    await settle(bus);
    expect(runner.current).toEqual({ batches: [], decided: [], accepted: 0 });
    await runTick(driver, bus, 0, { epoch: 3 });
    expect(runner.current.decided).toEqual([0]);
    expect(driver.dones.at(-1)).toMatchObject({ tick: 0, epoch: 3 });
    driver.restore(7, 4);
    await settle(bus);
    expect(driver.restored.at(-1)).toMatchObject({ ok: false, error: "checkpoint 7 has no state for counter" });
  });

  it("goes back to its state at start on a restore to a checkpoint taken before it joined the run", async () => {
    const { bus, driver, runner } = await setUp();
    await runner.start();
    await runTick(driver, bus, 0);
    await runTick(driver, bus, 1);
    // Checkpoint 1 of the run, complete without this participant: it joined later.
    const store = await CheckpointStore.open(bus, RUN);
    await store.markComplete({ tick: 1, epoch: 1, participants: ["h1"], savedAtMs: 0 });
    const id = driver.restore(1, 2);
    await settle(bus);
    expect(driver.restored).toEqual([{ v: 1, participant: "counter", restoreId: id, ok: true }]);
    expect(runner.current).toEqual({ batches: [], decided: [], accepted: 0 });
    expect(runner.decidedTick).toBe(1);
    await runTick(driver, bus, 2, { epoch: 2 });
    expect(runner.current.decided).toEqual([2]);
  });

  it("restores only after the decision in flight has ended, and drops what that decision's timeline held", async () => {
    const gate = new Gate();
    const { bus, driver, runner } = await setUp({ logic: countingLogic({ gate }) });
    await runner.start();
    await runTick(driver, bus, 0, { checkpoint: 0 });
    expect(driver.dones).toEqual([]);
    driver.restore(-1, 2);
    driver.batch(batchOf("c1", 1));
    await settle(bus);
    expect(driver.restored).toEqual([]);
    gate.open();
    await settle(bus);
    expect(driver.log.filter((l) => l.startsWith("done") || l.startsWith("command"))).toEqual(["command:c1", "command:c2", "done:0"]);
    expect(driver.restored.map((r) => r.ok)).toEqual([true]);
    expect(runner.current.batches).toEqual([]);
    expect(runner.decidedTick).toBe(-1);
  });

  it("drains: a stop during a decision waits for it to send its commands and report done, then releases", async () => {
    const gate = new Gate();
    const { bus, clock, driver, runner } = await setUp({ logic: countingLogic({ gate }) });
    await runner.start();
    await runTick(driver, bus, 0);
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await settle(bus);
    expect(runner.state).toBe("draining");
    expect(stopped).toBe(false);
    // Draining: a new tick is not taken up.
    driver.tick(1);
    gate.open();
    await stopping;
    await settle(bus);
    expect(runner.state).toBe("stopped");
    expect(driver.dones.map((d) => d.tick)).toEqual([0]);
    expect(driver.commands).toHaveLength(2);
    const beats = driver.events.length;
    clock.advance(3000);
    await settle(bus);
    expect(driver.events).toHaveLength(beats);
  });

  it("stops without a decision that outlives the drain deadline", async () => {
    const { bus, clock, driver, runner } = await setUp({ logic: countingLogic({ gate: new Gate() }), drainTimeoutMs: 2000 });
    await runner.start();
    await runTick(driver, bus, 0);
    const stopping = runner.stop();
    await settle(bus);
    expect(runner.state).toBe("draining");
    clock.advance(2000);
    await stopping;
    expect(runner.state).toBe("stopped");
    expect(driver.dones).toEqual([]);
  });

  it("keeps running when a decision fails: the logic's failure event is raised and the tick is left undone", async () => {
    const { bus, driver, runner } = await setUp({ logic: countingLogic({ failOn: 1 }) });
    await runner.start();
    await runTick(driver, bus, 0);
    await runTick(driver, bus, 1);
    expect(driver.dones.map((d) => d.tick)).toEqual([0]);
    expect(driver.events.find((e) => e.kind === EventKinds.thermalAlarm)).toMatchObject({ severity: "critical", message: "cannot decide tick 1", tick: 1 });
    expect(runner.state).toBe("running");
    await runTick(driver, bus, 2);
    expect(driver.dones.map((d) => d.tick)).toEqual([0, 2]);
  });

  it("leaves nothing running when stopped while it starts", async () => {
    const { bus, clock, runner } = await setUp();
    const beats: number[] = [];
    bus.subscribe(subjects.allClockParticipants(RUN), (m) => beats.push(participantHeartbeat.decode(m.data).seq));
    const starting = runner.start();
    const stopping = runner.stop();
    await Promise.all([starting, stopping]);
    expect(runner.state).toBe("stopped");
    await settle(bus);
    const before = beats.length;
    clock.advance(5000);
    bus.publish(subjects.clusterTelemetry(RUN, "c1"), clusterTelemetry.encode(batchOf("c1", 0)));
    await settle(bus);
    expect(beats).toHaveLength(before);
    expect(runner.current.batches).toEqual([]);
  });
});
