/**
 * The coordinator on the in-process bus with scripted fleet hosts on a manual clock: hosts that
 * take long to load or step, and fall silent while they do (a host loading or stepping half a
 * million satellites in one synchronous stretch cannot heartbeat), hosts that join one after the
 * other, a JetStream slow to record a checkpoint, a checkpoint of a newer format.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  EventKinds,
  buckets,
  clockDone,
  clockRestore,
  clockRestored,
  clockTick,
  clusterDefinition,
  fleetTelemetry,
  hostAssign,
  hostHeartbeat,
  orbitwinEvent,
  parseScenario,
  subjects,
  type ClockTick,
  type HostAssign,
} from "@orbitwin/protocol";
import { CheckpointStore, LocalBus, ManualWallClock, inboundHandler, packSnapshot, silentLogger, type Bus, type KvStore } from "@orbitwin/runtime";
import { kvWith } from "@orbitwin/runtime/testing";
import { Coordinator } from "./coordinator.js";
import type { CoordinatorOptions } from "./coordinator-options.js";
import { fleetIndexOf } from "./fleet-index.js";
import { clusterDefinitions, expandScenario } from "./scenario-expansion.js";

const RUN = "scale";
const scenario = parseScenario(
  `
name: scale
epoch: 2026-05-13T00:00:00Z
dt: 10s
duration: 100s
seed: 3
clusterSize: 5
checkpoint: { everyTicks: 4, keep: 2 }
constellations:
  - { kind: walker, name: w, planes: 4, satsPerPlane: 5, phasing: 1, altKm: 550, inclinationDeg: 53 }
`,
  "scale test",
);
const clusters = expandScenario(scenario, { run: RUN, source: "scale test", readElementFile: () => "" });
const START_MS = Date.UTC(2026, 0, 1);

interface HostScript {
  /** manual ms to load each satellite it is given, silent meanwhile (one synchronous stretch) */
  loadMsPerSatellite?: number;
  /** dies (falls silent for good, never answers) while loading its first assignment */
  diesWhileLoading?: boolean;
  /** manual ms tick `tick` takes the first time, silent meanwhile (a pause of the process, say) */
  slowTick?: { tick: number; ms: number };
}

/** A fleet host that speaks the clock protocol and does only what its script says, on the manual clock. */
class ScriptedHost {
  readonly assignments: HostAssign[] = [];
  #epoch = 0;
  #clusters: string[] = [];
  #silentUntilMs = 0;
  #seq = 0;
  #done = new Set<string>();
  /** a checkpoint asked for on a tick, confirmed with the next (hosts save just before stepping it) */
  #checkpointDue: number | undefined;
  readonly #stops: (() => void)[] = [];

