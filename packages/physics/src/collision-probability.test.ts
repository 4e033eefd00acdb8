import { describe, expect, it } from "vitest";
import { PhysicsInputError } from "./errors.js";
import {
  collisionProbabilityChan,
  collisionProbabilityFoster,
  collisionProbabilityIsotropicZeroMiss,
  PC_ATTENTION_THRESHOLD,
  PC_MITIGATION_THRESHOLD,
  projectEncounter,
  type PlaneEncounter,
} from "./collision-probability.js";

/**
 * An independent reference for Foster's integral with a diagonal covariance: the inner (y) integral
 * in closed form with erfc, the outer over x = R sin t by composite 5-point Gauss-Legendre.
 */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // Maclaurin series of erf
    let sum = 0;
    let term = x;
    for (let n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= (-x * x) / (n + 1);
      if (Math.abs(term) < 1e-18) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Laplace continued fraction, evaluated from the tail
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
const GL5: [number, number][] = [
  [-0.906179845938664, 0.2369268850561891],
  [-0.5384693101056831, 0.4786286704993665],
  [0, 0.5688888888888889],
  [0.5384693101056831, 0.4786286704993665],
  [0.906179845938664, 0.2369268850561891],
];
/** P(a < Z < b) for a standard normal Z, without cancellation. */
function normalBetween(a: number, b: number): number {
  if (b - a < 0.5) {
    let s = 0;
    for (const [node, w] of GL5) s += ((w * (b - a)) / 2) * Math.exp(-0.5 * (a + ((node + 1) * (b - a)) / 2) ** 2);
    return s / Math.sqrt(2 * Math.PI);
  }
  return a > 0
    ? 0.5 * (erfc(a / Math.SQRT2) - erfc(b / Math.SQRT2))
    : b < 0
      ? 0.5 * (erfc(-b / Math.SQRT2) - erfc(-a / Math.SQRT2))
      : 1 - 0.5 * (erfc(-a / Math.SQRT2) + erfc(b / Math.SQRT2));
}
function fosterReference(mx: number, my: number, sx: number, sy: number, R: number): number {
  const panels = Math.min(100_000, 400 + Math.ceil((40 * R) / Math.min(sx, sy)));
  const h = Math.PI / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    for (const [node, w] of GL5) {
      const t = -Math.PI / 2 + h * (p + (node + 1) / 2);
      const x = R * Math.sin(t);
      const half = R * Math.cos(t);
      const px = Math.exp(-0.5 * ((x - mx) / sx) ** 2) / (sx * Math.sqrt(2 * Math.PI));
      sum += ((w * h) / 2) * half * px * normalBetween((-half - my) / sy, (half - my) / sy);
    }
  }
  return sum;
}

const diag = (mx: number, my: number, sx: number, sy: number, R: number): PlaneEncounter => ({
  missXKm: mx,
  missYKm: my,
  cxx: sx * sx,
  cxy: 0,
  cyy: sy * sy,
  hardBodyRadiusKm: R,
});

describe("collision probability, isotropic zero miss (physics-cases 21)", () => {
  it("gives 0.0198013 for sigma 100 m and hard body 20 m by the closed form, Foster and Chan", () => {
    expect(Math.abs(collisionProbabilityIsotropicZeroMiss(0.02, 0.1) - 0.0198013)).toBeLessThan(1e-6);
    const e = diag(0, 0, 0.1, 0.1, 0.02);
    expect(Math.abs(collisionProbabilityFoster(e) - 0.0198013)).toBeLessThan(1e-6);
    expect(Math.abs(collisionProbabilityChan(e) - 0.0198013)).toBeLessThan(1e-6);
    // and to the last digits against the closed form 1 - exp(-0.02)
    expect(collisionProbabilityFoster(e)).toBeCloseTo(-Math.expm1(-0.02), 14);
  });
});

