import { describe, expect, it } from "vitest";
import { EventOwners, clusterTelemetry, fleetTelemetry, orbitwinEvent, streams, subjects, type EventKind } from "@orbitwin/protocol";
import { LocalBus, type StreamRecord, type StreamStore } from "@orbitwin/runtime";
import { testBatch } from "@orbitwin/runtime/testing";
import { loadEvents, loadFleet, loadSamples } from "./history-data.js";
import { planDataReplay, planEventsReplay, readRestores } from "./timeline-reader.js";
import type { TimeRef } from "./time-ref.js";

const RUN = "tl";
const EPOCH_MS = Date.UTC(2026, 4, 13);
const DT_MS = 60_000;
const at = (tick: number) => EPOCH_MS + tick * DT_MS;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const atTick = (tick: number): TimeRef => ({ kind: "at", simTimeMs: at(tick) });
/** The source that owns an event kind: readers take an event from its owner only. */
const ownerOf = (kind: string): string => {
  const owner = EventOwners[kind as EventKind][0]!;
  return owner === "fleet" ? "fleet/h1" : owner;
};

/** A run's three history streams on the in-process bus, written as the services write them, one ms of wall time per record. */
class History {
  nowMs = 1_000_000;
  readonly bus = new LocalBus({ now: () => this.nowMs });
  fleetStore!: StreamStore;
  eventStore!: StreamStore;
  sampleStore!: StreamStore;

  static async create(options: { eventsKept?: number } = {}): Promise<History> {
    const h = new History();
    h.eventStore = await h.bus.stream(streams.events(RUN), {
      subjects: [subjects.allEvents(RUN)],
      ...(options.eventsKept ? { maxMessages: options.eventsKept } : {}),
    });
    h.fleetStore = await h.bus.stream(streams.fleet(RUN), { subjects: [subjects.fleet(RUN)] });
    h.sampleStore = await h.bus.stream(streams.samples(RUN), { subjects: [subjects.allClusterTelemetry(RUN)] });
    return h;
  }

  async fleet(...ticks: number[]): Promise<void> {
    for (const tick of ticks) {
      this.nowMs++;
      await this.fleetStore.publish(
        subjects.fleet(RUN),
        fleetTelemetry.encode({
          v: 1,
          run: RUN,
          tick,
          simTimeMs: at(tick),
          dtMs: DT_MS,
          satellites: 2,
          clusters: 1,
          hosts: 1,
          sunlit: 1,
          failed: 0,
          speed: null,
          achievedSpeed: 1,
          tickLagMs: 0,
          stepMsMax: 0,
        }),
      );
    }
  }

  async event(kind: string, tick: number, data: Record<string, unknown> = {}): Promise<void> {
    this.nowMs++;
    await this.eventStore.publish(
      subjects.event(RUN, kind),
      orbitwinEvent.encode({ v: 1, run: RUN, kind, tick, simTimeMs: at(tick), source: ownerOf(kind), severity: "info", message: kind, data }),
    );
  }

  /** The coordinator's `run-restored`: stamped with the checkpoint's tick. */
  restored(tick: number, from: number): Promise<void> {
    return this.event("run-restored", tick, { tick, from, epoch: 2 });
  }

  async sample(tick: number, ...clusters: string[]): Promise<void> {
    for (const cluster of clusters) {
      this.nowMs++;
      await this.sampleStore.publish(
        subjects.clusterTelemetry(RUN, cluster),
        clusterTelemetry.encode(testBatch({ run: RUN, cluster, satIds: [`${cluster}-s1`], tick, simTimeMs: at(tick) })),
      );
    }
  }
}

/** What `watch --since` shows of the replay: the plan applied to the records it covers. */
async function replayed(
  store: StreamStore,
  plan: { fromSeq: number; lastSeq: number; skip: ReadonlySet<number> },
  tickOf: (r: StreamRecord) => string,
): Promise<string[]> {
  const records = await store.read(plan.fromSeq, plan.lastSeq - plan.fromSeq + 1);
  return records.filter((r) => !plan.skip.has(r.seq)).map(tickOf);
}
const fleetTick = (r: StreamRecord) => String(fleetTelemetry.decode(r.data).tick);
const eventName = (r: StreamRecord) => {
  const e = orbitwinEvent.decode(r.data);
  return `${e.kind}@${e.tick}`;
};

/** Ticks 0..50, a host lost at 50, back to the checkpoint of 40, on to 60. */
async function restoredRun(): Promise<History> {
  const h = await History.create();
  await h.event("run-started", 0);
  for (const tick of range(0, 50)) {
    await h.fleet(tick);
    if (tick % 10 === 0) await h.sample(tick, "a", "b");
    if (tick === 38 || tick === 45) await h.event("accelerator-failed", tick, { sat: "a-s1" });
  }
  await h.event("host-lost", 50, { host: "h2" });
  await h.restored(40, 50);
  for (const tick of range(41, 60)) {
    await h.fleet(tick);
    if (tick % 10 === 0) await h.sample(tick, "a", "b");
    if (tick === 45 || tick === 55) await h.event("accelerator-failed", tick, { sat: "a-s1" });
  }
  return h;
}

