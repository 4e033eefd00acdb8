import { describe, expect, it } from "vitest";
import { Health, float32ToBin, uint16ToBin, type ClusterTelemetryV3 } from "@orbitwin/protocol";
import { packSnapshot, unpackSnapshot } from "@orbitwin/runtime";
import { ClusterView, type ClusterViewSnapshot } from "./cluster-view.js";

const R_KM = 6378.137 + 550;
const V_KMS = Math.sqrt(398_600.4418 / R_KM);

/** Two satellites on an equatorial orbit at the March equinox: one at local noon, one at midnight. */
function batch(tick: number, failed: [number, number], over: Partial<ClusterTelemetryV3> = {}): ClusterTelemetryV3 {
  const n = 2;
  const f32 = (v: number) => float32ToBin(new Float32Array(n).fill(v));
  return {
    v: 3,
    run: "r",
    cluster: "c",
    tick,
    simTimeMs: Date.UTC(2026, 2, 20, 12) + tick * 60_000,
    count: n,
    posKm: float32ToBin(new Float32Array([R_KM, 0, 0, -R_KM, 0, 0])),
    velKmS: float32ToBin(new Float32Array([0, V_KMS, 0, 0, -V_KMS, 0])),
    latDeg: float32ToBin(new Float32Array(n)),
    lonDeg: float32ToBin(new Float32Array(n)),
    altKm: float32ToBin(new Float32Array(n).fill(550)),
    sunlitFraction: float32ToBin(new Float32Array([1, 0])),
    status: new Uint8Array(n),
    health: new Uint8Array([Health.nominal, Health.throttled]),
    batterySoc: f32(0.8),
    clock: f32(1),
    dutyCycle: f32(1),
    consumedW: f32(9000),
    junctionK: f32(350),
    junctionLimitK: f32(368),
    acceleratorsActive: uint16ToBin(new Uint16Array([16, 16])),
    acceleratorsFailed: uint16ToBin(new Uint16Array(failed)),
    ...over,
  };
}

describe("cluster view", () => {
  it("checkpoints a 100 x 1,000 satellite view as its typed arrays, without the satellite ids", () => {
    const ids = (c: number) => Array.from({ length: 1000 }, (_, s) => `shell-p${String(c).padStart(3, "0")}-s${String(s).padStart(4, "0")}`);
    const snaps = Array.from({ length: 100 }, (_, c) => new ClusterView(`shell-c${c}`, ids(c)).snapshot());
    const packed = packSnapshot(snaps);
    const arrayBytes = snaps.reduce((n, s) => n + Object.values(s.arrays).reduce((m, a) => m + (ArrayBuffer.isView(a) ? a.byteLength : 0), 0), 0);
    // 46 bytes a satellite in arrays; ids repeated here were another 17 (6.33 MB before, 4.63 MB after).
    expect(arrayBytes).toBe(100_000 * 46);
    expect(packed.length - arrayBytes).toBeLessThan(100 * 1024);
    expect(Buffer.from(packed).includes("shell-p042-s0999")).toBe(false);
    const back = ClusterView.fromSnapshot(unpackSnapshot<ClusterViewSnapshot>(packSnapshot(snaps[42])), ids(42));
    expect(back.satIds[999]).toBe("shell-p042-s0999");
    expect(() => ClusterView.fromSnapshot(snaps[42]!, ids(42).slice(1))).toThrow(/checkpoint of cluster shell-c42: 1000 satellites, its definition has 999/);
  });

  it("reads failures as the rise of acceleratorsFailed since the last batch", () => {
    const v = new ClusterView("c", ["c-s1", "c-s2"]);
    v.ingest(batch(0, [3, 0]), undefined);
    expect(Array.from(v.failedThisTick)).toEqual([0, 0]);
    v.ingest(batch(1, [4, 0]), undefined);
    expect(Array.from(v.failedThisTick)).toEqual([1, 0]);
    expect(v.marginK[0]).toBe(18);
    expect(v.canCompute(1)).toBe(true);
  });

  it("predicts the shadow ahead from the state vector: the noon side has half its sunlit arc left, the night side none", () => {
    const v = new ClusterView("c", ["c-s1", "c-s2"]);
    v.ingest(batch(0, [0, 0]), { horizonS: 3600, stepS: 30 });
    expect(v.sunAheadS[1]).toBe(0);
    // Near the equinox the Sun is within 1 degree of +x (TEME); at 550 km and beta 0 the sunlit
    // arc is 62 % of a 95.6 min orbit, so shadow comes about 29.6 min after noon.
    expect(v.sunAheadS[0]).toBeGreaterThan(27 * 60);
    expect(v.sunAheadS[0]).toBeLessThanOrEqual(31 * 60);
  });

  it("refuses a batch with a column of the wrong length and keeps what it knew", () => {
    const v = new ClusterView("c", ["c-s1", "c-s2"]);
    v.ingest(batch(0, [2, 0]), undefined);
    expect(() => v.ingest(batch(1, [9, 9], { health: new Uint8Array(1) }), undefined)).toThrow(/health has 1 bytes, expected 2/);
    expect(() => v.ingest(batch(1, [9, 9], { count: 3 }), undefined)).toThrow(/count/);
    expect(v.tick).toBe(0);
    expect(Array.from(v.acceleratorsFailed)).toEqual([2, 0]);
  });
});