describe("Foster & Estes 1992 quadrature", () => {
  const cases: [number, number, number, number, number][] = [
    // mx, my, sx, sy, R (km)
    [0.1, 0, 0.2, 0.1, 0.01],
    [0.3, 0.2, 0.3, 0.1, 0.01],
    [1, -0.5, 0.5, 0.2, 0.01],
    [0.05, 0, 1, 0.005, 0.02], // thin ellipse, R = 4 minor sigmas
    [0.05, 0.01, 1, 0.001, 0.02], // aspect 1000, R = 20 minor sigmas
    [0.01, 0, 1e-4, 1e-4, 0.1], // sigma 1000 times smaller than the disk, centre inside
    [0.05, 0.05, 1e-4, 2, 0.1], // a 0.1 m-wide stripe across the disk
    [0.0995, 0, 1e-4, 1e-4, 0.1], // the same tiny cloud straddling the disk's edge
    [2, 0, 0.1, 0.1, 0.02], // 20 sigma away: Pc ~ 1e-88
    [0.5, 0.3, 0.05, 0.2, 0.05],
    [0.001, 0.4, 2, 0.3, 1e-4],
  ];
  it.each(cases)("matches an independent erf reference to 1e-9 relative for miss (%s, %s) km, sigma (%s, %s) km, R %s km", (mx, my, sx, sy, R) => {
    const want = fosterReference(mx, my, sx, sy, R);
    expect(want).toBeGreaterThan(0);
    expect(Math.abs(collisionProbabilityFoster(diag(mx, my, sx, sy, R)) - want) / want).toBeLessThan(1e-9);
  });

  it("gives Pc = 1 to 1e-12 when a tiny covariance sits well inside a large hard body", () => {
    expect(collisionProbabilityFoster(diag(0.01, 0, 1e-4, 1e-4, 0.1))).toBeCloseTo(1, 12);
  });

  it("is unchanged when the miss vector and the covariance are rotated together", () => {
    const [sx, sy, mx, my, R] = [0.3, 0.08, 0.2, -0.1, 0.015];
    const base = collisionProbabilityFoster(diag(mx, my, sx, sy, R));
    for (const angle of [0.3, 1.2, 2.5]) {
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      const rotated = {
        missXKm: c * mx - s * my,
        missYKm: s * mx + c * my,
        cxx: c * c * sx * sx + s * s * sy * sy,
        cxy: c * s * (sx * sx - sy * sy),
        cyy: s * s * sx * sx + c * c * sy * sy,
        hardBodyRadiusKm: R,
      };
      expect(Math.abs(collisionProbabilityFoster(rotated) - base) / base).toBeLessThan(1e-10);
    }
  });

  it("falls as the miss distance grows, in every direction of the ellipse (both methods)", () => {
    for (const angle of [0, 0.6, Math.PI / 2]) {
      const pcs = [0, 0.05, 0.1, 0.2, 0.5, 1, 2].map((m) => diag(m * Math.cos(angle), m * Math.sin(angle), 0.3, 0.1, 0.01));
      const foster = pcs.map(collisionProbabilityFoster);
      const chan = pcs.map(collisionProbabilityChan);
      for (let i = 1; i < pcs.length; i++) {
        expect(foster[i]!).toBeLessThan(foster[i - 1]!);
        expect(chan[i]!).toBeLessThan(chan[i - 1]!);
      }
    }
  });

  it("refuses a covariance that is not positive definite, with a stable code", () => {
    const e = { missXKm: 0, missYKm: 0, cxx: 0.01, cxy: 0.02, cyy: 0.01, hardBodyRadiusKm: 0.01 };
    expect(() => collisionProbabilityFoster(e)).toThrow(PhysicsInputError);
    expect(() => collisionProbabilityChan(e)).toThrow(/not positive definite/);
    try {
      collisionProbabilityFoster(e);
    } catch (err) {
      expect((err as PhysicsInputError).code).toBe("ORBITWIN_BAD_ENCOUNTER");
    }
  });
});

