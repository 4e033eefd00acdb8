import { describe, expect, it } from "vitest";
import { float32ToBin, float64ToBin, uint16ToBin } from "./columns.js";
import { clusterTelemetry, type ClusterTelemetry, type ClusterTelemetryV3 } from "./messages/telemetry.js";
import { SCALAR_COLUMNS, clusterTelemetryProblems, telemetryColumn, telemetryVectors } from "./telemetry-columns.js";

const n = 3;
const orbit = {
  posKm: Float64Array.from({ length: 3 * n }, (_, i) => 7000 + i + 0.123456789),
  velKmS: new Float64Array(3 * n).fill(7.612345678),
  latDeg: Float64Array.from([10, 20, 30]),
  lonDeg: new Float64Array(n),
  altKm: new Float64Array(n).fill(550),
  sunlitFraction: new Float64Array(n),
};
const f32 = (values: Float64Array) => float32ToBin(Float32Array.from(values));
const batch: ClusterTelemetryV3 = {
  v: 3,
  run: "r",
  cluster: "c",
  tick: 4,
  simTimeMs: Date.UTC(2026, 0, 1),
  count: n,
  posKm: f32(orbit.posKm),
  velKmS: f32(orbit.velKmS),
  latDeg: f32(orbit.latDeg),
  lonDeg: f32(orbit.lonDeg),
  altKm: f32(orbit.altKm),
  sunlitFraction: f32(orbit.sunlitFraction),
  status: Uint8Array.from([0, 2, 0]),
  batterySoc: float32ToBin(Float32Array.from([0.5, 0.25, 1])),
  acceleratorsActive: uint16ToBin(Uint16Array.from([16, 15, 0])),
};
/** The same batch as layout 2 wrote it: float64 orbit columns. */
const layout2: ClusterTelemetry = {
  ...batch,
  v: 2,
  posKm: float64ToBin(orbit.posKm),
  velKmS: float64ToBin(orbit.velKmS),
  latDeg: float64ToBin(orbit.latDeg),
  lonDeg: float64ToBin(orbit.lonDeg),
  altKm: float64ToBin(orbit.altKm),
  sunlitFraction: float64ToBin(orbit.sunlitFraction),
};

describe("cluster-telemetry layouts", () => {
  it("writes layout 3 without ids, and still reads layouts 2 and 1", () => {
    const bytes = clusterTelemetry.encode(batch);
    expect(clusterTelemetry.decode(bytes)).not.toHaveProperty("satIds");
    expect(clusterTelemetry.decode(clusterTelemetry.encode(layout2))).toMatchObject({ v: 2 });
    const v1 = clusterTelemetry.decode(clusterTelemetry.encode({ ...layout2, v: 1, satIds: ["c-1", "c-2", "c-3"] }));
    expect(v1).toMatchObject({ v: 1, satIds: ["c-1", "c-2", "c-3"] });
  });

  it("refuses ids in layouts 3 and 2 and their absence in layout 1", () => {
    expect(() => clusterTelemetry.validate({ ...batch, satIds: ["c-1", "c-2", "c-3"] })).toThrow(/cluster-telemetry/);
    expect(() => clusterTelemetry.validate({ ...layout2, satIds: ["c-1", "c-2", "c-3"] })).toThrow(/cluster-telemetry/);
    expect(() => clusterTelemetry.validate({ ...layout2, v: 1 })).toThrow(/cluster-telemetry/);
  });

  it("is smaller on the wire than the same batch with its ids", () => {
    const ids = Array.from({ length: n }, (_, i) => `spacex-odc-sso-525-p001-s${i}`);
    expect(clusterTelemetry.encode({ ...layout2, v: 1, satIds: ids }).byteLength - clusterTelemetry.encode(layout2).byteLength).toBeGreaterThan(n * 28);
  });

  it("carries the orbit columns in half the bytes of layout 2", () => {
    const saved = clusterTelemetry.encode(layout2).byteLength - clusterTelemetry.encode(batch).byteLength;
    expect(saved).toBe(n * 10 * 4);
  });
});

describe("telemetry columns", () => {
  const decoded = clusterTelemetry.decode(clusterTelemetry.encode(batch));

  it("decodes each column to its element type, one value per slot", () => {
    expect(Array.from(telemetryColumn(decoded, "latDeg")!)).toEqual([10, 20, 30]);
    expect(telemetryColumn(decoded, "status")).toBeInstanceOf(Uint8Array);
    expect(Array.from(telemetryColumn(decoded, "batterySoc")!)).toEqual([0.5, 0.25, 1]);
    expect(Array.from(telemetryColumn(decoded, "acceleratorsActive")!)).toEqual([16, 15, 0]);
    expect(telemetryVectors(decoded, "posKm")).toBeInstanceOf(Float32Array);
  });

  it("reads float32 orbit columns to within their precision, and layout 2's exactly", () => {
    const old = clusterTelemetry.decode(clusterTelemetry.encode(layout2));
    expect(Array.from(telemetryVectors(old, "posKm"))).toEqual(Array.from(orbit.posKm));
    expect(Array.from(telemetryColumn(old, "latDeg")!)).toEqual([10, 20, 30]);
    // 7,000 km in float32: a unit in the last place is 2^-11 km, under half a metre.
    const pos = telemetryVectors(decoded, "posKm");
    pos.forEach((km, i) => expect(Math.abs(km - orbit.posKm[i]!)).toBeLessThanOrEqual(2 ** -12));
    telemetryVectors(decoded, "velKmS").forEach((kmS) => expect(Math.abs(kmS - 7.612345678)).toBeLessThan(5e-7));
  });

  it("gives undefined for a column the batch does not carry", () => {
    expect(telemetryColumn(decoded, "junctionK")).toBeUndefined();
    expect(SCALAR_COLUMNS).toContain("junctionK");
  });

  it("names every column whose length does not fit the count", () => {
    expect(clusterTelemetryProblems(decoded)).toEqual([]);
    const short = { ...batch, count: 2 };
    expect(clusterTelemetryProblems(short)).toEqual(
      expect.arrayContaining(["posKm has 36 bytes, expected 24 (6 float32)", "batterySoc has 12 bytes, expected 8 (2 float32)"]),
    );
    expect(clusterTelemetryProblems({ ...layout2, count: 2 })).toContain("posKm has 72 bytes, expected 48 (6 float64)");
    expect(clusterTelemetryProblems({ ...layout2, v: 1, satIds: ["c-1"] })).toEqual(["satIds has 1 ids for count 3"]);
  });
});
