import { afterEach, describe, expect, it } from "vitest";
import { clusterTelemetry, fleetTelemetry, orbitwinEvent, streams, subjects } from "@orbitwin/protocol";
import { LocalBus } from "@orbitwin/runtime";
import { smallScenarioYaml, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

let twin: TwinFixture | undefined;
afterEach(async () => {
  await twin?.stop();
  twin = undefined;
});

const withHistory = (history: string) => `${smallScenarioYaml}history: ${history}\n`;

describe("the run's history streams", () => {
  it("keeps every tick's fleet aggregate, every event, and every Nth tick's cluster telemetry", async () => {
    const bus = new LocalBus();
    const sent = new Map<string, Uint8Array>();
    const live = bus.subscribe(subjects.allClusterTelemetry("hist"), (msg) => {
      const batch = clusterTelemetry.decode(msg.data);
      sent.set(`${batch.cluster}@${batch.tick}`, msg.data.slice());
    });
    twin = await startTwinOnBus({ bus, run: "hist", hosts: 2, yaml: withHistory("{ sampleEveryTicks: 4, maxAge: 1d }") });
    const result = await twin.coordinator.finished();
    live.unsubscribe();

    const fleet = (await (await bus.openStream(streams.fleet("hist"))).read(1, 1000)).map((r) => fleetTelemetry.decode(r.data));
    expect(fleet.map((f) => f.tick)).toEqual(Array.from({ length: result.ticks }, (_, i) => i));

    const stored = await (await bus.openStream(streams.samples("hist"))).read(1, 1000);
    const samples = stored.map((r) => clusterTelemetry.decode(r.data));
    // A sample is the very batch the tick's participants got.
    stored.forEach((r, i) => expect(Buffer.from(r.data).equals(sent.get(`${samples[i]!.cluster}@${samples[i]!.tick}`)!)).toBe(true));
    const sampledTicks = [...new Set(samples.map((s) => s.tick))];
    expect(sampledTicks).toEqual([0, 4, 8, 12, 16, 20, 24, 28]);
    for (const tick of sampledTicks) {
      const batches = samples.filter((s) => s.tick === tick);
      expect(batches).toHaveLength(fleet[0]!.clusters);
      expect(batches.reduce((n, b) => n + b.count, 0)).toBe(result.satellites);
    }

    const kinds = (await (await bus.openStream(streams.events("hist"))).read(1, 1000)).map((r) => orbitwinEvent.decode(r.data).kind);
    expect(kinds[0]).toBe("run-started");
    expect(kinds).toContain("run-finished");
  });

  it("keeps no sampled telemetry when the scenario turns sampling off", async () => {
    const bus = new LocalBus();
    twin = await startTwinOnBus({ bus, run: "nosample", hosts: 1, yaml: withHistory("{ sampleEveryTicks: 0 }") });
    await twin.coordinator.finished();
    await expect(bus.openStream(streams.samples("nosample"))).rejects.toMatchObject({ code: "ORBITWIN_UNKNOWN_STREAM" });
    expect(await (await bus.openStream(streams.fleet("nosample"))).lastSeq()).toBe(31);
  });
});