describe("Chan 2008 equivalent-area series", () => {
  it("equals Foster to 1e-9 for isotropic covariances, where it is exact (noncentral chi-square)", () => {
    for (const rOverSigma of [0.001, 0.1, 1, 5]) {
      for (const missOverSigma of [0, 0.5, 2, 8, 20]) {
        const e = diag(missOverSigma * 0.1, 0, 0.1, 0.1, rOverSigma * 0.1);
        const foster = collisionProbabilityFoster(e);
        expect(Math.abs(collisionProbabilityChan(e) - foster) / foster).toBeLessThan(1e-9);
      }
    }
  });

  it("agrees with Foster within 1 % for hard bodies up to 0.1 minor sigma, Mahalanobis miss up to 3, aspect ratios 1.5-10", () => {
    for (const aspect of [1.5, 4, 10]) {
      for (const d of [0, 1, 2, 3]) {
        for (const angle of [0, 0.5, 1.57]) {
          const [sx, sy] = [0.1 * aspect, 0.1];
          // rotated by 0.4 rad so the covariance has a cross term
          const [mx, my] = [d * sx * Math.cos(angle), d * sy * Math.sin(angle)];
          const c = Math.cos(0.4);
          const s = Math.sin(0.4);
          const e = {
            missXKm: c * mx - s * my,
            missYKm: s * mx + c * my,
            cxx: c * c * sx * sx + s * s * sy * sy,
            cxy: c * s * (sx * sx - sy * sy),
            cyy: s * s * sx * sx + c * c * sy * sy,
            hardBodyRadiusKm: 0.01,
          };
          const foster = collisionProbabilityFoster(e);
          expect(Math.abs(collisionProbabilityChan(e) - foster) / foster).toBeLessThan(0.01);
        }
      }
    }
  });

  it("keeps its precision for a small hard body far out, where 1 - e^-u/2 sum cancels (Pc 6.9e-94)", () => {
    const e = diag(2, 0, 0.1, 0.1, 1e-4);
    const foster = collisionProbabilityFoster(e);
    expect(foster).toBeGreaterThan(1e-95);
    expect(Math.abs(collisionProbabilityChan(e) - foster) / foster).toBeLessThan(1e-9);
  });
});

describe("encounter-plane projection and NASA CARA thresholds (physics-cases 22)", () => {
  it("projects a 3D encounter on the plane normal to the relative velocity", () => {
    // relative velocity along z: the plane is x-y; covariance diag(0.04, 0.01, 9) km^2
    const e = projectEncounter([0.05, 0, 0.2], [0, 0, 14], [0.04, 0, 0, 0, 0.01, 0, 0, 0, 9], 0.015);
    expect(e.missXKm).toBeCloseTo(0.05, 12);
    expect(e.missYKm).toBeCloseTo(0, 12);
    expect(e.cxx).toBeCloseTo(0.04, 12);
    expect(e.cyy).toBeCloseTo(0.01, 12);
    expect(e.cxy).toBeCloseTo(0, 12);
    expect(collisionProbabilityFoster(e)).toBeCloseTo(collisionProbabilityFoster(diag(0.05, 0, 0.2, 0.1, 0.015)), 14);
  });

  it("exports attention at 1e-7 and mitigation at 1e-4, and a 200 m miss of 100 m sigmas with a 20 m body needs mitigation", () => {
    expect(PC_ATTENTION_THRESHOLD).toBe(1e-7);
    expect(PC_MITIGATION_THRESHOLD).toBe(1e-4);
    const pc = collisionProbabilityFoster(diag(0.2, 0, 0.1, 0.1, 0.02));
    // isotropic: (R^2 / 2 sigma^2) e^(-d^2 / 2 sigma^2) to first order = 0.02 e^-2 = 2.7e-3
    expect(pc).toBeGreaterThan(PC_MITIGATION_THRESHOLD);
    expect(pc).toBeCloseTo(0.02 * Math.exp(-2), 4);
  });
});
