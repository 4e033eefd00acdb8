import { describe, expect, it } from "vitest";
import { toSatrec } from "./elements.js";
import { walkerDelta } from "./generators.js";
import { createOrbitState, type OrbitState } from "./orbit-batch.js";
import { Sgp4Batch } from "./sgp4-batch.js";
import { allocate, kernelMemoryStats, release } from "./sgp4-wasm.js";
import { sunPositionKm } from "./sun.js";

const epochMs = Date.UTC(2026, 4, 13);
const timeMs = epochMs + 90 * 60_000;

function stepped(batch: Sgp4Batch): { state: OrbitState; sunlit: Float64Array } {
  const state = createOrbitState(batch.count);
  const sunlit = new Float64Array(batch.count);
  batch.step(timeMs, sunPositionKm(timeMs), state, sunlit);
  return { state, sunlit };
}

describe("the WebAssembly kernel's memory", () => {
  it("reuses a released block, merged with its free neighbours, and gives the top back", () => {
    const before = kernelMemoryStats().usedBytes;
    const a = allocate(1000);
    const b = allocate(3000);
    const c = allocate(500);
    expect(b).toBeGreaterThanOrEqual(a + 1000);
    release(b, 3000);
    release(a, 1000);
    // a and b are one free block now: a request as large as both fits where a was.
    expect(allocate(4000)).toBe(a);
    release(a, 4000);
    release(c, 500);
    expect(kernelMemoryStats().usedBytes).toBe(before);
    expect(kernelMemoryStats().freeBytes).toBe(0);
  });

  it("refuses more than WebAssembly's 4 GiB, naming the limit, and stays usable", () => {
    const before = kernelMemoryStats();
    expect(() => allocate(5 * 1024 ** 3)).toThrow(/WebAssembly's limit is 4294967296 \(4 GiB\)/);
    expect(() => new Sgp4Batch(200_000_000)).toThrow(/WebAssembly's limit/);
    expect(kernelMemoryStats()).toEqual(before);
    release(allocate(100), 100);
  });

  it("keeps a batch's tables and results when the memory grows under it", () => {
    const shell = walkerDelta({ planes: 10, satsPerPlane: 30, phasing: 3, altKm: 560, inclinationDeg: 53, epochMs, bstar: 2e-4 });
    const batch = Sgp4Batch.fromElements(shell.length, (slot) => shell[slot]!);
    const first = stepped(batch);
    const memoryBefore = kernelMemoryStats().memoryBytes;
    const big = allocate(64 * 1024 * 1024);
    expect(kernelMemoryStats().memoryBytes).toBeGreaterThan(memoryBefore);
    const again = stepped(batch);
    release(big, 64 * 1024 * 1024);
    expect(Array.from(again.state.posKm)).toEqual(Array.from(first.state.posKm));
    expect(Array.from(again.state.latDeg)).toEqual(Array.from(first.state.latDeg));
    expect(Array.from(again.sunlit)).toEqual(Array.from(first.sunlit));
    // A burn after the growth writes into the tables where they are now.
    const burned = { ...shell[7]!, meanAnomalyDeg: shell[7]!.meanAnomalyDeg + 10 };
    batch.setSatrec(7, toSatrec(burned));
    const alone = stepped(Sgp4Batch.fromSatrecs([toSatrec(burned)]));
    expect(Array.from(stepped(batch).state.posKm.subarray(21, 24))).toEqual(Array.from(alone.state.posKm));
  });

  it("steps a batch larger than one call of the kernel as slot by slot", () => {
    const shell = walkerDelta({ planes: 200, satsPerPlane: 200, phasing: 7, altKm: 1100, inclinationDeg: 97.6, epochMs, bstar: 1e-4 });
    const batch = Sgp4Batch.fromElements(shell.length, (slot) => shell[slot]!);
    const { state } = stepped(batch);
    const pos = new Float64Array(3);
    const vel = new Float64Array(3);
    for (const slot of [0, 1, 16_383, 16_384, 16_385, 32_768, shell.length - 1]) {
      expect(batch.propagateOne(slot, timeMs / 60_000, pos, vel, 0)).toBe(0);
      expect([state.posKm[3 * slot], state.posKm[3 * slot + 1], state.posKm[3 * slot + 2]]).toEqual(Array.from(pos));
      expect([state.velKmS[3 * slot], state.velKmS[3 * slot + 1], state.velKmS[3 * slot + 2]]).toEqual(Array.from(vel));
    }
    expect(state.errorCode.every((code) => code === 0)).toBe(true);
  });

  it("gives a slot the same numbers whether its neighbour in the pair fails, goes deep or is healthy", () => {
    const shell = walkerDelta({ planes: 2, satsPerPlane: 4, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs, bstar: 2e-4 });
    const healthy = toSatrec(shell[3]!);
    // A neighbour SGP4 fails by then (its drag has run the orbit down), and one in deep space.
    const decayed = toSatrec({ ...shell[2]!, meanMotionRevPerDay: 16.3, bstar: 0.02, eccentricity: 0.0001 });
    const deep = toSatrec({ ...shell[1]!, meanMotionRevPerDay: 2.006, eccentricity: 0.7, argPerigeeDeg: 270, inclinationDeg: 63.4 });
    const late = epochMs + 30 * 86_400_000;
    const neighbours = [toSatrec(shell[0]!), decayed, deep];
    const states = neighbours.map((neighbour) => {
      const batch = Sgp4Batch.fromSatrecs([neighbour, healthy]);
      const state = createOrbitState(2);
      batch.step(late, sunPositionKm(late), state, new Float64Array(2));
      return { codes: Array.from(state.errorCode), mine: Array.from(state.posKm.subarray(3, 6)).concat(Array.from(state.velKmS.subarray(3, 6))) };
    });
    expect(states.map((s) => s.codes[1])).toEqual([0, 0, 0]);
    expect([states[0]!.codes[0], states[2]!.codes[0]]).toEqual([0, 0]);
    expect(states[1]!.codes[0]).toBeGreaterThan(0);
    expect(states[1]!.mine).toEqual(states[0]!.mine);
    expect(states[2]!.mine).toEqual(states[0]!.mine);
  });
});
