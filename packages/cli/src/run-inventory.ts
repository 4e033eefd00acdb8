/**
 * The runs whose streams and buckets are on a NATS server (`orbitwin runs`): each run's state,
 * age, last tick and bytes, found from the store names the protocol builds. A run is live while
 * its coordinator renews its lease or its hosts and services heartbeat; `confirmLive` watches for
 * that rather than trusting clocks, so a run is never pruned under a process that drives it.
 */
import { buckets, fleetTelemetry, parseRunStoreName, registryKeys, streams, subjects } from "@orbitwin/protocol";
import type { NatsBus, NatsStoreAdmin, StoreInfo } from "@orbitwin/runtime";

/** The lease is renewed every second and taken over after 3 s: a run whose lease is older is not being driven. */
const LEASE_FRESH_MS = 10_000;
/** Long enough to see a lease renewal (every 1 s) or a host's or service's heartbeat (every 1 s). */
export const LIVENESS_WINDOW_MS = 3000;

export type RunState = "live" | "finished" | "stopped";

export interface RunSummary {
  run: string;
  state: RunState;
  /** when its first store was created (the server's clock), ms since 1970 */
  createdMs: number;
  /** its newest write, ms since 1970 */
  lastActivityMs: number;
  /** the last tick in its fleet history; undefined when it has none */
  lastTick: number | undefined;
  bytes: number;
  stores: StoreInfo[];
}

export async function inventoryRuns(bus: NatsBus, admin: NatsStoreAdmin, nowMs: number): Promise<RunSummary[]> {
  const byRun = new Map<string, StoreInfo[]>();
  for (const store of await admin.list()) {
    const parsed = parseRunStoreName(store.name, store.kind);
    if (parsed) byRun.set(parsed.run, [...(byRun.get(parsed.run) ?? []), store]);
  }
  const runs: RunSummary[] = [];
  for (const [run, stores] of byRun) {
    const has = (name: string, kind: StoreInfo["kind"]) => stores.some((s) => s.name === name && s.kind === kind);
    const registry = has(buckets.registry(run), "bucket") ? buckets.registry(run) : undefined;
    const lease = registry ? await admin.keyWritten(registry, registryKeys.coordinatorLease) : undefined;
    const finished = registry ? await admin.keyWritten(registry, registryKeys.runFinished) : undefined;
    const createdMs = Math.min(...stores.map((s) => s.createdMs));
    runs.push({
      run,
      state: lease && nowMs - lease.storedAtMs < LEASE_FRESH_MS ? "live" : finished ? "finished" : "stopped",
      createdMs,
      lastActivityMs: Math.max(createdMs, ...stores.map((s) => s.lastStoredMs ?? 0)),
      lastTick: has(streams.fleet(run), "stream") ? await lastTick(bus, run) : undefined,
      bytes: stores.reduce((n, s) => n + s.bytes, 0),
      stores,
    });
  }
  return runs.sort((a, b) => b.lastActivityMs - a.lastActivityMs);
}

async function lastTick(bus: NatsBus, run: string): Promise<number | undefined> {
  const record = await (await bus.openStream(streams.fleet(run))).lastOnSubject(subjects.fleet(run));
  if (!record) return undefined;
  try {
    return fleetTelemetry.decode(record.data).tick;
  } catch {
    // A record that does not decode says nothing about the tick; the run is listed all the same.
    return undefined;
  }
}

/**
 * The runs among `runs` that something drives now: their lease changes, or a host or service
 * heartbeats, within LIVENESS_WINDOW_MS. Needs no agreement between this machine's clock and the server's.
 */
export async function confirmLive(bus: NatsBus, admin: NatsStoreAdmin, runs: readonly RunSummary[], windowMs = LIVENESS_WINDOW_MS): Promise<Set<string>> {
  const live = new Set<string>();
  const leaseOf = (run: string) => admin.keyWritten(buckets.registry(run), registryKeys.coordinatorLease).then((w) => w?.revision);
  const subs = runs.flatMap((r) =>
    [subjects.allHostHeartbeats(r.run), subjects.allClockParticipants(r.run)].map((subject) => bus.subscribe(subject, () => live.add(r.run))),
  );
  try {
    await bus.flush();
    const before = await Promise.all(runs.map((r) => leaseOf(r.run)));
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = await Promise.all(runs.map((r) => leaseOf(r.run)));
    runs.forEach((r, i) => before[i] !== after[i] && live.add(r.run));
    return live;
  } finally {
    for (const s of subs) s.unsubscribe();
  }
}
