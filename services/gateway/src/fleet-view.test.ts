import { describe, expect, it } from "vitest";
import { clusterTelemetry, float32ToBin, float64ToBin } from "@orbitwin/protocol";
import { FleetView } from "./fleet-view.js";
import { NO_READING, NO_SIGNAL, VALUE_STEPS, readFrame } from "./wire.js";

/** A decoded batch and its cluster definition's ids (batches name their slots by their order). */
const batch = (cluster: string, sats: string[], latDeg: number[], extra: { battery?: number[]; sunlit?: number[] } = {}) =>
  [
    clusterTelemetry.decode(
      clusterTelemetry.encode({
        v: 2,
        run: "g",
        cluster,
        tick: 3,
        simTimeMs: Date.UTC(2026, 0, 1),
        count: sats.length,
        posKm: float64ToBin(Float64Array.from({ length: 3 * sats.length }, (_, i) => (i % 3 === 0 ? 6928 : 0))),
        velKmS: float64ToBin(Float64Array.from({ length: 3 * sats.length }, (_, i) => (i % 3 === 1 ? 7.6 : 0))),
        latDeg: float64ToBin(Float64Array.from(latDeg)),
        lonDeg: float64ToBin(Float64Array.from(latDeg, (l) => -l)),
        altKm: float64ToBin(new Float64Array(sats.length).fill(550)),
        sunlitFraction: float64ToBin(Float64Array.from(extra.sunlit ?? sats.map(() => 1))),
        status: Uint8Array.from(sats, (_, i) => (i === 1 ? 3 : 0)),
        ...(extra.battery ? { batterySoc: float32ToBin(Float32Array.from(extra.battery)) } : {}),
      }),
    ),
    sats,
  ] as const;

const sun = { latDeg: -23, lonDeg: 10 };

describe("the dashboard's fleet view", () => {
  it("packs every satellite into one binary frame in cluster and slot order, once per change", () => {
    const view = new FleetView();
    view.onBatch(...batch("b", ["b-1", "b-2"], [10, 20], { sunlit: [1, 0] }));
    view.onBatch(...batch("a", ["a-1"], [-5]));
    expect(view.takeChange()).toBe(true);
    const frame = readFrame(view.frame("health", sun));
    expect(Array.from(frame.latDeg)).toEqual([-5, 10, 20]);
    expect(Array.from(frame.lonDeg)).toEqual([5, -10, -20]);
    expect(Array.from(frame.altKm)).toEqual([550, 550, 550]);
    expect(Array.from(frame.value)).toEqual([0, 0, NO_SIGNAL]);
    expect(Array.from(frame.sunlit)).toEqual([255, 255, 0]);
    expect(frame).toMatchObject({ subsolarLatDeg: -23, subsolarLonDeg: 10, simTimeMs: Date.UTC(2026, 0, 1), field: "health" });
    expect(view.ids().ids).toEqual(["a-1", "b-1", "b-2"]);
    expect(view.takeChange()).toBe(false);
    expect(view.satellite("b-2")).toMatchObject({ cluster: "b", latDeg: 20, status: 3 });
    expect(view.stateVector("a-1")).toMatchObject({ posKm: [6928, 0, 0], velKmS: [0, 7.6, 0] });
  });

  it("sends the field a page colors by on its scale, and marks what has no reading", () => {
    const view = new FleetView();
    view.onBatch(...batch("a", ["a-1", "a-2", "a-3"], [0, 1, 2], { battery: [0.5, 1, 0.25] }));
    view.onBatch(...batch("b", ["b-1"], [3]));
    view.takeChange();
    const battery = readFrame(view.frame("battery", sun));
    expect(battery).toMatchObject({ field: "battery", fieldMin: 0, fieldMax: 1 });
    // a-2 has no signal; b-1 reports no battery.
    expect(Array.from(battery.value)).toEqual([VALUE_STEPS / 2, NO_SIGNAL, Math.round(VALUE_STEPS / 4), NO_READING]);
  });
});

describe("the dashboard's fleet view of a fleet past its point budget", () => {
  it("keeps and sends an even sample, and says how it was chosen", () => {
    const view = new FleetView({ maxPoints: 4 });
    const ids = (c: string) => Array.from({ length: 6 }, (_, i) => `${c}-${i}`);
    view.onBatch(...batch("a", ids("a"), [0, 1, 2, 3, 4, 5]));
    view.onBatch(...batch("b", ids("b"), [10, 11, 12, 13, 14, 15]));
    // The first batch came while the fleet looked like 6 satellites: the next tick evens it out.
    view.onBatch(...batch("a", ids("a"), [0, 1, 2, 3, 4, 5]));
    view.takeChange();
    const frame = readFrame(view.frame("health", sun));
    expect(Array.from(frame.latDeg)).toEqual([0, 3, 10, 13]);
    expect(view.ids()).toMatchObject({ ids: ["a-0", "a-3", "b-0", "b-3"], total: 12, stride: 3 });
    expect(view.satellite("b-3")).toMatchObject({ cluster: "b", latDeg: 13 });
    expect(view.satellite("b-4")).toBeUndefined();
  });

  it("refuses ids that do not fit the batch, naming the cluster", () => {
    const [t] = batch("a", ["a-1", "a-2"], [0, 1]);
    expect(() => new FleetView().onBatch(t, ["a-1"])).toThrow(/cluster a: the batch has 2 satellites, its definition 1/);
  });
});
