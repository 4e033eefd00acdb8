/**
 * Network chaos on real NATS through the TCP chaos proxy: a fleet host whose link has latency,
 * jitter and a bandwidth limit, or falls into a blackhole longer than the host timeout and then
 * heals, still leaves the run with the digest of the undisturbed run (the host applies nothing
 * stale when its held traffic arrives).
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { EventKinds, orbitwinEvent, subjects } from "@orbitwin/protocol";
import { FleetHost } from "@orbitwin/fleet";
import { LocalBus, TcpChaosProxy, connectNatsBus, silentLogger, type LinkConditions, type NatsBus } from "@orbitwin/runtime";
import { awaitMessage } from "./twin-fixture.js";
import { control, startRecoveryTwin, tickReached, type RecoveryTwin } from "./recovery-cases.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

let expected: string | undefined;
async function undisturbedDigest(): Promise<string> {
  if (expected) return expected;
  const t = await startRecoveryTwin(new LocalBus(), "proxy", { hosts: 2 });
  expected = (await t.twin.coordinator.finished()).digest;
  await t.stop();
  return expected;
}

/** The coordinator, services and host h1 on a direct connection; host h2 behind the proxy. */
async function twinWithProxiedHost(run: string, conditions: LinkConditions = {}): Promise<{ bus: NatsBus; twin: RecoveryTwin; proxy: TcpChaosProxy }> {
  const url = new URL(inject("natsUrl"));
  const proxy = await TcpChaosProxy.start({ upstreamHost: url.hostname, upstreamPort: Number(url.port), seed: 3, ...conditions });
  cleanups.push(() => proxy.close());
  const bus = await connectNatsBus({ url: inject("natsUrl"), name: `${run}-direct`, log: silentLogger() });
  cleanups.push(() => bus.drain());
  const twin = await startRecoveryTwin(bus, run, { hosts: 1, startPaused: true });
  cleanups.push(() => twin.stop());
  const hostBus = await connectNatsBus({ url: proxy.url, name: `${run}-h2`, log: silentLogger(), reconnectTimeWaitMs: 200 });
  cleanups.push(() => hostBus.drain().catch(() => undefined));
  const joined = awaitMessage(
    bus,
    subjects.event(run, EventKinds.hostJoined),
    (d) => (orbitwinEvent.decode(d).data.host === "h2" ? true : undefined),
    "h2 joined",
  );
  const h2 = new FleetHost({ bus: hostBus, run, hostId: "h2", log: silentLogger() });
  await h2.start();
  cleanups.push(() => h2.stop());
  await joined;
  return { bus, twin, proxy };
}

describe("a fleet host behind the TCP chaos proxy", { timeout: 120_000 }, () => {
  it("ends with the undisturbed digest over a slow, jittery, narrow link", async () => {
    const digest = await undisturbedDigest();
    const { bus, twin, proxy } = await twinWithProxiedHost("proxy-slow", { latencyMs: 20, jitterMs: 10, bandwidthBytesPerS: 1_000_000 });
    await control(bus, "proxy-slow", "resume");
    expect((await twin.twin.coordinator.finished()).digest).toBe(digest);
    expect(proxy.stats().bytesDown).toBeGreaterThan(0);
  });

  it("ends with the undisturbed digest after the host's link is blackholed past its timeout and heals", async () => {
    const digest = await undisturbedDigest();
    const run = "proxy-partition";
    const { bus, twin, proxy } = await twinWithProxiedHost(run);
    const reached = tickReached(bus, run, 12);
    await control(bus, run, "step", { ticks: 13 });
    await reached;
    const lost = awaitMessage(bus, subjects.event(run, EventKinds.hostLost), (d) => (orbitwinEvent.decode(d).data.host === "h2" ? true : undefined), "h2 lost");
    proxy.blackhole(true);
    await lost;
    const rejoined = awaitMessage(
      bus,
      subjects.event(run, EventKinds.hostJoined),
      (d) => (orbitwinEvent.decode(d).data.host === "h2" ? true : undefined),
      "h2 back",
    );
    proxy.blackhole(false);
    await rejoined;
    await control(bus, run, "resume");
    expect((await twin.twin.coordinator.finished()).digest).toBe(digest);
  });
});
