/**
 * The kinetic-gas pass rate of traffic.ts against the all-vs-all screener (screening.ts) on a gas
 * it describes: objects on circular orbits spread uniformly through a 50 km shell, their planes
 * isotropic (cos i uniform), so their mean relative speed is (4/3) v for circular speed v.
 */
import { describe, expect, it } from "vitest";
import { toSatrec } from "./elements.js";
import { Sgp4Batch } from "./sgp4-batch.js";
import { circularSpeedKmS, meanMotionRevPerDayFromAltKm } from "./orbit.js";
import { counterUniform } from "./rng.js";
import { screen } from "./screening.js";
import { shellTraffic } from "./traffic.js";

const COUNT = 3000;
const EPOCH_MS = Date.UTC(2026, 0, 1);
const HOUR_MS = 3_600_000;

function isotropicShell(seed: number) {
  return Array.from({ length: COUNT }, (_, i) => {
    const u = (purpose: number) => counterUniform(seed, i, 0, purpose);
    // uniform in volume across 525-575 km (the thin shell's r^2 is within 1.5 % of constant)
    const altKm = 525 + 50 * u(1);
    const inclinationDeg = (Math.acos(1 - 2 * u(2)) * 180) / Math.PI;
    return toSatrec({
      epochMs: EPOCH_MS,
      meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(altKm, inclinationDeg),
      eccentricity: 0,
      inclinationDeg,
      raanDeg: 360 * u(3),
      argPerigeeDeg: 0,
      meanAnomalyDeg: 360 * u(4),
      bstar: 0,
    });
  });
}

describe("the kinetic-gas pass rate against the all-vs-all screener", () => {
  it("matches the passes within 5 km the screener finds among 3,000 isotropic objects in an hour, within 15 %", () => {
    const { encounters } = screen(Sgp4Batch.fromSatrecs(isotropicShell(7)), EPOCH_MS, EPOCH_MS + HOUR_MS, { thresholdKm: 5 });
    const model = shellTraffic({
      satellites: COUNT,
      altKm: 550,
      thicknessKm: 50,
      screeningKm: 5,
      maneuverPc: 1e-4,
      combinedSigmaKm: 0.2,
      hardBodyRadiusM: 10,
      relSpeedKmS: (4 / 3) * circularSpeedKmS(550),
    });
    const expected = model.closeApproachesPerDay / 24;
    // ~430 expected: the Poisson noise alone is ~5 %
    expect(expected).toBeGreaterThan(380);
    expect(encounters.length / expected).toBeGreaterThan(0.85);
    expect(encounters.length / expected).toBeLessThan(1.15);
    // a bound for a loaded machine, not a speed check: about 1 s on a quiet one
  }, 60_000);
});
