/** The fleet-comes-alive behaviours, run on any bus: the in-process bus and real NATS share them. */
import { afterEach, describe, expect, it } from "vitest";
import { EventKinds, binToFloat32, clusterTelemetry, orbitwinEvent, subjects, telemetryColumn, type OrbitwinEvent } from "@orbitwin/protocol";
import { ClusterIdBook, silentLogger, type Bus } from "@orbitwin/runtime";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

export function describeFleetAlive(name: string, makeBus: () => Promise<Bus>): void {
  let runCounter = 0;
  const shell = (bus: string, duration: string, dt = "60s", extra = "") => `
name: alive
epoch: 2026-03-20T00:00:00Z
dt: ${dt}
duration: ${duration}
seed: 11
bus: ${bus}
${extra}
constellations:
  - { kind: walker, name: w, planes: 2, satsPerPlane: 3, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

  let stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    stops = [];
  });

  interface BatterySample {
    tick: number;
    sunlit: number;
    soc: number;
    generatedW: number;
    consumedW: number;
  }

  async function runTwin(yaml: string, withThermal: boolean, hosts = 2, watchSat?: string) {
    const bus = await makeBus();
    stops.push(() => bus.drain());
    const run = `alive-${name}-${++runCounter}`;
    const events: OrbitwinEvent[] = [];
    bus.subscribe(subjects.allEvents(run), (m) => events.push(orbitwinEvent.decode(m.data)));
    const samples: BatterySample[] = [];
    if (watchSat) {
      // Batches name their satellites by the cluster definition's order; the ids are read once per cluster, in batch order.
      const book = new ClusterIdBook(bus, run);
      bus.subscribe(subjects.allClusterTelemetry(run), (m) => {
        const t = clusterTelemetry.decode(m.data);
        void book.idsOf(t.cluster).then((ids) => {
          const slot = ids?.indexOf(watchSat) ?? -1;
          if (slot < 0 || !t.batterySoc || !t.generatedW || !t.consumedW) return;
          samples.push({
            tick: t.tick,
            sunlit: telemetryColumn(t, "sunlitFraction")![slot]!,
            soc: binToFloat32(t.batterySoc, t.count, "batterySoc")[slot]!,
            generatedW: binToFloat32(t.generatedW, t.count, "generatedW")[slot]!,
            consumedW: binToFloat32(t.consumedW, t.count, "consumedW")[slot]!,
          });
        });
      });
    }
    let thermal: ThermalService | undefined;
    if (withThermal) {
      thermal = new ThermalService({ bus, run, policy: resolveThermalPolicy(), log: silentLogger() });
      await thermal.start();
      stops.push(() => thermal!.stop());
    }
    // With thermal control, the first tick waits for it: joining later would send the run back to
    // a checkpoint taken before it acted, and what it failed to prevent would stand.
    const twin: TwinFixture = await startTwinOnBus({ bus, run, hosts, yaml, ...(withThermal ? { requiredParticipants: ["thermal"] } : {}) });
    stops.push(() => twin.stop());
    const result = await twin.coordinator.finished();
    await bus.flush();
    return { result, events, thermal, samples: samples.sort((a, b) => a.tick - b.tick) };
  }

  describe(`the fleet comes alive (${name})`, () => {
    const undersized = "{ preset: starlink-v2-mini-gpu, radiatorAreaM2: 3 }";

    it("with an undersized radiator and no thermal service, accelerators pass their junction limit and fail", async () => {
      const { result, events } = await runTwin(shell(undersized, "8h"), false);
      expect(result.subsystems!.acceleratorsFailed).toBeGreaterThan(0);
      expect(events.some((e) => e.kind === EventKinds.acceleratorFailed)).toBe(true);
    });

    it("with the thermal service, the same satellites throttle and survive", async () => {
      const { result, events, thermal } = await runTwin(shell(undersized, "8h"), true);
      expect(result.subsystems!.acceleratorsFailed).toBe(0);
      expect(thermal!.status().throttled).toBeGreaterThan(0);
      expect(thermal!.status().overLimit).toBe(0);
      expect(events.some((e) => e.kind === EventKinds.healthChanged && (e.data as { to?: string }).to === "throttled")).toBe(true);
      const margins = thermal!.margins(6);
      for (const m of margins.satellites) expect(m.marginK).toBeGreaterThan(0);
    });

    it("drains the battery in shadow and refills it in sunlight by the amounts the power model gives", async () => {
      const { samples } = await runTwin(shell("{ preset: starlink-v2-mini-gpu }", "3h"), false, 2, "w-p01-s01");
      const capacityWh = 30_000;
      let shadowTicks = 0;
      let sunTicks = 0;
      for (let k = 1; k < samples.length; k++) {
        const prev = samples[k - 1]!;
        const now = samples[k]!;
        const netW = now.generatedW - now.consumedW;
        const dSoc = now.soc - prev.soc;
        if (now.sunlit === 0 && prev.sunlit === 0) {
          shadowTicks++;
          expect(dSoc).toBeLessThan(0);
          expect(dSoc).toBeCloseTo((netW * (60 / 3600)) / 0.95 / capacityWh, 4);
        } else if (now.sunlit === 1 && prev.sunlit === 1 && prev.soc < 0.99 && now.soc < 0.999) {
          sunTicks++;
          expect(dSoc).toBeGreaterThan(0);
          expect(dSoc).toBeCloseTo((netW * (60 / 3600) * 0.95) / capacityWh, 4);
        }
      }
      expect(shadowTicks).toBeGreaterThan(10);
      expect(sunTicks).toBeGreaterThan(3);
    });

    it("puts a satellite whose battery is too small into safe mode, with the reason in its event", async () => {
      const { events } = await runTwin(shell("{ preset: starlink-v2-mini-gpu, batteryCapacityWh: 2500 }", "3h"), false);
      const safe = events.find((e) => e.kind === EventKinds.healthChanged && (e.data as { to?: string }).to === "safe-mode");
      expect(safe).toBeDefined();
      expect(safe!.message).toMatch(/depth-of-discharge floor/);
    });

    it("with the thermal service, cuts the duty cycle in eclipse so a modest battery reaches eclipse exit", async () => {
      const modest = shell("{ preset: starlink-v2-mini-gpu, batteryCapacityWh: 9000 }", "4h");
      const without = await runTwin(modest, false);
      const shedWithout = without.events.filter((e) => e.kind === EventKinds.healthChanged && /depth-of-discharge floor/.test(e.message)).length;
      expect(shedWithout).toBeGreaterThan(0);
      const controlled = await runTwin(modest, true);
      expect(controlled.events.some((e) => e.kind === EventKinds.thermalAlarm && (e.data as { alarm?: string }).alarm === "eclipse-power")).toBe(true);
      const shedWith = controlled.events.filter((e) => e.kind === EventKinds.healthChanged && /depth-of-discharge floor/.test(e.message)).length;
      expect(shedWith).toBeLessThan(shedWithout);
    });

    it("gives the same digest twice, and with 1 or 3 hosts, with subsystems and the thermal service on", async () => {
      const a = await runTwin(shell(undersized, "2h"), true, 1);
      const b = await runTwin(shell(undersized, "2h"), true, 1);
      const c = await runTwin(shell(undersized, "2h"), true, 3);
      expect(b.result.digest).toBe(a.result.digest);
      expect(c.result.digest).toBe(a.result.digest);
    });

    it("accumulates accelerator failures over years, consuming spares first", async () => {
      const { result } = await runTwin(shell("{ preset: starlink-v2-mini-gpu, fit: 20000 }", "5y", "1d"), false);
      const s = result.subsystems!;
      expect(s.acceleratorsFailed).toBeGreaterThan(0);
      expect(s.acceleratorsActive + s.sparesLeft + s.acceleratorsFailed).toBe(6 * 18);
      if (s.acceleratorsActive < 6 * 16) expect(s.sparesLeft).toBeLessThan(6 * 2);
      // The radiation model's random rate: 20,000 FIT is 0.175 failures per chip-year. Each satellite
      // keeps 16 working until its 2 spares are gone (after ~2 / (16 x 0.175) = 0.71 y), then decays:
      // expected failures per satellite 2 + 16 (1 - exp(-0.175 (5 - 0.71))) = 10.5; six satellites 63.
      const perChipYear = (20_000 / 1e9) * 8766;
      const spareYears = 2 / (16 * perChipYear);
      const expected = 6 * (2 + 16 * (1 - Math.exp(-perChipYear * (5 - spareYears))));
      expect(Math.abs(s.acceleratorsFailed - expected) / expected).toBeLessThan(0.3);
    });
  });
}
