import { describe, expect, it } from "vitest";
import { LocalBus, type StreamRecord } from "@orbitwin/runtime";
import { onePassWindow, readRecords, seqAtSimTime, seqRange } from "./stream-reader.js";

const enc = (simTimeMs: number) => new TextEncoder().encode(String(simTimeMs));
const simTimeOf = (r: StreamRecord) => {
  const t = Number(new TextDecoder().decode(r.data));
  return Number.isFinite(t) ? t : undefined;
};

async function streamOf(times: number[], maxMessages?: number) {
  const bus = new LocalBus();
  const store = await bus.stream("st", { subjects: ["h.x"], ...(maxMessages ? { maxMessages } : {}) });
  for (const t of times) await store.publish("h.x", enc(t));
  return store;
}

describe("stream reader", () => {
  it("finds the first record at or after a time by binary search, with repeated times", async () => {
    const store = await streamOf([0, 10, 10, 10, 20, 30, 40]);
    expect(await seqAtSimTime(store, -5, simTimeOf)).toBe(1);
    expect(await seqAtSimTime(store, 10, simTimeOf)).toBe(2);
    expect(await seqAtSimTime(store, 11, simTimeOf)).toBe(5);
    expect(await seqAtSimTime(store, 40, simTimeOf)).toBe(7);
    expect(await seqAtSimTime(store, 41, simTimeOf)).toBe(8);
    expect(await onePassWindow(store, { from: { kind: "ago", ms: 30 }, to: { kind: "at", simTimeMs: 20 } }, (r) => simTimeOf(r)!)).toEqual({
      fromSeq: 2,
      toSeq: 5,
      fromMs: 10,
    });
    expect(await onePassWindow(store, {}, (r) => simTimeOf(r)!)).toEqual({ fromSeq: 1, toSeq: 7, fromMs: -Infinity });
  });

  it("starts at the oldest record kept when the front has expired, and handles an empty stream", async () => {
    const store = await streamOf([0, 10, 20, 30, 40, 50], 3);
    expect(await seqRange(store)).toEqual({ first: 4, last: 6 });
    expect(await seqAtSimTime(store, 0, simTimeOf)).toBe(4);
    expect(await seqAtSimTime(store, 45, simTimeOf)).toBe(6);
    const empty = await streamOf([]);
    expect(await seqRange(empty)).toEqual({ first: 1, last: 0 });
    expect(await seqAtSimTime(empty, 0, simTimeOf)).toBe(1);
    expect(await onePassWindow(empty, { from: { kind: "at", simTimeMs: 5 } }, (r) => simTimeOf(r)!)).toEqual({ fromSeq: 1, toSeq: 0, fromMs: 5 });
  });

  it("counts a record it cannot read as earlier, and reads a range in batches", async () => {
    const bus = new LocalBus();
    const store = await bus.stream("st2", { subjects: ["h.y"] });
    for (const d of ["0", "garbage", "20", "30"]) await store.publish("h.y", new TextEncoder().encode(d));
    expect(await seqAtSimTime(store, 10, simTimeOf)).toBe(3);
    const seqs: number[] = [];
    for await (const r of readRecords(store, 2, 4, 2)) seqs.push(r.seq);
    expect(seqs).toEqual([2, 3, 4]);
  });
});