describe("history reading after a restore", () => {
  it("loads each tick once, as the latest pass left it, in tick order", async () => {
    const h = await restoredRun();
    expect((await loadFleet(h.bus, RUN, {})).records.map((f) => f.tick)).toEqual(range(0, 60));
    expect((await loadFleet(h.bus, RUN, { from: atTick(45), to: atTick(52) })).records.map((f) => f.tick)).toEqual(range(45, 52));
    expect((await loadFleet(h.bus, RUN, { from: { kind: "ago", ms: 3 * DT_MS } })).records.map((f) => f.tick)).toEqual([57, 58, 59, 60]);
    expect((await loadSamples(h.bus, RUN, { from: atTick(30) })).records.map((b) => `${b.cluster}@${b.tick}`)).toEqual([
      "a@30",
      "b@30",
      "a@40",
      "b@40",
      "a@50",
      "b@50",
      "a@60",
      "b@60",
    ]);
  });

  it("keeps the world's events of the pass that stands and the run's own events of both", async () => {
    const h = await restoredRun();
    const events = (await loadEvents(h.bus, RUN, {})).records.map((e) => `${e.kind}@${e.tick}`);
    expect(events).toEqual(["run-started@0", "accelerator-failed@38", "host-lost@50", "run-restored@40", "accelerator-failed@45", "accelerator-failed@55"]);
  });

  it("plans a watch's replay from --since over the timeline, live from the newest record on", async () => {
    const h = await restoredRun();
    const fleetPlan = await planDataReplay(
      h.bus,
      RUN,
      h.fleetStore,
      atTick(38),
      (r) => fleetTelemetry.decode(r.data),
      () => "",
    );
    expect(await replayed(h.fleetStore, fleetPlan, fleetTick)).toEqual(range(38, 60).map(String));
    expect(fleetPlan).toMatchObject({ lastSeq: 71, fromMs: at(38) });
    const eventPlan = await planEventsReplay(h.eventStore, atTick(44));
    expect(await replayed(h.eventStore, eventPlan, eventName)).toEqual(["host-lost@50", "accelerator-failed@45", "accelerator-failed@55"]);
  });

  it("leaves out the ticks past a restore whose replay has not reached a stream yet", async () => {
    const h = await History.create();
    await h.fleet(...range(0, 50));
    await h.sample(50, "a");
    expect(await readRestores(h.bus, RUN, h.fleetStore)).toEqual({ wentBack: false, pendingTick: undefined });
    await h.restored(40, 50);
    expect(await readRestores(h.bus, RUN, h.fleetStore)).toEqual({ wentBack: true, pendingTick: 40 });
    expect((await loadFleet(h.bus, RUN, { from: atTick(35) })).records.map((f) => f.tick)).toEqual(range(35, 40));
    expect((await loadSamples(h.bus, RUN, {})).records).toEqual([]);
    // The replay's first tick is stored: from there the stream shows the restore itself.
    await h.fleet(41);
    expect(await readRestores(h.bus, RUN, h.fleetStore)).toEqual({ wentBack: true, pendingTick: undefined });
    expect((await loadFleet(h.bus, RUN, { from: atTick(38) })).records.map((f) => f.tick)).toEqual([38, 39, 40, 41]);
  });

  it("reads a run that never went back as before: every record, and a window by binary-searchable time", async () => {
    const h = await History.create();
    await h.fleet(...range(0, 20));
    await h.event("thermal-alarm", 0);
    await h.event("input-rejected", 12);
    expect((await loadFleet(h.bus, RUN, { from: atTick(15) })).records.map((f) => f.tick)).toEqual(range(15, 20));
    expect((await loadEvents(h.bus, RUN, { from: atTick(10) })).records.map((e) => e.kind)).toEqual(["input-rejected"]);
    expect(await readRestores(h.bus, RUN, h.fleetStore)).toEqual({ wentBack: false, pendingTick: undefined });
  });

  it("reads the timeline the long way when the events stream no longer holds the run's start", async () => {
    const h = await History.create({ eventsKept: 2 });
    await h.fleet(...range(0, 10));
    for (const tick of [0, 4, 8]) await h.event("thermal-alarm", tick);
    expect(await readRestores(h.bus, RUN, h.fleetStore)).toEqual({ wentBack: true, pendingTick: undefined });
    expect((await loadFleet(h.bus, RUN, { from: atTick(7) })).records.map((f) => f.tick)).toEqual([7, 8, 9, 10]);
  });
});