  constructor(
    readonly id: string,
    private readonly bus: Bus,
    private readonly clock: ManualWallClock,
    private readonly script: HostScript = {},
  ) {
    const log = silentLogger();
    const subs = [
      bus.subscribe(subjects.hostAssign(RUN, id), inboundHandler({ descriptor: hostAssign, log, onMessage: (a) => this.#assign(a) })),
      bus.subscribe(subjects.clockTick(RUN), inboundHandler({ descriptor: clockTick, log, onMessage: (t) => void this.#tick(t) })),
      bus.subscribe(
        subjects.clockRestore(RUN),
        inboundHandler({ descriptor: clockRestore, log, onMessage: (r) => this.#restored(r.restoreId, r.epoch === this.#epoch) }),
      ),
    ];
    this.#stops.push(() => subs.forEach((s) => s.unsubscribe()));
    this.#heartbeat();
    this.#stops.push(clock.every(1000, () => this.#heartbeat()));
  }

  stop(): void {
    for (const stop of this.#stops) stop();
  }

  #heartbeat(): void {
    if (this.clock.now() < this.#silentUntilMs) return;
    this.bus.publish(
      subjects.hostHeartbeat(RUN, this.id),
      hostHeartbeat.encode({
        v: 1,
        host: this.id,
        seq: this.#seq++,
        pid: 1,
        hostname: "m",
        startedAtMs: START_MS,
        clusters: this.#clusters,
        epoch: this.#epoch,
      }),
    );
  }

  /** Busy (and silent) for `ms`, as a host is in one long synchronous stretch. */
  async #busy(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.#silentUntilMs = this.clock.now() + ms;
    await this.clock.sleep(ms);
  }

  async #assign(a: HostAssign) {
    this.assignments.push(a);
    if (this.script.diesWhileLoading) {
      this.stop();
      return new Promise(() => undefined);
    }
    const fresh = a.clusters.filter((c) => !this.#clusters.includes(c));
    const satellites = clusters.filter((c) => fresh.includes(c.cluster)).reduce((n, c) => n + c.satIds.length, 0);
    await this.#busy(satellites * (this.script.loadMsPerSatellite ?? 0));
    this.#epoch = a.epoch;
    this.#clusters = [...a.clusters];
    this.#heartbeat();
    return { host: this.id, epoch: a.epoch, clusters: a.clusters.length, satellites: 0 };
  }

  async #tick(t: ClockTick): Promise<void> {
    if (t.epoch !== this.#epoch || this.#done.has(`${t.tick}@${t.epoch}`)) return;
    this.#done.add(`${t.tick}@${t.epoch}`);
    const slow = this.script.slowTick;
    if (slow?.tick === t.tick) {
      delete this.script.slowTick;
      await this.#busy(slow.ms);
    }
    const digests = t.wantDigest ? this.#clusters.map((cluster) => ({ cluster, digest: "0123456789abcdef" })) : [];
    const checkpointed = this.#checkpointDue !== undefined && t.tick === this.#checkpointDue + 1 ? this.#checkpointDue : undefined;
    this.#checkpointDue = t.checkpoint === t.tick ? t.tick : undefined;
    this.bus.publish(
      subjects.clockDone(RUN, this.id),
      clockDone.encode({
        v: 1,
        tick: t.tick,
        host: this.id,
        epoch: t.epoch,
        clusters: this.#clusters.length,
        satellites: 0,
        sunlit: 0,
        failed: 0,
        stepMs: 1,
        digests,
        subsystems: null,
        ...(checkpointed === undefined ? {} : { checkpointed }),
      }),
    );
  }

  #restored(restoreId: string, ok: boolean): void {
    this.#done.clear();
    this.#checkpointDue = undefined;
    this.bus.publish(subjects.clockRestored(RUN, this.id), clockRestored.encode({ v: 1, participant: this.id, restoreId, ok }));
  }
}

interface Twin {
  bus: LocalBus;
  clock: ManualWallClock;
  coordinator: Coordinator;
  hosts: ScriptedHost[];
  events: { kind: string; message: string }[];
  ticks: number[];
}

let running: Twin[] = [];
afterEach(async () => {
  for (const t of running) {
    for (const h of t.hosts) h.stop();
    await t.coordinator.stop();
  }
  running = [];
});

async function twin(options: Partial<CoordinatorOptions> & { wrapBus?: (bus: LocalBus) => Bus } = {}): Promise<Twin> {
  const clock = new ManualWallClock(START_MS);
  const bus = new LocalBus({ now: () => clock.now() });
  const coordinator = new Coordinator({
    run: RUN,
    scenario,
    clusters,
    log: silentLogger(),
    wallClock: clock,
    speed: null,
    minHosts: 2,
    ...options,
    bus: options.wrapBus?.(bus) ?? bus,
  });
  const events: Twin["events"] = [];
  const ticks: number[] = [];
  bus.subscribe(subjects.allEvents(RUN), (m) => {
    const e = orbitwinEvent.decode(m.data);
    events.push({ kind: e.kind, message: e.message });
  });
  bus.subscribe(subjects.fleet(RUN), (m) => ticks.push(fleetTelemetry.decode(m.data).tick));
  await coordinator.start();
  const t = { bus, clock, coordinator, hosts: [], events, ticks };
  running.push(t);
  return t;
}

/** Lets every queued delivery and promise run. */
async function settle(bus: LocalBus): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await bus.flush();
    await new Promise((r) => setImmediate(r));
  }
}

/** Advances the manual clock in quarter seconds, letting the twin act, until `until` holds (or `maxMs` passes). */
async function runUntil(t: Twin, until: () => boolean, maxMs: number): Promise<void> {
  for (let ms = 0; ms < maxMs && !until(); ms += 250) {
    await settle(t.bus);
    t.clock.advance(250);
  }
  await settle(t.bus);
}

const largest = (h: ScriptedHost) => Math.max(0, ...h.assignments.map((a) => a.clusters.length));
const kinds = (t: Twin, kind: string) => t.events.filter((e) => e.kind === kind).map((e) => e.message);

async function finishes(t: Twin, maxMs = 120_000): Promise<void> {
  let finished = false;
  void t.coordinator.finished().then(() => (finished = true));
  await runUntil(t, () => finished, maxMs);
  expect(finished).toBe(true);
}

/** `bus` with its checkpoints bucket's manifest writes held until `release` is called. */
function slowManifests(bus: LocalBus): { bus: Bus; release: () => void; held: () => number } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  const hold = (kv: KvStore): KvStore =>
    kvWith(kv, {
      put: async (key, value) => {
        if (key.endsWith(".manifest")) {
          held++;
          await opened;
        }
        return kv.put(key, value);
      },
    });
  const wrapped = new Proxy(bus, {
    get(target, prop) {
      if (prop === "kv")
        return async (name: string, opts?: object) => (name === buckets.checkpoints(RUN) ? hold(await target.kv(name, opts)) : target.kv(name, opts));
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { bus: wrapped, release: open, held: () => held };
}

describe("the coordinator at scale (scripted hosts, in process)", () => {
  it("hands no host the whole fleet when a host asked for falls silent in its first tick", async () => {
    const t = await twin();
    // h2's first tick takes 6 s in one synchronous stretch: silent past the 3 s host timeout.
    t.hosts.push(new ScriptedHost("h1", t.bus, t.clock), new ScriptedHost("h2", t.bus, t.clock, { slowTick: { tick: 0, ms: 6000 } }));
    await finishes(t);
    expect(t.hosts.map(largest)).toEqual([2, 2]);
    expect(kinds(t, EventKinds.hostLost)).toEqual(["fleet host h2 lost: no heartbeat for 4000 ms"]);
    expect(kinds(t, EventKinds.clustersReassigned)).toEqual([]);
  });

  it("moves nothing when a host taken for lost mid-run is back before moving its clusters would be done", async () => {
    // Loading takes 2 s a satellite here: h2's 10 are awaited 20 s before they move (and it may be
    // silent 20 s after it was assigned them). It falls silent for 30 s in tick 3.
    const t = await twin({ work: { loadMsPerSatellite: 2000 } });
    t.hosts.push(new ScriptedHost("h1", t.bus, t.clock), new ScriptedHost("h2", t.bus, t.clock, { slowTick: { tick: 3, ms: 30_000 } }));
    await finishes(t);
    expect(kinds(t, EventKinds.hostLost)).toEqual([expect.stringMatching(/^fleet host h2 lost: no heartbeat for 2\d{4} ms$/)]);
    expect(kinds(t, EventKinds.clustersReassigned)).toEqual([]);
    expect(kinds(t, EventKinds.runRestored)).toEqual(["run scale went back from tick 2 to checkpoint 0 and replays from there"]);
    expect(t.hosts.map(largest)).toEqual([2, 2]);
  });

  it("does not take a host for dead while it is silent stepping the satellites it holds", async () => {
    // 10 satellites a host at 500 ms each: 5 s of silence allowed past the 3 s timeout.
    const t = await twin({ work: { stepMsPerSatellite: 500 } });
    t.hosts.push(new ScriptedHost("h1", t.bus, t.clock), new ScriptedHost("h2", t.bus, t.clock, { slowTick: { tick: 0, ms: 6000 } }));
    await finishes(t);
    expect(kinds(t, EventKinds.hostLost)).toEqual([]);
    expect(kinds(t, EventKinds.runRestored)).toEqual([]);
    expect(t.hosts.map((h) => h.assignments.length)).toEqual([1, 1]);
  });

  it("waits for a host that loads, silent, for longer than the floor when its satellites call for it", async () => {
    // Loading 10 satellites takes 8 s of silence; the budget allows 1 s a satellite past a 2 s floor.
    const t = await twin({ work: { loadFloorMs: 2000, loadMsPerSatellite: 1000 } });
    t.hosts.push(new ScriptedHost("h1", t.bus, t.clock), new ScriptedHost("h2", t.bus, t.clock, { loadMsPerSatellite: 800 }));
    await finishes(t);
    expect(kinds(t, EventKinds.hostLost)).toEqual([]);
    expect(t.hosts.map((h) => h.assignments.length)).toEqual([1, 1]);
  });

  it("gives up on a host that dies while loading once it falls silent, not at the load deadline, and goes on with the others", async () => {
    const t = await twin({ work: { loadFloorMs: 600_000 } });
    t.hosts.push(
      new ScriptedHost("h1", t.bus, t.clock),
      new ScriptedHost("h2", t.bus, t.clock, { diesWhileLoading: true }),
      new ScriptedHost("h3", t.bus, t.clock),
    );
    await finishes(t, 30_000);
    expect(kinds(t, EventKinds.hostLost)).toEqual(["fleet host h2 lost: no heartbeat for 4000 ms"]);
    expect(t.coordinator.status().hosts.map((h) => [h.host, h.clusters])).toEqual([
      ["h1", 2],
      ["h3", 2],
    ]);
  });

  it("finishes undisturbed when forged heartbeats mid-run name an unknown host, claim clusters or restart a live host", async () => {
    const t = await twin();
    t.hosts.push(new ScriptedHost("h1", t.bus, t.clock), new ScriptedHost("h2", t.bus, t.clock));
    const forge = (host: string, over: { pid: number; startedAtMs: number }) =>
      t.bus.publish(subjects.hostHeartbeat(RUN, host), hostHeartbeat.encode({ v: 1, host, seq: 9, hostname: "x", clusters: ["w-c000"], epoch: 1, ...over }));
    t.bus.subscribe(subjects.clockTick(RUN), (m) => {
      if (clockTick.decode(m.data).tick !== 3) return;
      forge("forged", { pid: 66, startedAtMs: START_MS });
      forge("h1", { pid: 66, startedAtMs: START_MS + 3_600_000 });
      forge("h2", { pid: 66, startedAtMs: START_MS + 2 * 86_400_000 });
    });
    await finishes(t);
    expect(kinds(t, EventKinds.hostJoined)).toEqual(["fleet host h1 joined", "fleet host h2 joined"]);
    expect([...kinds(t, EventKinds.hostLost), ...kinds(t, EventKinds.clustersReassigned), ...kinds(t, EventKinds.runRestored)]).toEqual([]);
    expect(kinds(t, EventKinds.inputRejected)).toEqual([expect.stringMatching(/fleet host h2: startedAtMs \d+ is more than a day/)]);
    expect(t.hosts.map((h) => h.assignments.length)).toEqual([1, 1]);
  });

  it("takes up hosts that join shortly after the first assignment in one reassignment, with no restore before the first tick", async () => {
    const t = await twin({ minHosts: 1, startPaused: true });
    t.hosts.push(new ScriptedHost("h1", t.bus, t.clock));
    await runUntil(t, () => t.hosts[0]!.assignments.length > 0, 5000);
    t.hosts.push(new ScriptedHost("h2", t.bus, t.clock));
    await runUntil(t, () => false, 250);
    t.hosts.push(new ScriptedHost("h3", t.bus, t.clock));
    await runUntil(t, () => false, 3000);
    expect(t.hosts.map((h) => h.assignments.map((a) => [a.epoch, a.clusters.length]))).toEqual([
      [
        [1, 4],
        [2, 2],
      ],
      [[2, 1]],
      [[2, 1]],
    ]);
    expect(kinds(t, EventKinds.clustersReassigned)).toHaveLength(1);
    expect(kinds(t, EventKinds.runRestored)).toEqual([]);
  });

  it("keeps the clock going while JetStream is slow to record a checkpoint, and records it once JetStream answers", async () => {
    let slow!: ReturnType<typeof slowManifests>;
    const t = await twin({
      wrapBus: (bus) => {
        slow = slowManifests(bus);
        return slow.bus;
      },
    });
    t.hosts.push(new ScriptedHost("h1", t.bus, t.clock), new ScriptedHost("h2", t.bus, t.clock));
    try {
      await finishes(t);
      // Checkpoints 0, 4 and 8 completed on the way: the first manifest waits for JetStream, the others behind it.
      expect(t.ticks.at(-1)).toBe(10);
      expect(slow.held()).toBe(1);
      expect(kinds(t, EventKinds.checkpointTaken)).toEqual([]);
    } finally {
      slow.release();
    }
    await t.coordinator.stop();
    await settle(t.bus);
    expect(kinds(t, EventKinds.checkpointTaken)).toEqual(["checkpoint of tick 0 complete", "checkpoint of tick 4 complete", "checkpoint of tick 8 complete"]);
    expect(await (await CheckpointStore.open(t.bus, RUN)).completeTicks()).toEqual([4, 8]);
  });

  it("publishes definitions expanded afresh, keeping only their index, and refuses a pass that differs from it", async () => {
    const fleet = fleetIndexOf(clusters);
    let passes = 0;
    const again = { [Symbol.iterator]: () => (passes++, clusterDefinitions(scenario, { run: RUN, source: "scale test", readElementFile: () => "" })) };
    const t = await twin({ clusters: again, fleet });
    expect(passes).toBe(1);
    const kv = await t.bus.kv(buckets.clusters(RUN));
    expect((await kv.keys()).sort()).toEqual(clusters.map((c) => c.cluster).sort());
    const second = clusters[1]!;
    expect(clusterDefinition.decode((await kv.get(second.cluster))!.value)).toMatchObject({ satIds: second.satIds, raanDeg: second.raanDeg });
    const changed = new Coordinator({ bus: new LocalBus(), run: RUN, scenario, clusters: clusters.slice(1), fleet, log: silentLogger() });
    await expect(changed.start()).rejects.toThrow(/the scenario's clusters changed since the run was set up .*: cluster 1 of 4 is not the one indexed/);
    const fewer = new Coordinator({ bus: new LocalBus(), run: RUN, scenario, clusters: clusters.slice(0, 3), fleet, log: silentLogger() });
    await expect(fewer.start()).rejects.toThrow(/cluster 4 of 4 is not the one indexed/);
  });

  it("refuses to resume from a checkpoint whose manifest has a newer format, naming it", async () => {
    const clock = new ManualWallClock(START_MS);
    const bus = new LocalBus({ now: () => clock.now() });
    const kv = await bus.kv(buckets.checkpoints(RUN));
    await kv.put("t0000000004.manifest", packSnapshot({ format: 99, tick: 4, epoch: 3, participants: ["h1"], savedAtMs: 0 }));
    const coordinator = new Coordinator({ bus, run: RUN, scenario, clusters, log: silentLogger(), wallClock: clock, resume: true });
    await expect(coordinator.start()).rejects.toThrow(/checkpoint 4 in bucket .* has manifest format 99; this orbitwin reads formats 1 to 2/);
    expect(coordinator.state).toBe("failed");
  });
});
