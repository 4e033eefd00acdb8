import { describe, expect, it } from "vitest";
import { orbitPaths, subsolarPoint, wrapLonDeg } from "./sky.js";

describe("the dashboard's sky", () => {
  it("puts the Sun over the Tropic of Cancer at the June solstice and over the equator at the March equinox", () => {
    expect(subsolarPoint(Date.UTC(2026, 5, 21, 8, 24)).latDeg).toBeCloseTo(23.44, 1);
    const equinox = subsolarPoint(Date.UTC(2026, 2, 20, 14, 46));
    expect(Math.abs(equinox.latDeg)).toBeLessThan(0.05);
    // At 12:00 UTC the Sun has not reached Greenwich yet: the equation of time is -7.5 min on 20 March, 1.9 degrees east.
    expect(subsolarPoint(Date.UTC(2026, 2, 20, 12)).lonDeg).toBeCloseTo(1.9, 0);
  });

  it("draws an equatorial circular orbit through the satellite, on the equator, once round in the two-body period", () => {
    const r = 6928;
    const v = Math.sqrt(398_600.8 / r);
    const paths = orbitPaths({ simTimeMs: Date.UTC(2026, 0, 1), altKm: 550, posKm: [r, 0, 0], velKmS: [0, v, 0] }, 60)!;
    expect(paths.periodS).toBeCloseTo(2 * Math.PI * Math.sqrt(r ** 3 / 398_600.8), 3);
    expect(paths.groundTrack.every(([lat]) => Math.abs(lat) < 1e-9)).toBe(true);
    const [first, last] = [paths.orbit[0]!, paths.orbit[60]!];
    expect([first[0], first[2]]).toEqual([last[0], last[2]]);
    expect(first[1]).toBeCloseTo(last[1], 6);
    expect(paths.orbit.every(([, , alt]) => alt === 550)).toBe(true);
    // Earth turns beneath: after one revolution the track has moved west by 360 * period / sidereal day.
    const westDeg = wrapLonDeg(paths.groundTrack[0]![1] - paths.groundTrack[60]![1]);
    expect(westDeg).toBeCloseTo((360 * paths.periodS) / 86_164.1, 1);
    expect(orbitPaths({ simTimeMs: 0, altKm: 0, posKm: [0, 0, 0], velKmS: [0, 0, 0] })).toBeUndefined();
  });
});
