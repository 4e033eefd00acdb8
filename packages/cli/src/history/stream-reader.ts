/**
 * Reading a history stream by sequence. A stream's records carry their own `simTimeMs`, which
 * grows along it until the run goes back (a restore republishes earlier ticks): so a binary search
 * by time finds where a time starts in a run that never went back, and only estimates it in one
 * that did (timeline.ts reads such a run right).
 */
import type { StreamRecord, StreamStore } from "@orbitwin/runtime";
import { resolveTimeRef } from "./time-ref.js";
import type { Window } from "./timeline.js";

/** Records from `fromSeq` through `toSeq`, in batches, oldest first. */
export async function* readRecords(store: StreamStore, fromSeq: number, toSeq: number, batch = 256): AsyncGenerator<StreamRecord> {
  let next = fromSeq;
  while (next <= toSeq) {
    const records = await store.read(next, Math.min(batch, toSeq - next + 1));
    if (records.length === 0) return;
    for (const r of records) if (r.seq <= toSeq) yield r;
    next = records.at(-1)!.seq + 1;
  }
}

/** Oldest and newest sequence kept; first > last when the stream is empty. */
export async function seqRange(store: StreamStore): Promise<{ first: number; last: number }> {
  const last = await store.lastSeq();
  const first = (await store.read(1, 1))[0]?.seq ?? last + 1;
  return { first, last };
}

/**
 * The first sequence whose record is at or after `simTimeMs` (last + 1 when none is);
 * `simTimeOf` returns undefined for a record it cannot read, which counts as earlier.
 */
export async function seqAtSimTime(store: StreamStore, simTimeMs: number, simTimeOf: (r: StreamRecord) => number | undefined): Promise<number> {
  const { first, last } = await seqRange(store);
  let lo = first;
  let hi = last + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = (await store.read(mid, 1))[0];
    if (!r || r.seq >= hi) {
      hi = mid;
      continue;
    }
    if ((simTimeOf(r) ?? -Infinity) < simTimeMs) lo = r.seq + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sequences of a window in a stream whose times never decrease (a run that never went back),
 * by binary search; `to` inclusive. A duration counts back from the newest record (from 0 in an
 * empty stream: everything).
 */
export async function onePassWindow(
  store: StreamStore,
  window: Window,
  simTimeOf: (r: StreamRecord) => number,
): Promise<{ fromSeq: number; toSeq: number; fromMs: number }> {
  const timeOf = (r: StreamRecord) => {
    try {
      return simTimeOf(r);
    } catch {
      return undefined;
    }
  };
  const { first, last } = await seqRange(store);
  const newest = last >= first ? (await store.read(last, 1))[0] : undefined;
  const latest = (newest && timeOf(newest)) ?? 0;
  const fromMs = window.from ? resolveTimeRef(window.from, latest) : -Infinity;
  const fromSeq = window.from ? await seqAtSimTime(store, fromMs, timeOf) : first;
  // Records up to and including `to`: the first one after it is where the window ends.
  const toSeq = window.to ? (await seqAtSimTime(store, resolveTimeRef(window.to, latest) + 1e-3, timeOf)) - 1 : last;
  return { fromSeq, toSeq, fromMs };
}
