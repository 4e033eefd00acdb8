import { afterEach, describe, expect, it } from "vitest";
import { FleetHost } from "@orbitwin/fleet";
import { EventKinds, buckets, orbitwinEvent, subjects } from "@orbitwin/protocol";
import { LocalBus, ManualWallClock, silentLogger } from "@orbitwin/runtime";
import { control, expectRestoredTo, newThermal, recoveryYaml, restored, startRecoveryTwin, tickReached, type RecoveryTwin } from "./recovery-cases.js";
import { hostLinks, newFleetHost, startTwinOnBus } from "./twin-fixture.js";

let running: RecoveryTwin[] = [];
afterEach(async () => {
  for (const t of running) await t.stop();
  running = [];
});

async function reference(): Promise<string> {
  const t = await startRecoveryTwin(new LocalBus(), "recovery", { hosts: 2 });
  running.push(t);
  return (await t.twin.coordinator.finished()).digest;
}

/**
 * Hosts h1 and h2, the thermal service, and h3 joining before the first tick; with
 * `crashBeforeFirstTick`, h2's connection is cut just before the first assignment goes out. The
 * first assignment waits for the thermal service, so h2 is still a member then.
 */
async function twinWithThermalOnly(options: { crashBeforeFirstTick: boolean }): Promise<{ digest: string; hosts: string[] }> {
  const bus = new LocalBus();
  const links = hostLinks(bus);
  const twin = await startTwinOnBus({ bus, run: "recovery", hosts: 2, yaml: recoveryYaml, requiredParticipants: ["thermal"], busForHost: links.busFor });
  const thermal = newThermal(bus, "recovery");
  const newcomer = newFleetHost({ bus: links.busFor("h3"), run: "recovery", hostId: "h3" });
  try {
    if (options.crashBeforeFirstTick) links.crash("h2");
    await newcomer.start();
    await thermal.start();
    const { digest } = await twin.coordinator.finished();
    return { digest, hosts: twin.coordinator.status().hosts.map((h) => h.host) };
  } finally {
    await twin.stop();
    await newcomer.stop();
    await thermal.stop();
  }
}

/** A twin on a manual clock, stepped to tick 13 (checkpoint 10 complete) and paused. */
async function pausedAtTick13() {
  const clock = new ManualWallClock(Date.UTC(2026, 0, 1));
  const bus = new LocalBus();
  const t = await startRecoveryTwin(bus, "recovery", { hosts: 2, startPaused: true, wallClock: clock });
  running.push(t);
  clock.advance(1000);
  const reached = tickReached(bus, "recovery", 13);
  await control(bus, "recovery", "step", { ticks: 14 });
  await reached;
  return { clock, bus, t };
}

describe("exact recovery from coordinated checkpoints, in process", { timeout: 60_000 }, () => {
  it("ends with the undisturbed digest after a fleet host dies mid-run", async () => {
    const expected = await reference();
    const { clock, bus, t } = await pausedAtTick13();
    const back = restored(bus, "recovery");
    await t.twin.hosts[1]!.stop();
    for (let i = 0; i < 10; i++) clock.advance(500);
    expectRestoredTo(await back, 10, 13);
    await control(bus, "recovery", "resume");
    expect((await t.twin.coordinator.finished()).digest).toBe(expected);
  });

  it("falls back to an older checkpoint when a host finds the newest corrupt, and still ends with the undisturbed digest", async () => {
    const expected = await reference();
    const { clock, bus, t } = await pausedAtTick13();
    // One flipped byte in a cluster's saved state at checkpoint 10.
    const kv = await bus.kv(buckets.checkpoints("recovery"));
    const key = (await kv.keys()).find((k) => k.startsWith("t0000000010.cluster.") && k.endsWith(".0"))!;
    const value = (await kv.get(key))!.value;
    value[Math.floor(value.length / 2)]! ^= 0x10;
    await kv.put(key, value);
    const back = restored(bus, "recovery");
    await t.twin.hosts[1]!.stop();
    for (let i = 0; i < 10; i++) clock.advance(500);
    expectRestoredTo(await back, 5, 13);
    expect(await kv.get(key)).toBeUndefined();
    await control(bus, "recovery", "resume");
    expect((await t.twin.coordinator.finished()).digest).toBe(expected);
  });

  it("holds no one's silence against them while the coordinator itself was stalled, and still finds a host that died", async () => {
    const { clock, bus, t } = await pausedAtTick13();
    const lost: string[] = [];
    bus.subscribe(subjects.event("recovery", EventKinds.hostLost), (m) => lost.push(orbitwinEvent.decode(m.data).message));
    bus.subscribe(subjects.event("recovery", EventKinds.participantLost), (m) => lost.push(orbitwinEvent.decode(m.data).message));
    // A long synchronous step in the one process they share: every heartbeat and check comes late.
    clock.stall(5000);
    await bus.flush();
    // Then time goes on as usual, heartbeats delivered as they come.
    const goOn = async () => {
      for (let i = 0; i < 10; i++) {
        clock.advance(500);
        await bus.flush();
      }
    };
    await goOn();
    expect(lost).toEqual([]);
    const back = restored(bus, "recovery");
    await t.twin.hosts[1]!.stop();
    await goOn();
    expectRestoredTo(await back, 10, 13);
    expect(lost).toEqual([expect.stringMatching(/fleet host h2 lost: no heartbeat/)]);
  });

  it("ends with the undisturbed digest when a fleet host is restarted under its own id before it times out", async () => {
    const expected = await reference();
    const { clock, bus, t } = await pausedAtTick13();
    // A supervisor starts the process again at once: same host id, same clusters, no state.
    await t.twin.hosts[1]!.stop();
    const back = restored(bus, "recovery");
    const restarted = new FleetHost({ bus, run: "recovery", hostId: "h2", log: silentLogger(), wallClock: clock });
    await restarted.start();
    t.twin.hosts[1] = restarted;
    clock.advance(1000);
    expectRestoredTo(await back, 10, 13);
    await control(bus, "recovery", "resume");
    expect((await t.twin.coordinator.finished()).digest).toBe(expected);
  });

  it("assigns to the hosts that remain when a host that died before the first tick refuses its assignment", async () => {
    const undisturbed = await twinWithThermalOnly({ crashBeforeFirstTick: false });
    const crashed = await twinWithThermalOnly({ crashBeforeFirstTick: true });
    expect(crashed.hosts).toEqual(["h1", "h3"]);
    expect(crashed.digest).toBe(undisturbed.digest);
  });

  it("ends with the undisturbed digest after the thermal service is replaced mid-run", async () => {
    const expected = await reference();
    const clock = new ManualWallClock(Date.UTC(2026, 0, 1));
    const bus = new LocalBus();
    const t = await startRecoveryTwin(bus, "recovery", { hosts: 2, startPaused: true, wallClock: clock });
    running.push(t);
    clock.advance(1000);
    const reached = tickReached(bus, "recovery", 17);
    await control(bus, "recovery", "step", { ticks: 18 });
    await reached;
    await t.thermal.stop();
    for (let i = 0; i < 10; i++) clock.advance(500);
    const back = restored(bus, "recovery");
    const replacement = newThermal(bus, "recovery", clock);
    await replacement.start();
    t.thermal = replacement;
    clock.advance(1000);
    expectRestoredTo(await back, 15, 17);
    await control(bus, "recovery", "resume");
    expect((await t.twin.coordinator.finished()).digest).toBe(expected);
  });
});
