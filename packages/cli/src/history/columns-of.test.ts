import { describe, expect, it } from "vitest";
import { float32ToBin, float64ToBin, type ClusterTelemetry } from "@orbitwin/protocol";
import { columnOf, vectorsOf } from "./columns-of.js";

const posKm = [6878.137123, -12.3456789, 0.000123456789];
const altKm = 550.123456789;

function batch(layout: 2 | 3): ClusterTelemetry {
  const orbit = (values: number[]) => (layout === 3 ? float32ToBin(Float32Array.from(values)) : float64ToBin(Float64Array.from(values)));
  return {
    v: layout,
    run: "r",
    cluster: "c",
    tick: 0,
    simTimeMs: 0,
    count: 1,
    posKm: orbit(posKm),
    velKmS: orbit([7.61234567, 0, 0]),
    latDeg: orbit([53.123456789]),
    lonDeg: orbit([-179.987654321]),
    altKm: orbit([altKm]),
    sunlitFraction: orbit([1]),
    status: new Uint8Array(1),
  };
}

describe("satellite columns as the history commands print them", () => {
  it("prints float32 orbit columns to the 7 significant digits they carry", () => {
    const b = batch(3);
    expect(Array.from(vectorsOf(b, "posKm"))).toEqual([6878.137, -12.34568, 0.0001234568]);
    expect(Array.from(vectorsOf(b, "velKmS"))).toEqual([7.612346, 0, 0]);
    expect(Array.from(columnOf(b, "altKm")!)).toEqual([550.1235]);
    expect(Array.from(columnOf(b, "lonDeg")!)).toEqual([-179.9877]);
  });

  it("prints layout 2's float64 orbit columns whole", () => {
    const b = batch(2);
    expect(Array.from(vectorsOf(b, "posKm"))).toEqual(posKm);
    expect(Array.from(columnOf(b, "altKm")!)).toEqual([altKm]);
  });

  it("names a field that is not a satellite column", () => {
    expect(() => columnOf(batch(3), "altitude")).toThrow(/field "altitude" is not a satellite column/);
  });
});
