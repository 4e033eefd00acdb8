import { describe, expect, it } from "vitest";
import { hcwPropagate, noDriftAlongTrackVelocityMS } from "./hcw.js";
import { circularSpeedKmS, orbitalPeriodS } from "./orbit.js";

describe("Hill-Clohessy-Wiltshire solution (physics-cases 7, Clohessy & Wiltshire 1960)", () => {
  // Mean motion at 650 km from physics-cases 7.
  const n = 1.07154e-3;

  it("uses the physics-cases mean motion of a 650 km orbit", () => {
    expect(circularSpeedKmS(650) / (6378.137 + 650)).toBeCloseTo(n, 8);
    expect(orbitalPeriodS(650)).toBeCloseTo(5863.7, 1);
  });

  it("has no drift when ydot0 = -2 n x0 and returns to its start within 1e-6 m after one period", () => {
    const s0 = { xM: 500, yM: 0, zM: 0, vxMS: 0, vyMS: noDriftAlongTrackVelocityMS(500, n), vzMS: 0 };
    const period = (2 * Math.PI) / n;
    expect(period).toBeCloseTo(5863.7, 1);
    const s1 = hcwPropagate(s0, n, period);
    expect(Math.hypot(s1.xM - s0.xM, s1.yM - s0.yM, s1.zM - s0.zM)).toBeLessThan(1e-6);
    const s10 = hcwPropagate(s0, n, 10 * period);
    expect(Math.hypot(s10.xM - s0.xM, s10.yM - s0.yM)).toBeLessThan(1e-5);
  });

  it("gives a radial speed amplitude of 0.5358 m/s and an along-track amplitude of 1000 m for x0 = 500 m", () => {
    const s0 = { xM: 500, yM: 0, zM: 0, vxMS: 0, vyMS: noDriftAlongTrackVelocityMS(500, n), vzMS: 0 };
    const period = (2 * Math.PI) / n;
    let maxRadialSpeed = 0;
    let maxAlongTrack = 0;
    for (let k = 0; k < 2000; k++) {
      const s = hcwPropagate(s0, n, (k * period) / 2000);
      maxRadialSpeed = Math.max(maxRadialSpeed, Math.abs(s.vxMS));
      maxAlongTrack = Math.max(maxAlongTrack, Math.abs(s.yM));
    }
    expect(maxRadialSpeed).toBeCloseTo(0.5358, 4);
    expect(maxAlongTrack).toBeCloseTo(1000, 2);
  });

  it("drifts 12 pi x0 behind per orbit when started with ydot0 = 0 (the secular term)", () => {
    const s = hcwPropagate({ xM: 100, yM: 0, zM: 0, vxMS: 0, vyMS: 0, vzMS: 0 }, n, (2 * Math.PI) / n);
    expect(s.yM).toBeCloseTo(-6 * Math.PI * 100 * 2, 6);
    expect(s.xM).toBeCloseTo(100, 9);
  });

  it("oscillates cross-track with the orbital period, independent of the in-plane motion", () => {
    const s = hcwPropagate({ xM: 0, yM: 0, zM: 200, vxMS: 0, vyMS: 0, vzMS: 0 }, n, Math.PI / n);
    expect(s.zM).toBeCloseTo(-200, 9);
    expect(s.xM).toBe(0);
  });

  it("satisfies the HCW equations of motion: xdd = 3 n^2 x + 2 n yd, ydd = -2 n xd, zdd = -n^2 z", () => {
    const s0 = { xM: 120, yM: -40, zM: 75, vxMS: 0.03, vyMS: -0.11, vzMS: 0.05 };
    const h = 0.5;
    for (const t of [0, 1000, 4321]) {
      const a = hcwPropagate(s0, n, t - h);
      const b = hcwPropagate(s0, n, t);
      const c = hcwPropagate(s0, n, t + h);
      const acc = (f: "vxMS" | "vyMS" | "vzMS") => (c[f] - a[f]) / (2 * h);
      expect(acc("vxMS")).toBeCloseTo(3 * n * n * b.xM + 2 * n * b.vyMS, 9);
      expect(acc("vyMS")).toBeCloseTo(-2 * n * b.vxMS, 9);
      expect(acc("vzMS")).toBeCloseTo(-n * n * b.zM, 9);
      expect((c.xM - a.xM) / (2 * h)).toBeCloseTo(b.vxMS, 6);
    }
  });
});
