import { describe, expect, it } from "vitest";
import { busPresets, counterUniform, type SatelliteBusSpec } from "@orbitwin/physics";
import { SatStatus, binToFloat32 } from "@orbitwin/protocol";
import { StateDigest } from "@orbitwin/runtime";
import { ClusterFaults } from "./cluster-faults.js";
import { ClusterSubsystems, type SubsystemStepInput } from "./cluster-subsystems.js";

const gpu = busPresets["starlink-v2-mini-gpu"]!;
/** Soft enough that chips fail and batteries run low within a few hundred steps. */
const soft: SatelliteBusSpec = {
  ...gpu,
  battery: { ...gpu.battery, capacityWh: 4000 },
  hardFailure: { tidScaleRad: 40, tidShape: 3, fit: 2e6 },
  overTempHazardPerK: 0.01,
};

/** One tick's orbit for `count` slots from entity `first` on: pseudo-random but a pure function of (slot, tick). */
function orbitAt(tick: number, first: number, count: number, dtS: number): SubsystemStepInput {
  const input: SubsystemStepInput = {
    tick,
    dtS,
    ageMs: tick * dtS * 1000,
    seed: 3,
    sunlit: new Float64Array(count),
    latDeg: new Float64Array(count),
    lonDeg: new Float64Array(count),
    altKm: new Float64Array(count),
    orbitStatus: new Uint8Array(count),
  };
  for (let i = 0; i < count; i++) {
    const entity = first + i;
    input.sunlit[i] = (tick + entity) % 9 < 3 ? 0 : 1;
    input.latDeg[i] = -70 + 140 * counterUniform(1, entity, tick, 1);
    input.lonDeg[i] = -180 + 360 * counterUniform(1, entity, tick, 2);
    input.altKm[i] = 500 + 800 * counterUniform(1, entity, tick, 3);
    input.orbitStatus[i] = entity === 13 && tick > 100 ? SatStatus.destroyed : 0;
  }
  return input;
}

