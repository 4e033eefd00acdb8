/**
 * Reading a history stream by simulation time: records come in sequence order and carry their
 * own `simTimeMs`, which never decreases along a stream (the clock only moves on), so a binary
 * search over sequences finds where a time starts.
 */
import type { StreamRecord, StreamStore } from "@orbitwin/runtime";

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

/** The simulation time of the newest record, or undefined for an empty stream. */
export async function latestSimTime(store: StreamStore, simTimeOf: (r: StreamRecord) => number | undefined): Promise<number | undefined> {
  const last = await store.lastSeq();
  const r = last > 0 ? (await store.read(last, 1))[0] : undefined;
  return r && simTimeOf(r);
}
