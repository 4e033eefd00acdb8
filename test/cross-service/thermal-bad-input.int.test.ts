import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unpack } from "msgpackr";
import { ErrorCodes, clusterCommand, encodeMessage, subjects } from "@orbitwin/protocol";
import { LocalBus, connectNatsBus, silentLogger, type Bus, type NatsBus } from "@orbitwin/runtime";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { clustersAssigned, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const RUN = "thermal-bad";
const yaml = `
name: thermal-bad
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 1h
seed: 5
bus: { preset: starlink-v2-mini-gpu, radiatorAreaM2: 3 }
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

async function start(bus: Bus, paused: boolean): Promise<{ twin: TwinFixture; thermal: ThermalService }> {
  const thermal = new ThermalService({ bus, run: RUN, policy: resolveThermalPolicy(), log: silentLogger() });
  await thermal.start();
  const twin = await startTwinOnBus({ bus, run: RUN, hosts: 2, yaml, startPaused: paused, requiredParticipants: ["thermal"] });
  return { twin, thermal };
}

let bus: NatsBus;
let under: { twin: TwinFixture; thermal: ThermalService };

beforeAll(async () => {
  bus = await connectNatsBus({ url: inject("natsUrl"), name: "thermal-bad-input", log: silentLogger() });
  under = await start(bus, true);
  // The clusters go to their hosts once the thermal service has joined the clock.
  await clustersAssigned(under.twin);
});

afterAll(async () => {
  await under.twin.stop();
  await under.thermal.stop();
  await bus.drain();
});

async function ask(subject: string, data: Uint8Array) {
  return unpack((await bus.request(subject, data, { timeoutMs: 5000 })).data) as { ok: boolean; error?: { code: string; message: string } };
}

describe("bad input to the thermal service and to satellite commands, over real NATS", () => {
  it("answers malformed and invalid queries with errors naming the field", async () => {
    const margins = subjects.serviceEndpoint(RUN, "thermal", "margins");
    expect(await ask(margins, new Uint8Array([0xc1]))).toMatchObject({ ok: false, error: { code: ErrorCodes.malformedMessage } });
    const bad = await ask(margins, encodeMessage({ limit: -1 }));
    expect(bad).toMatchObject({ ok: false, error: { code: ErrorCodes.invalidMessage } });
    expect(bad.error!.message).toMatch(/\/limit/);
    expect(await ask(margins, encodeMessage({ sats: ["Not A Token"] }))).toMatchObject({ ok: false, error: { code: ErrorCodes.invalidMessage } });
    expect(await ask(subjects.serviceEndpoint(RUN, "thermal", "status"), encodeMessage({ extra: 1 }))).toMatchObject({ ok: false });
    expect((await ask(margins, encodeMessage({ limit: 3 }))).ok).toBe(true);
  });

  it("refuses commands for unknown satellites or out-of-range values and applies none of them", async () => {
    const subject = subjects.command(RUN, "w-p01");
    const unknown = await ask(
      subject,
      clusterCommand.encode({
        v: 1,
        tick: 0,
        source: "test",
        commands: [
          { sat: "w-p01-s01", clock: 0.1 },
          { sat: "w-p09-s09", clock: 0.1 },
        ],
      }),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: ErrorCodes.unknownSatellite } });
    expect(unknown.error!.message).toMatch(/w-p09-s09/);
    expect(await ask(subject, encodeMessage({ v: 1, tick: 0, source: "test", commands: [{ sat: "w-p01-s01", clock: 2 }] }))).toMatchObject({
      ok: false,
      error: { code: ErrorCodes.invalidMessage },
    });
    expect(await ask(subject, new Uint8Array([0x92, 0x01]))).toMatchObject({ ok: false, error: { code: ErrorCodes.malformedMessage } });
    expect(await ask(subject, encodeMessage([1, 2]))).toMatchObject({ ok: false, error: { code: ErrorCodes.invalidMessage } });
  });

  it("finishes with the digest of an undisturbed run", async () => {
    const reference = await start(new LocalBus(), false);
    const expected = (await reference.twin.coordinator.finished()).digest;
    await reference.twin.stop();
    await reference.thermal.stop();
    expect((await ask(subjects.control(RUN, "resume"), encodeMessage({}))).ok).toBe(true);
    expect((await under.twin.coordinator.finished()).digest).toBe(expected);
  });
});