describe("ClusterSubsystems", () => {
  it("steps a cluster split over two hosts bit for bit as one, with faults, commands and failures", () => {
    const n = 40;
    const whole = new ClusterSubsystems(soft, n, 0);
    const parts = [new ClusterSubsystems(soft, 25, 0), new ClusterSubsystems(soft, 15, 25)];
    const partOf = (slot: number): [ClusterSubsystems, number] => (slot < 25 ? [parts[0]!, slot] : [parts[1]!, slot - 25]);
    const both = (slot: number, act: (c: ClusterSubsystems, slot: number) => void) => {
      act(whole, slot);
      act(...partOf(slot));
    };
    const changes: string[][] = [[], []];
    for (let tick = 0; tick < 300; tick++) {
      if (tick === 10) {
        both(2, (c, s) => c.apply(s, { sat: "x", clock: 0.5 }));
        both(27, (c, s) => c.apply(s, { sat: "x", safeMode: true }));
        both(30, (c, s) => c.apply(s, { sat: "x", maneuver: { id: "m", deltaVRtnMS: [0, 0, 0], interruptS: 120 } }));
        both(31, (c, s) => c.apply(s, { sat: "x", dutyCycle: 0.4, load: 0.5 }));
        both(5, (c, s) => c.failAccelerators(s, 4));
        both(26, (c, s) => c.degrade("radiator-damage", s, 0.8));
        both(7, (c, s) => c.degrade("battery-cell-failure", s, 0.7));
        both(33, (c, s) => (c.state.doseFactor[s] = 100));
      }
      if (tick === 150) both(27, (c, s) => c.apply(s, { sat: "x", safeMode: false }));
      const w = whole.step(orbitAt(tick, 0, n, 30));
      changes[0]!.push(...w.healthChanges.map((h) => `${h.slot} ${h.from} ${h.to} ${h.reason}`));
      for (const [k, part] of parts.entries()) {
        const first = k === 0 ? 0 : 25;
        const r = part.step(orbitAt(tick, first, part.state.count, 30));
        changes[1]!.push(...r.healthChanges.map((h) => `${h.slot + first} ${h.from} ${h.to} ${h.reason}`));
      }
    }
    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(changes[1]!)).toEqual(sorted(changes[0]!));
    // Same state, column by column; a digest over the halves equals one over the whole cut the same way.
    for (const [field, column] of Object.entries(whole.state)) {
      if (!ArrayBuffer.isView(column)) continue;
      const joined = parts.flatMap((p) => Array.from((p.state as unknown as Record<string, Float64Array>)[field]!));
      expect(Array.from(column as Float64Array), field).toEqual(joined);
    }
    for (let slot = 0; slot < n; slot++) {
      const [part, local] = partOf(slot);
      expect(part.healthName(local)).toBe(whole.healthName(slot));
      expect(part.junctionK(local)).toBe(whole.junctionK(slot));
    }
    expect(Array.from(whole.state.acceleratorsFailed).reduce((a, b) => a + b, 0)).toBeGreaterThan(4);
    expect(changes[0]!.some((c) => c.includes("safe-mode"))).toBe(true);
  });

  it("reports a health change once, with the reason of the rule that decided it", () => {
    const c = new ClusterSubsystems(gpu, 3, 0);
    const step = (tick: number) => c.step({ ...orbitAt(tick, 100, 3, 10), sunlit: new Float64Array(3).fill(1) }).healthChanges;
    expect(step(0)).toEqual([]);
    c.apply(0, { sat: "a", clock: 0.5 });
    c.apply(1, { sat: "b", maneuver: { id: "m", deltaVRtnMS: [0, 0, 0], interruptS: 60 } });
    c.apply(2, { sat: "c", safeMode: true });
    expect(step(1)).toEqual([
      { slot: 0, from: "nominal", to: "throttled", reason: "clock at 50 % commanded" },
      { slot: 1, from: "nominal", to: "maneuvering", reason: "maneuvering: compute paused 50 s more" },
      { slot: 2, from: "nominal", to: "safe-mode", reason: "safe mode commanded" },
    ]);
    expect(step(2)).toEqual([]);
    // 16 fail, the 2 spares take over; then those 2 fail too.
    c.failAccelerators(0, 16);
    expect(step(3)).toEqual([{ slot: 0, from: "throttled", to: "degraded", reason: "14 accelerators lost, no spares left" }]);
    c.failAccelerators(0, 16);
    expect(step(4)).toEqual([{ slot: 0, from: "degraded", to: "dead", reason: "no working accelerator left (18 failed, no spares)" }]);
  });

  it("sends the ground what it would receive: nothing in a blackout, a bad sensor's offset, no clock in safe mode", () => {
    const c = new ClusterSubsystems(gpu, 4, 0);
    const faults = new ClusterFaults(4);
    c.step(orbitAt(0, 0, 4, 10));
    c.step(orbitAt(1, 0, 4, 10));
    faults.apply({ id: "b", kind: "comms-blackout", sats: ["s1"] }, [1], c);
    faults.apply({ id: "s", kind: "sensor-fault", sats: ["s2"], field: "tempComputeK", offset: 40 }, [2], c);
    c.apply(3, { sat: "s3", safeMode: true });
    const cols = c.columns(faults);
    const read = (field: string) => Array.from(binToFloat32(cols[field]!, 4, field));
    const temps = c.state.tempComputeK;
    expect(read("tempComputeK")).toEqual([Math.fround(temps[0]!), Number.NaN, Math.fround(Math.fround(temps[2]!) + 40), Math.fround(temps[3]!)]);
    expect(read("tempBusK")[2]).toBe(Math.fround(c.state.tempBusK[2]!));
    expect(read("junctionLimitK")).toEqual([gpu.accelerator.junctionLimitK, Number.NaN, gpu.accelerator.junctionLimitK, gpu.accelerator.junctionLimitK]);
    expect(read("clock")).toEqual([1, Number.NaN, 1, 0]);
    expect(Array.from(c.columns().tempComputeK!)).toEqual(Array.from(new Uint8Array(new Float32Array(temps).buffer)));
  });

  it("restores a checkpoint to the same digest, and one written before the TID hazard left the state", () => {
    const live = new ClusterSubsystems(soft, 12, 0);
    for (let tick = 0; tick < 60; tick++) live.step(orbitAt(tick, 0, 12, 30));
    const snap = structuredClone(live.snapshot());
    const older = structuredClone(snap);
    (older.state as unknown as Record<string, unknown>).tidHazard = new Float64Array(12).fill(0.5);
    const restored = new ClusterSubsystems(soft, 12, 0);
    restored.restore(snap);
    const fromOlder = new ClusterSubsystems(soft, 12, 0);
    fromOlder.restore(older);
    for (let tick = 60; tick < 120; tick++) for (const c of [live, restored, fromOlder]) c.step(orbitAt(tick, 0, 12, 30));
    const digest = (c: ClusterSubsystems) => {
      const d = new StateDigest();
      c.digestInto(d);
      return d.hex();
    };
    expect(digest(restored)).toBe(digest(live));
    expect(digest(fromOlder)).toBe(digest(live));
  });
});
