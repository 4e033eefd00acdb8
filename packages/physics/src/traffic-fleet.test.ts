import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateDebrisPopulation } from "./debris-population.js";
import { EARTH_RADIUS_KM, semiMajorAxisKmFromMeanMotion } from "./orbit.js";
import { parseTle } from "./tle.js";
import { shellTraffic } from "./traffic.js";
import { STARLINK_MANEUVER_REPORTS, fleetTraffic, reportedManeuversPerSatPerDay } from "./traffic-fleet.js";

const rates = { screeningKm: 5, maneuverPc: 1e-5, combinedSigmaKm: 0.2, hardBodyRadiusM: 10 };
const meanAltKm = (meanMotionRevPerDay: number) => semiMajorAxisKmFromMeanMotion(meanMotionRevPerDay) - EARTH_RADIUS_KM;

describe("fleet traffic over altitude bins", () => {
  it("is the shell rate when the whole fleet sits in one bin", () => {
    const fleet = fleetTraffic({ ...rates, fleetAltitudesKm: new Array(500).fill(551), otherAltitudesKm: [552, 559, 700], binKm: 10 });
    const shell = shellTraffic({ ...rates, satellites: 500, otherObjects: 2, altKm: 555, thicknessKm: 10 });
    expect(fleet.bins).toHaveLength(1);
    expect(fleet.bins[0]).toMatchObject({ fromKm: 550, satellites: 500, others: 2 });
    expect(fleet.maneuversPerDay).toBeCloseTo(shell.maneuversPerDay, 12);
    expect(fleet.maneuversPerHalfYear).toBeCloseTo(shell.maneuversPerDay * 182.5, 9);
  });

  it("leaves the fleet's own passes out when asked, leaving one satellite among the others, times the fleet", () => {
    const fleet = fleetTraffic({ ...rates, fleetAltitudesKm: new Array(500).fill(551), otherAltitudesKm: [552, 559], countOwnFleet: false });
    const one = shellTraffic({ ...rates, satellites: 1, otherObjects: 2, altKm: 555, thicknessKm: 10 });
    expect(fleet.maneuversPerDay).toBeCloseTo(500 * one.maneuversPerDay, 12);
    expect(fleetTraffic({ ...rates, fleetAltitudesKm: [551, 552], countOwnFleet: false }).maneuversPerDay).toBe(0);
  });

  it("names a bad altitude by its index", () => {
    expect(() => fleetTraffic({ ...rates, fleetAltitudesKm: [550, Number.NaN] })).toThrow(/fleetAltitudesKm\[1\]/);
  });
});

describe("the real Starlink fleet against SpaceX's semi-annual reports to the FCC", () => {
  it("computes 0.0864 maneuvers per satellite per day from the June-November 2025 report (148,696 on ~9,400)", () => {
    const report = STARLINK_MANEUVER_REPORTS.find((r) => r.toDate === "2025-11-30")!;
    expect(reportedManeuversPerSatPerDay(report)).toBeCloseTo(148_696 / (9_400 * 183), 12);
    expect(reportedManeuversPerSatPerDay(report)).toBeCloseTo(0.0864, 4);
  });

  it("brackets the reported rate between the model without and with the fleet's own passes, at SpaceX's 1e-5 and a 200 m sigma", () => {
    const tle = readFileSync(fileURLToPath(new URL("../../../scenarios/starlink-2026-05.tle", import.meta.url)), "utf8");
    const fleetAltitudesKm = parseTle(tle, "starlink-2026-05.tle").map((e) => meanAltKm(e.meanMotionRevPerDay));
    expect(fleetAltitudesKm).toHaveLength(10_361);
    // Others: 25,000 tracked non-Starlink objects (an assumption; docs/PHYSICS.md) with the shape of the real population.
    const otherAltitudesKm = generateDebrisPopulation({ count: 25_000, seed: 1, epochMs: 0 }).map((d) => meanAltKm(d.elements.meanMotionRevPerDay));
    const reported = reportedManeuversPerSatPerDay(STARLINK_MANEUVER_REPORTS.at(-1)!);
    const others = fleetTraffic({ ...rates, fleetAltitudesKm, otherAltitudesKm, countOwnFleet: false });
    const all = fleetTraffic({ ...rates, fleetAltitudesKm, otherAltitudesKm });
    expect(others.maneuversPerSatPerDay).toBeLessThan(reported);
    expect(all.maneuversPerSatPerDay).toBeGreaterThan(reported);
    // the industry's 1e-4 at the same sigma asks fewer maneuvers, but not ten times fewer: r_m grows as sqrt(ln(1 / Pc))
    const industry = fleetTraffic({ ...rates, maneuverPc: 1e-4, fleetAltitudesKm, otherAltitudesKm });
    expect(industry.maneuversPerDay).toBeLessThan(all.maneuversPerDay);
    expect(industry.maneuversPerDay).toBeGreaterThan(all.maneuversPerDay / 10);
  });
});
