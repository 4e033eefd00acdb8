/**
 * Reading a history stream by sequence. A stream's records carry their own `simTimeMs`, which
 * grows along it until the run goes back (a restore republishes earlier ticks): so a binary search
 * by time finds where a time starts in a run that never went back, and only estimates it in one
 * that did (timeline.ts reads such a run right).
 */
import type { StreamRecord, StreamStore } from "@orbitwin/runtime";
import { resolveTimeRef, type TimeRef } from "./time-ref.js";

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
 * Where `ref` starts in the stream, exact for a run that never went back (an estimate for one that
 * did, good for progress); the first sequence without a ref. `simTimeOf` may throw for a record
 * it cannot read, which counts as earlier.
 */
export async function estimatedSeqAt(store: StreamStore, ref: TimeRef | undefined, simTimeOf: (r: StreamRecord) => number): Promise<number> {
  const { first, last } = await seqRange(store);
  if (!ref || last < first) return first;
  const timeOf = (r: StreamRecord) => {
    try {
      return simTimeOf(r);
    } catch {
      return undefined;
    }
  };
  const newest = (await store.read(last, 1))[0];
  const latest = (newest && timeOf(newest)) ?? 0;
  return seqAtSimTime(store, resolveTimeRef(ref, latest), timeOf);
}
