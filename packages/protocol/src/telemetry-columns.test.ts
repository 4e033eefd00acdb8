import { describe, expect, it } from "vitest";
import { float32ToBin, float64ToBin, uint16ToBin } from "./columns.js";
import { clusterTelemetry, type ClusterTelemetryV2 } from "./messages/telemetry.js";
import { SCALAR_COLUMNS, clusterTelemetryProblems, telemetryColumn, telemetryVectors } from "./telemetry-columns.js";

const n = 3;
const batch: ClusterTelemetryV2 = {
  v: 2,
  run: "r",
  cluster: "c",
  tick: 4,
  simTimeMs: Date.UTC(2026, 0, 1),
  count: n,
  posKm: float64ToBin(Float64Array.from({ length: 3 * n }, (_, i) => 7000 + i)),
  velKmS: float64ToBin(new Float64Array(3 * n)),
  latDeg: float64ToBin(Float64Array.from([10, 20, 30])),
  lonDeg: float64ToBin(new Float64Array(n)),
  altKm: float64ToBin(new Float64Array(n).fill(550)),
  sunlitFraction: float64ToBin(new Float64Array(n)),
  status: Uint8Array.from([0, 2, 0]),
  batterySoc: float32ToBin(Float32Array.from([0.5, 0.25, 1])),
  acceleratorsActive: uint16ToBin(Uint16Array.from([16, 15, 0])),
};

describe("cluster-telemetry layouts", () => {
  it("writes layout 2 without ids, and still reads layout 1 with them", () => {
    const bytes = clusterTelemetry.encode(batch);
    expect(clusterTelemetry.decode(bytes)).not.toHaveProperty("satIds");
    const v1 = clusterTelemetry.decode(clusterTelemetry.encode({ ...batch, v: 1, satIds: ["c-1", "c-2", "c-3"] }));
    expect(v1).toMatchObject({ v: 1, satIds: ["c-1", "c-2", "c-3"] });
  });

  it("refuses ids in layout 2 and their absence in layout 1", () => {
    expect(() => clusterTelemetry.validate({ ...batch, satIds: ["c-1", "c-2", "c-3"] })).toThrow(/cluster-telemetry/);
    expect(() => clusterTelemetry.validate({ ...batch, v: 1 })).toThrow(/cluster-telemetry/);
  });

  it("is smaller on the wire than the same batch with its ids", () => {
    const ids = Array.from({ length: n }, (_, i) => `spacex-odc-sso-525-p001-s${i}`);
    expect(clusterTelemetry.encode({ ...batch, v: 1, satIds: ids }).byteLength - clusterTelemetry.encode(batch).byteLength).toBeGreaterThan(n * 28);
  });
});

describe("telemetry columns", () => {
  const decoded = clusterTelemetry.decode(clusterTelemetry.encode(batch));

  it("decodes each column to its element type, one value per slot", () => {
    expect(Array.from(telemetryColumn(decoded, "latDeg")!)).toEqual([10, 20, 30]);
    expect(telemetryColumn(decoded, "status")).toBeInstanceOf(Uint8Array);
    expect(Array.from(telemetryColumn(decoded, "batterySoc")!)).toEqual([0.5, 0.25, 1]);
    expect(Array.from(telemetryColumn(decoded, "acceleratorsActive")!)).toEqual([16, 15, 0]);
    expect(Array.from(telemetryVectors(decoded, "posKm").subarray(3, 6))).toEqual([7003, 7004, 7005]);
  });

  it("gives undefined for a column the batch does not carry", () => {
    expect(telemetryColumn(decoded, "junctionK")).toBeUndefined();
    expect(SCALAR_COLUMNS).toContain("junctionK");
  });

  it("names every column whose length does not fit the count", () => {
    expect(clusterTelemetryProblems(decoded)).toEqual([]);
    const short = { ...batch, count: 2 };
    expect(clusterTelemetryProblems(short)).toEqual(
      expect.arrayContaining(["posKm has 72 bytes, expected 48 (6 float64)", "batterySoc has 12 bytes, expected 8 (2 float32)"]),
    );
    expect(clusterTelemetryProblems({ ...batch, v: 1, satIds: ["c-1"] })).toEqual(["satIds has 1 ids for count 3"]);
  });
});
