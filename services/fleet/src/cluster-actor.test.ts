import { describe, expect, it } from "vitest";
import { sunPositionKm, walkerDelta, type MeanElements } from "@orbitwin/physics";
import {
  clusterDefinitionOf,
  clusterTelemetry,
  telemetryColumn,
  telemetryVectors,
  type ClusterDefinition,
  type OrbitValues,
  type SatelliteCommand,
} from "@orbitwin/protocol";
import { ClusterActor, type TickFaults } from "./cluster-actor.js";

const epochMs = Date.UTC(2026, 4, 13);

function definition(elements: MeanElements[], bstar = 0): ClusterDefinition {
  return clusterDefinitionOf({
    run: "t",
    constellation: "w",
    cluster: "c1",
    satIds: elements.map((_, i) => `s-${i}`),
    elements: elements.map((e) => ({ ...e, bstar })),
  });
}

const els = walkerDelta({ planes: 1, satsPerPlane: 20, phasing: 0, altKm: 550, inclinationDeg: 53, epochMs });

function stepTo(actor: ClusterActor, tick: number): void {
  const t = epochMs + tick * 1000;
  actor.step(tick, t, sunPositionKm(t));
}

describe("ClusterActor", () => {
  it("restores to the same digest when rebuilt from its definition and stepped to the same tick", () => {
    const live = new ClusterActor(definition(els));
    for (let tick = 0; tick <= 600; tick += 10) stepTo(live, tick);
    const restored = new ClusterActor(definition(els));
    stepTo(restored, 600);
    expect(restored.digest()).toBe(live.digest());
  });

  it("changes its digest when the state changes", () => {
    const a = new ClusterActor(definition(els));
    stepTo(a, 10);
    const before = a.digest();
    stepTo(a, 11);
    expect(a.digest()).not.toBe(before);
  });

  it("publishes every satellite's state in one batch whose columns decode to what it holds", () => {
    const actor = new ClusterActor(definition(els));
    stepTo(actor, 42);
    const batch = clusterTelemetry.decode(actor.encodeTelemetry("t"));
    expect(batch.count).toBe(20);
    const alt = telemetryColumn(batch, "altKm")!;
    const pos = telemetryVectors(batch, "posKm");
    // The batch carries the float32 nearest each value; one satellite's own message the exact one.
    const one = actor.satelliteTelemetry("t", "s-7")!;
    expect(alt[7]).toBe(Math.fround(one.altKm));
    expect([pos[21], pos[22], pos[23]]).toEqual(one.posKm.map(Math.fround));
    expect(actor.satelliteTelemetry("t", "nope")).toBeUndefined();
  });

  it("reports a decayed satellite as failed instead of throwing", () => {
    const heavy = [{ ...els[0]!, meanMotionRevPerDay: 16.4, eccentricity: 0.001 }];
    const actor = new ClusterActor(definition(heavy, 0.5));
    const t = epochMs + 400 * 86_400_000;
    const summary = actor.step(1, t, sunPositionKm(t));
    expect(summary.failed).toBe(1);
    expect(actor.satelliteTelemetry("t", "s-0")!.status).toBe("propagation-failed");
  });

  it("reports a lost orbit once, at the tick it is lost, also across a restore", () => {
    const heavy = [{ ...els[0]!, meanMotionRevPerDay: 16.4, eccentricity: 0.001 }];
    const actor = new ClusterActor(definition(heavy, 0.5));
    const at = (tick: number) => epochMs + (400 + tick) * 86_400_000;
    const lost = actor.step(1, at(1), sunPositionKm(at(1))).orbitCommands;
    expect(lost).toEqual([{ slot: 0, kind: "propagation-failed", detail: expect.stringMatching(/SGP4 error \d/) as string }]);
    expect(actor.step(2, at(2), sunPositionKm(at(2))).orbitCommands).toEqual([]);
    const snap = actor.snapshot();
    const restored = new ClusterActor(definition(heavy, 0.5));
    restored.restore(snap);
    expect(restored.step(3, at(3), sunPositionKm(at(3))).orbitCommands).toEqual([]);
  });

  it("flies a commanded burn from the tick after the decision and reports it", () => {
    const actor = new ClusterActor(definition(els));
    const coasting = new ClusterActor(definition(els));
    stepTo(actor, 10);
    stepTo(coasting, 10);
    actor.enqueue(10, 3, { sat: "s-3", maneuver: { id: "m1", deltaVRtnMS: [0, 0.5, 0], interruptS: 0 } });
    const summary = actor.step(11, epochMs + 11_000, sunPositionKm(epochMs + 11_000));
    expect(summary.orbitCommands).toEqual([expect.objectContaining({ slot: 3, kind: "maneuver-executed", maneuverId: "m1" })]);
    stepTo(coasting, 11);
    const at = (a: ClusterActor) => telemetryVectors(clusterTelemetry.decode(a.encodeTelemetry("t")), "posKm");
    // At the burn the position is unchanged; half an orbit later a 0.5 m/s prograde burn has raised it.
    expect(Math.hypot(at(actor)[9]! - at(coasting)[9]!, at(actor)[10]! - at(coasting)[10]!, at(actor)[11]! - at(coasting)[11]!)).toBeLessThan(0.01);
    stepTo(actor, 11 + 2870);
    stepTo(coasting, 11 + 2870);
    const r = (p: OrbitValues) => Math.hypot(p[9]!, p[10]!, p[11]!);
    expect(r(at(actor)) - r(at(coasting))).toBeGreaterThan(1.0);
    expect(at(actor)[0]).toBe(at(coasting)[0]);
  });

  it("marks a destroyed satellite and keeps it destroyed", () => {
    const actor = new ClusterActor(definition(els));
    stepTo(actor, 0);
    actor.enqueue(0, 5, { sat: "s-5", destroy: "collision with debris" });
    const summary = actor.step(1, epochMs + 1000, sunPositionKm(epochMs + 1000));
    expect(summary.orbitCommands).toEqual([{ slot: 5, kind: "satellite-destroyed", detail: "collision with debris" }]);
    stepTo(actor, 2);
    const batch = clusterTelemetry.decode(actor.encodeTelemetry("t"));
    expect(batch.status[5]).toBe(2);
    expect(batch.status[4]).toBe(0);
  });

  it("destroys a satellite in a comms blackout that collides, and fails a burn that cannot reach it", () => {
    const def = { ...definition(els), bus: { preset: "starlink-v2-mini-gpu" } };
    const actor = new ClusterActor(def, 5);
    stepTo(actor, 0);
    const t1 = epochMs + 1000;
    actor.step(1, t1, sunPositionKm(t1), 1000, {
      started: [{ id: "f-1", kind: "comms-blackout", sats: ["s-4", "s-6"], untilMs: epochMs + 60_000 }],
      ended: [],
    });
    actor.enqueue(1, 4, { sat: "s-4", destroy: "collision with debris" });
    actor.enqueue(1, 6, { sat: "s-6", maneuver: { id: "m1", deltaVRtnMS: [0, 0.5, 0], interruptS: 0 } });
    actor.enqueue(1, 6, { sat: "s-6", clock: 0.5 });
    const before = actor.elementsOf(6);
    const summary = actor.step(2, epochMs + 2000, sunPositionKm(epochMs + 2000));
    expect(summary.orbitCommands).toEqual([
      { slot: 4, kind: "satellite-destroyed", detail: "collision with debris" },
      expect.objectContaining({ slot: 6, kind: "maneuver-failed", maneuverId: "m1", detail: expect.stringMatching(/comms blackout/) as string }),
    ]);
    expect(actor.elementsOf(6)).toEqual(before);
    // Telemetry still says no-signal (the blackout), but the satellite is gone.
    expect(actor.snapshot().destroyed[4]).toBe(1);
  });

  it("continues from a snapshot exactly: bus state, pending commands, burns and faults included", () => {
    const def = { ...definition(els), bus: { preset: "starlink-v2-mini-gpu" } };
    const live = new ClusterActor(def, 5);
    for (let tick = 0; tick <= 30; tick++) stepTo(live, tick);
    live.enqueue(30, 2, { sat: "s-2", clock: 0.5 });
    live.enqueue(30, 4, { sat: "s-4", maneuver: { id: "m1", deltaVRtnMS: [0, 0.2, 0], interruptS: 60 } });
    const t31 = epochMs + 31_000;
    live.step(31, t31, sunPositionKm(t31), 31_000, {
      started: [
        { id: "f-1", kind: "radiator-damage", sats: ["s-7"], fraction: 0.5 },
        { id: "f-2", kind: "comms-blackout", sats: ["s-9"], untilMs: epochMs + 40_000 },
      ],
      ended: [],
    });
    live.enqueue(31, 1, { sat: "s-1", safeMode: true });
    const snap = structuredClone(live.snapshot());
    const restored = new ClusterActor(def, 5);
    restored.restore(snap);
    for (let tick = 32; tick <= 60; tick++) {
      stepTo(live, tick);
      stepTo(restored, tick);
    }
    expect(restored.digest()).toBe(live.digest());
    expect(restored.encodeTelemetry("t")).toEqual(live.encodeTelemetry("t"));
  });

  describe("with the next tick prepared ahead", () => {
    const gpuDef = () => ({ ...definition(els), bus: { preset: "starlink-v2-mini-gpu" } });
    const prepareFor = (actor: ClusterActor, tick: number) => {
      const t = epochMs + tick * 1000;
      actor.prepare(tick, t, sunPositionKm(t));
    };

    it("steps to the same state, and shows this tick's until the next is stepped", () => {
      const plain = new ClusterActor(gpuDef(), 5);
      const ahead = new ClusterActor(gpuDef(), 5);
      for (let tick = 0; tick <= 20; tick++) {
        stepTo(plain, tick);
        stepTo(ahead, tick);
        prepareFor(ahead, tick + 1);
        expect(ahead.digest()).toBe(plain.digest());
        expect(ahead.encodeTelemetry("t")).toEqual(plain.encodeTelemetry("t"));
        expect(ahead.satelliteTelemetry("t", "s-3")).toEqual(plain.satelliteTelemetry("t", "s-3"));
      }
    });

    /** Two actors of one definition stepped to tick 10: one to go on plainly, one to prepare ahead. */
    const pairAtTick10 = () => {
      const pair = { plain: new ClusterActor(definition(els)), ahead: new ClusterActor(definition(els)) };
      stepTo(pair.plain, 10);
      stepTo(pair.ahead, 10);
      return pair;
    };

    it("flies a burn decided after the tick was prepared", () => {
      const { plain, ahead } = pairAtTick10();
      prepareFor(ahead, 11);
      prepareFor(ahead, 12);
      const burn = { sat: "s-3", maneuver: { id: "m1", deltaVRtnMS: [0, 5, 0] as [number, number, number], interruptS: 0 } };
      plain.enqueue(10, 3, burn);
      ahead.enqueue(10, 3, burn);
      stepTo(plain, 11);
      stepTo(ahead, 11);
      prepareFor(ahead, 12);
      stepTo(plain, 12);
      stepTo(ahead, 12);
      expect(ahead.digest()).toBe(plain.digest());
    });

    it("steps every subsystem as without it when commands, faults, burns and losses come after", () => {
      // Chips failing every few ticks (a billion FIT) and a fault or command most ticks.
      const def = { ...definition(els), bus: { preset: "starlink-v2-mini-gpu", fit: 2e9, spares: 1 } };
      const plain = new ClusterActor(def, 7);
      const ahead = new ClusterActor(def, 7);
      let seed = 12345;
      // The high bits of an LCG: its low bits repeat with a short period.
      const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor((seed / 2 ** 31) * n));
      const faultsAt = (tick: number): TickFaults | undefined => {
        const sat = `s-${next(20)}`;
        const id = `f-${tick}`;
        switch (next(8)) {
          case 0:
            return { started: [{ id, kind: "accelerator-failure", sats: [sat], count: 3 }], ended: [] };
          case 1:
            return { started: [{ id, kind: "radiator-damage", sats: [sat], fraction: 0.6 }], ended: [] };
          case 2:
            return { started: [{ id, kind: "solar-particle-event", sats: [sat], multiplier: 1e4, untilMs: epochMs + (tick + 3) * 10_000 }], ended: [] };
          case 3:
            return { started: [{ id, kind: "battery-cell-failure", sats: [sat], fraction: 0.5 }], ended: [] };
          default:
            return undefined;
        }
      };
      const commandAt = (tick: number): [number, SatelliteCommand] | undefined => {
        const slot = next(20);
        const sat = `s-${slot}`;
        // A burn changes the orbits, so the step ahead is not taken; a loss changes a satellite's orbit status.
        if (tick % 30 === 17) return [slot, { sat, maneuver: { id: `m-${tick}`, deltaVRtnMS: [0, 0.5, 0], interruptS: 25 } }];
        if (tick % 25 === 12) return [slot, { sat, destroy: "collision with debris" }];
        switch (next(5)) {
          case 0:
            return [slot, { sat, clock: 0.5 }];
          case 1:
            return [slot, { sat, safeMode: next(2) === 0 }];
          case 2:
            return [slot, { sat, dutyCycle: 0.3, load: 0.5 }];
          default:
            return undefined;
        }
      };
      let failures = 0;
      for (let tick = 0; tick <= 150; tick++) {
        const t = epochMs + tick * 10_000;
        const faults = faultsAt(tick);
        const sun = sunPositionKm(t);
        const a = plain.step(tick, t, sun, t - epochMs, faults);
        const b = ahead.step(tick, t, sun, t - epochMs, faults);
        expect(b, `tick ${tick}`).toEqual(a);
        expect(ahead.digest(), `tick ${tick}`).toBe(plain.digest());
        expect(ahead.encodeTelemetry("t")).toEqual(plain.encodeTelemetry("t"));
        failures += a.subsystems!.failures.length;
        const before = commandAt(tick);
        if (before) for (const actor of [plain, ahead]) actor.enqueue(tick, ...before);
        const tNext = t + 10_000;
        // Every fourth tick is left unprepared; one in ten is prepared for a time it never runs,
        // and one in ten with another Sun than its step is given.
        const preparedMs = tick % 10 === 5 ? tNext + 1000 : tNext;
        const preparedSun = sunPositionKm(tick % 10 === 8 ? tNext + 182 * 86_400_000 : tNext);
        if (tick % 4 !== 3) ahead.prepare(tick + 1, preparedMs, preparedSun, tNext - epochMs);
        const after = commandAt(tick);
        if (after) for (const actor of [plain, ahead]) actor.enqueue(tick, ...after);
      }
      expect(failures, "the accelerated failures were exercised").toBeGreaterThan(5);
    });

    it("takes no step computed ahead across a restore", () => {
      const def = { ...definition(els), bus: { preset: "starlink-v2-mini-gpu" } };
      const plain = new ClusterActor(def, 3);
      const ahead = new ClusterActor(def, 3);
      for (let tick = 0; tick <= 20; tick++) for (const actor of [plain, ahead]) stepTo(actor, tick);
      // Tick 21 of another history (a command this actor never had) is the checkpoint it goes back to.
      plain.enqueue(20, 3, { sat: "s-3", clock: 0.2 });
      for (const actor of [plain, ahead]) stepTo(actor, 21);
      ahead.prepare(22, epochMs + 22_000, sunPositionKm(epochMs + 22_000));
      ahead.restore(structuredClone(plain.snapshot()));
      for (const actor of [plain, ahead]) stepTo(actor, 22);
      expect(ahead.digest()).toBe(plain.digest());
    });

    it("steps a tick at another time than the one prepared", () => {
      const { plain, ahead } = pairAtTick10();
      prepareFor(ahead, 11);
      stepTo(plain, 15);
      stepTo(ahead, 15);
      expect(ahead.digest()).toBe(plain.digest());
    });

    it("targets a region fault by where the satellites were at the last step", () => {
      const region = { latMinDeg: -10, latMaxDeg: 60, lonMinDeg: -180, lonMaxDeg: 180 };
      const fault = { started: [{ id: "f-1", kind: "satellite-loss" as const, region }], ended: [] };
      const lostIn = (prepare: boolean) => {
        const actor = new ClusterActor(definition(els));
        stepTo(actor, 100);
        if (prepare) prepareFor(actor, 1600);
        const t = epochMs + 1_600_000;
        return actor.step(1600, t, sunPositionKm(t), 0, fault).faultEffects.map((e) => e.slot);
      };
      const lost = lostIn(false);
      expect(lost.length).toBeGreaterThan(0);
      expect(lost.length).toBeLessThan(20);
      expect(lostIn(true)).toEqual(lost);
    });

    it("targets a region fault after a restore by where the satellites were at the checkpoint", () => {
      const region = { latMinDeg: -10, latMaxDeg: 60, lonMinDeg: -180, lonMaxDeg: 180 };
      const fault = { started: [{ id: "f-1", kind: "satellite-loss" as const, region }], ended: [] };
      const live = new ClusterActor(definition(els));
      stepTo(live, 100);
      const restored = new ClusterActor(definition(els));
      restored.restore(structuredClone(live.snapshot()));
      const t = epochMs + 1_600_000;
      const lost = live.step(1600, t, sunPositionKm(t), 0, fault).faultEffects.map((e) => e.slot);
      expect(lost.length).toBeGreaterThan(0);
      expect(restored.step(1600, t, sunPositionKm(t), 0, fault).faultEffects.map((e) => e.slot)).toEqual(lost);
    });
  });

  it("applies a fault once even when a rerun of its tick announces it again", () => {
    const def = { ...definition(els), bus: { preset: "starlink-v2-mini-gpu" } };
    const actor = new ClusterActor(def, 5);
    stepTo(actor, 0);
    const t1 = epochMs + 1000;
    const faults = { started: [{ id: "f-1", kind: "accelerator-failure" as const, sats: ["s-3"], count: 2 }], ended: [] };
    actor.step(1, t1, sunPositionKm(t1), 1000, faults);
    actor.step(1, t1, sunPositionKm(t1), 1000, faults);
    const failed = clusterTelemetry.decode(actor.encodeTelemetry("t")).acceleratorsFailed!;
    expect(new DataView(failed.buffer, failed.byteOffset).getUint16(2 * 3, true)).toBe(2);
  });
});
