import { describe, expect, it } from "vitest";
import { BackwardTimeline, eventsOnTimeline, type EventStamp, type Window } from "./timeline.js";

const EPOCH_MS = Date.UTC(2026, 4, 13);
const DT_MS = 60_000;
const at = (tick: number) => EPOCH_MS + tick * DT_MS;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A stream of [key, tick] records, walked from the back as a reader does: what it keeps (and where), in stream order, and how many it read. */
function walk(records: readonly (readonly [string, number])[], options: { window?: Window; tailRestoreTick?: number } = {}) {
  const timeline = new BackwardTimeline(options);
  const kept: string[] = [];
  const keptAt: number[] = [];
  let read = 0;
  for (let i = records.length - 1; i >= 0 && !timeline.done; i--) {
    const [key, tick] = records[i]!;
    read++;
    if (!timeline.visit(key, { tick, simTimeMs: at(tick) })) continue;
    kept.unshift(key ? `${key}@${tick}` : String(tick));
    keptAt.unshift(i);
  }
  return { kept, keptAt, read };
}

const fleet = (...passes: number[][]) => passes.flat().map((tick) => ["", tick] as const);
const since = (tick: number): Window => ({ from: { kind: "at", simTimeMs: at(tick) } });

describe("BackwardTimeline (fleet and sampled streams)", () => {
  it("keeps every record of a run that never went back, and reads no further back than the window", () => {
    expect(walk(fleet(range(0, 10))).kept).toEqual(range(0, 10).map(String));
    const { kept, read } = walk(fleet(range(0, 10)), { window: since(6) });
    expect(kept).toEqual(["6", "7", "8", "9", "10"]);
    expect(read).toBe(5);
  });

  it("keeps for each tick the latest pass over it after a restore", () => {
    // Ticks 0..50, then back to the checkpoint of tick 40 and on to 60.
    const stream = fleet(range(0, 50), range(41, 60));
    expect(walk(stream).kept).toEqual(range(0, 60).map(String));
    const { kept, read } = walk(stream, { window: since(45) });
    expect(kept).toEqual(range(45, 60).map(String));
    // The pass left behind is never read when the window starts after the restore point.
    expect(read).toBe(16);
    expect(walk(stream, { window: since(20) }).kept).toEqual(range(20, 60).map(String));
    expect(walk(stream, { window: { ...since(38), to: { kind: "at", simTimeMs: at(43) } } }).kept).toEqual(["38", "39", "40", "41", "42", "43"]);
  });

  it("takes each restore in turn, one going back less far than the one before", () => {
    // 0..50, back to 40, 41..45, back to 42, 43..100: ticks 41-42 stand from the second pass.
    const passes = [range(0, 50), range(41, 45), range(43, 100)];
    const { kept, keptAt } = walk(fleet(...passes));
    expect(kept).toEqual(range(0, 100).map(String));
    const secondPass = { first: 51, last: 55 };
    expect(keptAt.filter((i) => i >= secondPass.first && i <= secondPass.last)).toEqual([51, 52]);
    expect(keptAt.slice(0, 41)).toEqual(range(0, 40));
  });

  it("leaves out the ticks past a restore whose replay has not reached the stream yet", () => {
    expect(walk(fleet(range(0, 50)), { tailRestoreTick: 40 }).kept).toEqual(range(0, 40).map(String));
    // A duration back is counted from the newest tick on the timeline, not the newest record.
    expect(walk(fleet(range(0, 50)), { tailRestoreTick: 40, window: { from: { kind: "ago", ms: 5 * DT_MS } } }).kept).toEqual(range(35, 40).map(String));
    expect(walk(fleet(range(0, 50), range(41, 45)), { window: { from: { kind: "ago", ms: 5 * DT_MS } } }).kept).toEqual(range(40, 45).map(String));
  });

  it("follows each cluster of sampled telemetry on its own, a last round half stored included", () => {
    const round = (tick: number, clusters = ["a", "b"]) => clusters.map((c) => [c, tick] as const);
    // Sampled every 10 ticks: 0..50, back to 35 (replay samples 40, 50 again), then 60 for a only.
    const stream = [...[0, 10, 20, 30, 40, 50].flatMap((t) => round(t)), ...[40, 50].flatMap((t) => round(t)), ...round(60, ["a"])];
    expect(walk(stream).kept).toEqual(["a@0", "b@0", "a@10", "b@10", "a@20", "b@20", "a@30", "b@30", "a@40", "b@40", "a@50", "b@50", "a@60"]);
    const { kept, read } = walk(stream, { window: since(45) });
    expect(kept).toEqual(["a@50", "b@50", "a@60"]);
    expect(read).toBe(5);
  });
});

describe("eventsOnTimeline", () => {
  const RUN_RESTORED_KIND = "run-restored";
  const event = (kind: string, tick: number, data: Record<string, unknown> = {}): EventStamp => ({ kind, tick, simTimeMs: at(tick), data });

  it("leaves behind the world's events past a restore's tick, and keeps the run's own", () => {
    const events = [
      event("health-changed", 38),
      event("accelerator-failed", 41),
      event("host-lost", 50),
      event("clusters-reassigned", 50),
      event("accelerator-failed", 45),
      event(RUN_RESTORED_KIND, 40, { tick: 40, from: 50 }),
      event("accelerator-failed", 41),
      event("health-changed", 52),
    ];
    expect(eventsOnTimeline(events)).toEqual([true, false, true, true, false, true, true, true]);
  });

  it("takes the lowest of the restores after an event, and a restore to the start leaves every tick behind", () => {
    const events = [
      event("thermal-alarm", 0),
      event("thermal-alarm", 30),
      event(RUN_RESTORED_KIND, 30, { tick: 30 }),
      event("thermal-alarm", 31),
      event(RUN_RESTORED_KIND, 0, { tick: -1 }),
      event("thermal-alarm", 0),
    ];
    expect(eventsOnTimeline(events)).toEqual([false, false, true, false, true, true]);
  });
});
