/**
 * The history of a run that went back, on real NATS: after `ctl restore`, history, export,
 * report and `watch --since` read the timeline as it stands, each tick once, as the latest pass
 * over it left it (packages/cli/src/history/timeline.ts).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { decodeUntrusted, encodeMessage, fleetTelemetry, streams, subjects, type ControlVerb } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, type NatsBus } from "@orbitwin/runtime";
import { loadEvents, loadFleet } from "../../packages/cli/src/history/history-data.js";
import { planDataReplay } from "../../packages/cli/src/history/timeline-reader.js";
import { restored, tickReached } from "./recovery-cases.js";
import { startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const RUN = `hist-restore-${process.pid}`;
const EPOCH_MS = Date.UTC(2026, 2, 20);
const DT_MS = 60_000;
const at = (tick: number) => EPOCH_MS + tick * DT_MS;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const yaml = `
name: hist-restore
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 30m
seed: 5
clusterSize: 6
checkpoint: { everyTicks: 5, keep: 3 }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

let bus: NatsBus;
let twin: TwinFixture;

async function ctl(verb: ControlVerb, body: object = {}): Promise<{ ok: boolean }> {
  return decodeUntrusted((await bus.request(subjects.control(RUN, verb), encodeMessage(body), { timeoutMs: 10_000 })).data, verb) as { ok: boolean };
}

async function step(ticks: number, toTick: number): Promise<void> {
  const reached = tickReached(bus, RUN, toTick);
  expect((await ctl("step", { ticks })).ok).toBe(true);
  await reached;
}

/** The fleet history's ticks once the stream holds tick `tick` (stored a moment after it is published). */
async function fleetTicksThrough(tick: number, window: Parameters<typeof loadFleet>[2] = {}): Promise<number[]> {
  await expect.poll(async () => (await loadFleet(bus, RUN, {})).records.at(-1)?.tick, { timeout: 10_000 }).toBe(tick);
  return (await loadFleet(bus, RUN, window)).records.map((f) => f.tick);
}

beforeAll(async () => {
  bus = await connectNatsBus({ url: inject("natsUrl"), name: "history-restore-int", log: silentLogger() });
  twin = await startTwinOnBus({ bus, run: RUN, hosts: 2, yaml, startPaused: true });
  // Ticks 0..22, then back to the checkpoint of tick 10, and on to 15.
  await step(23, 22);
  const wentBack = restored(bus, RUN);
  const reply = await ctl("restore", { tick: 10 });
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  await step(5, 15);
  expect((await wentBack).data).toMatchObject({ tick: 10, from: 22 });
});

afterAll(async () => {
  await twin?.stop();
  await bus?.drain();
});

describe("the history of a run that went back, on NATS", () => {
  it("holds each tick once, the ticks after the restore point from the replay", async () => {
    expect(await fleetTicksThrough(15)).toEqual(range(0, 15));
    // The raw stream holds both passes: 0..22, then 11..15.
    expect(await (await bus.openStream(streams.fleet(RUN))).lastSeq()).toBe(23 + 5);
    expect(await fleetTicksThrough(15, { from: { kind: "at", simTimeMs: at(8) }, to: { kind: "at", simTimeMs: at(12) } })).toEqual(range(8, 12));
    expect(await fleetTicksThrough(15, { from: { kind: "ago", ms: 2 * DT_MS } })).toEqual([13, 14, 15]);
  });

  it("keeps the run's own events of the pass it left: the checkpoints taken, then the restore", async () => {
    const machinery = async () =>
      (await loadEvents(bus, RUN, {})).records
        .filter((e) => e.kind === "checkpoint-taken" || e.kind === "run-restored")
        .map((e) => `${e.kind} ${String(e.data.tick)}`);
    await expect
      .poll(machinery, { timeout: 10_000 })
      .toEqual(["checkpoint-taken 0", "checkpoint-taken 5", "checkpoint-taken 10", "checkpoint-taken 15", "checkpoint-taken 20", "run-restored 10"]);
  });

  it("replays a watch --since from before the restore point through the replay, each tick once", async () => {
    const store = await bus.openStream(streams.fleet(RUN));
    const plan = await planDataReplay(
      bus,
      RUN,
      store,
      { kind: "at", simTimeMs: at(8) },
      (r) => fleetTelemetry.decode(r.data),
      () => "",
    );
    const records = await store.read(plan.fromSeq, plan.lastSeq - plan.fromSeq + 1);
    expect(records.filter((r) => !plan.skip.has(r.seq)).map((r) => fleetTelemetry.decode(r.data).tick)).toEqual(range(8, 15));
  });
});
