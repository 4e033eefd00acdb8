/**
 * `orbitwin runs` on a real nats-server of its own (pruning by age or count on the shared test
 * server would remove other tests' runs): three runs laid out as a coordinator leaves them, one of
 * them live (its lease renewed as a coordinator does), listed and pruned.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buckets, fleetTelemetry, registryKeys, streams, subjects } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, spawnNatsServer, type NatsBus, type SpawnedNatsServer } from "@orbitwin/runtime";
import { confirmLive, inventoryRuns } from "../run-inventory.js";
import { runsCommand } from "./runs.js";

const text = (s: string) => new TextEncoder().encode(s);
const MINUTE_MS = 60_000;

/** The stores a coordinator leaves: history streams, the command log, registry, clusters and checkpoints. */
async function layOut(bus: NatsBus, run: string, options: { lastTick: number; finished: boolean }): Promise<void> {
  await bus.stream(streams.events(run), { subjects: [subjects.allEvents(run)] });
  await bus.stream(streams.operations(run), { subjects: [subjects.allOperations(run)], discard: "new", maxBytes: 1 << 20 });
  const fleet = await bus.stream(streams.fleet(run), { subjects: [subjects.fleet(run)] });
  for (let tick = 0; tick <= options.lastTick; tick++) {
    await fleet.publish(
      subjects.fleet(run),
      fleetTelemetry.encode({
        v: 1,
        run,
        tick,
        simTimeMs: tick * 1000,
        dtMs: 1000,
        satellites: 2,
        clusters: 1,
        hosts: 1,
        sunlit: 2,
        failed: 0,
        speed: null,
        achievedSpeed: 1,
        tickLagMs: 0,
        stepMsMax: 1,
      }),
    );
  }
  const registry = await bus.kv(buckets.registry(run));
  await registry.put(registryKeys.coordinatorLease, text(JSON.stringify({ holder: "test" })));
  if (options.finished) await registry.put(registryKeys.runFinished, text(new Date().toISOString()));
  await (await bus.kv(buckets.checkpoints(run))).put("t0000000000.svc.x.0", new Uint8Array(1000));
  await (await bus.kv(buckets.clusters(run))).put("c1", new Uint8Array(100));
}

describe("orbitwin runs", () => {
  let dir: string;
  let server: SpawnedNatsServer;
  let bus: NatsBus;
  let renewing: NodeJS.Timeout;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "orbitwin-runs-"));
    server = await spawnNatsServer({ storeDir: dir, log: silentLogger() });
    bus = await connectNatsBus({ url: server.url, name: "runs-test", log: silentLogger() });
    await layOut(bus, "old-done", { lastTick: 5, finished: true });
    await layOut(bus, "stopped-one", { lastTick: 2, finished: false });
    await layOut(bus, "live-one", { lastTick: 3, finished: false });
    // A coordinator renews its lease every second; this one a little faster.
    const lease = await bus.kv(buckets.registry("live-one"));
    renewing = setInterval(() => void lease.put(registryKeys.coordinatorLease, text(JSON.stringify({ holder: "test" }))), 200);
    // A store of something else on the same server is never a run's.
    await bus.stream("orders", { subjects: ["orders.>"] });
  });

  afterAll(async () => {
    clearInterval(renewing);
    await bus?.drain();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists every run with its state, last tick and bytes across its stores", async () => {
    const admin = await bus.storeAdmin();
    expect((await inventoryRuns(bus, admin, Date.now())).find((r) => r.run === "live-one")?.state).toBe("live");
    // A minute on, only a lease renewed since looks live; the others were left as they were.
    const runs = await inventoryRuns(bus, admin, Date.now() + MINUTE_MS);
    const byRun = new Map(runs.map((r) => [r.run, r]));
    expect([...byRun.keys()].sort()).toEqual(["live-one", "old-done", "stopped-one"]);
    expect(byRun.get("old-done")).toMatchObject({ state: "finished", lastTick: 5 });
    expect(byRun.get("stopped-one")).toMatchObject({ state: "stopped", lastTick: 2 });
    expect(byRun.get("live-one")).toMatchObject({ lastTick: 3 });
    for (const r of runs) {
      expect(r.stores.map((s) => s.name).sort()).toEqual(
        [
          streams.events(r.run),
          streams.operations(r.run),
          streams.fleet(r.run),
          buckets.registry(r.run),
          buckets.checkpoints(r.run),
          buckets.clusters(r.run),
        ].sort(),
      );
      expect(r.bytes).toBe(r.stores.reduce((n, s) => n + s.bytes, 0));
      expect(r.bytes).toBeGreaterThan(1000);
    }
  });

  it("sees a run as live by its lease changing, whatever the clocks say", async () => {
    const runs = await inventoryRuns(bus, await bus.storeAdmin(), Date.now());
    // Pretend every lease looks stale to this machine's clock: the renewal is what counts.
    const stale = runs.map((r) => ({ ...r, state: "stopped" as const }));
    expect([...(await confirmLive(bus, await bus.storeAdmin(), stale, 1000))]).toEqual(["live-one"]);
  });

  it("refuses to prune a live run, prunes a named stopped one, and leaves the rest", async () => {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => out.push(String(chunk)) > 0);
    try {
      // A minute on by this machine's clock: every lease looks old, and only watching tells the live run apart.
      expect(await runsCommand(["prune", "live-one", "stopped-one", "--nats", server.url, "--json"], () => Date.now() + MINUTE_MS)).toBe(1);
    } finally {
      write.mockRestore();
    }
    const report = JSON.parse(out.join("")) as { pruned: { run: string }[]; spared: { run: string; why: string }[] };
    expect(report.pruned.map((r) => r.run)).toEqual(["stopped-one"]);
    expect(report.spared).toEqual([{ run: "live-one", why: expect.stringMatching(/live/) as string }]);
    const left = (await (await bus.storeAdmin()).list()).map((s) => s.name);
    expect(left.filter((n) => n.includes("stopped-one"))).toEqual([]);
    expect(left.filter((n) => n.includes("live-one")).length).toBe(6);
    expect(left).toContain("orders");
  });
});
