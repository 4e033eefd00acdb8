import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eciToGeodetic, gstime, propagate, type SatRec } from "satellite.js";
import { parseTle } from "./tle.js";
import { satrecFromTle, toSatrec } from "./elements.js";
import { createOrbitState, gmstRad, julianDateFromMs, propagateBatch, satrecEpochMs, temeToGeodeticInto } from "./orbit-batch.js";
import { BadModelInputError } from "./errors.js";

const dataDir = fileURLToPath(new URL("../../../scenarios/", import.meta.url));
const ISS1 = "1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991";
const ISS2 = "2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482";

let starlink: SatRec[] | undefined;
function starlinkSatrecs(): SatRec[] {
  if (!starlink) {
    let text: string;
    try {
      text = readFileSync(`${dataDir}starlink-2026-05.tle`, "utf8");
    } catch (err) {
      throw new Error(`starlink-2026-05.tle is missing at ${dataDir}: the repository's scenarios/ folder carries it`, { cause: err });
    }
    starlink = parseTle(text, "starlink-2026-05.tle").map((e) => toSatrec(e));
  }
  return starlink;
}

describe("propagateBatch", () => {
  it("matches the ISS at 2019-12-09 20:42:00 UTC (physics-cases 5, python-sgp4 README)", () => {
    const state = createOrbitState(1);
    propagateBatch([satrecFromTle(ISS1, ISS2)], Date.UTC(2019, 11, 9, 20, 42, 0), state);
    [-6088.92, -936.13, -2866.44].forEach((v, i) => expect(Math.abs(state.posKm[i]! - v)).toBeLessThan(0.01));
    [-1.525, -5.538, 5.068].forEach((v, i) => expect(Math.abs(state.velKmS[i]! - v)).toBeLessThan(0.001));
    expect(state.errorCode[0]).toBe(0);
    // Period from the mean motion: 1440 / n = 92.897 min (physics-cases 5).
    expect(1440 / 15.50103472).toBeCloseTo(92.897, 3);
  });

  it("gives the same TEME states as satellite.js propagate(Date) for 2,000 Starlink satellites", () => {
    const satrecs = starlinkSatrecs().slice(0, 2000);
    const t = Date.UTC(2026, 4, 13, 6, 30, 15, 250);
    const state = createOrbitState(satrecs.length);
    propagateBatch(satrecs, t, state);
    let worstKm = 0;
    for (let i = 0; i < satrecs.length; i++) {
      const pv = propagate(satrecs[i]!, new Date(t));
      if (pv === null) {
        expect(state.errorCode[i]).not.toBe(0);
        continue;
      }
      worstKm = Math.max(
        worstKm,
        Math.abs(state.posKm[3 * i]! - pv.position.x),
        Math.abs(state.posKm[3 * i + 1]! - pv.position.y),
        Math.abs(state.posKm[3 * i + 2]! - pv.position.z),
      );
    }
    // The same SGP4 at the same time; propagate's Julian-date difference resolves only ~40
    // microseconds (~0.3 m along track), our Unix-minute difference ~0.2 microseconds.
    expect(worstKm).toBeLessThan(5e-4);
  });

  it("gives geodetic coordinates within 1 mm and 1e-9 deg of satellite.js's iterated eciToGeodetic", () => {
    const satrecs = starlinkSatrecs();
    const t = Date.UTC(2026, 4, 13, 6);
    const state = createOrbitState(satrecs.length);
    propagateBatch(satrecs, t, state);
    const gmst = gstime(julianDateFromMs(t));
    expect(gmstRad(t)).toBe(gmst);
    let worstAltKm = 0;
    let worstLatDeg = 0;
    let worstLonDeg = 0;
    let ok = 0;
    for (let i = 0; i < satrecs.length; i++) {
      if (state.errorCode[i] !== 0) continue;
      ok++;
      const g = eciToGeodetic({ x: state.posKm[3 * i]!, y: state.posKm[3 * i + 1]!, z: state.posKm[3 * i + 2]! }, gmst);
      worstAltKm = Math.max(worstAltKm, Math.abs(state.altKm[i]! - g.height));
      worstLatDeg = Math.max(worstLatDeg, Math.abs(state.latDeg[i]! - (g.latitude * 180) / Math.PI));
      const dLon = Math.abs(state.lonDeg[i]! - (g.longitude * 180) / Math.PI);
      worstLonDeg = Math.max(worstLonDeg, Math.min(dLon, 360 - dLon));
    }
    expect(ok).toBeGreaterThan(10_000);
    expect(worstAltKm).toBeLessThan(1e-6);
    expect(worstLatDeg).toBeLessThan(1e-9);
    expect(worstLonDeg).toBeLessThan(1e-9);
  });

  it("stays within 1 m and 1e-7 deg of the exact point and of satellite.js from 0 to 36,000 km, poles included", () => {
    const gmst = 1.234;
    let worstAltKm = 0;
    let worstLatDeg = 0;
    for (const altKm of [0, 200, 550, 2000, 20_200, 35_786]) {
      for (let latDeg = -90; latDeg <= 90; latDeg += 0.5) {
        // A point at geodetic (lat, 40 deg E, altKm), from the WGS-84 normal (NIMA TR8350.2).
        const lat = (latDeg * Math.PI) / 180;
        const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
        const n = 6378.137 / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
        const lonEci = (40 * Math.PI) / 180 + gmst;
        const rxy = (n + altKm) * Math.cos(lat);
        const pos = { x: rxy * Math.cos(lonEci), y: rxy * Math.sin(lonEci), z: (n * (1 - e2) + altKm) * Math.sin(lat) };
        const g = eciToGeodetic(pos, gmst);
        const ours = { latDeg: new Float64Array(1), lonDeg: new Float64Array(1), altKm: new Float64Array(1) };
        temeToGeodeticInto(pos.x, pos.y, pos.z, Math.cos(gmst), Math.sin(gmst), ours, 0);
        worstAltKm = Math.max(worstAltKm, Math.abs(ours.altKm[0]! - g.height), Math.abs(ours.altKm[0]! - altKm));
        worstLatDeg = Math.max(worstLatDeg, Math.abs(ours.latDeg[0]! - latDeg));
        if (Math.abs(latDeg) < 90) expect(ours.lonDeg[0]!).toBeCloseTo(40, 9);
      }
    }
    expect(worstAltKm).toBeLessThan(1e-3);
    expect(worstLatDeg).toBeLessThan(1e-7);
  });

  it("marks a decayed satellite with satellite.js's error code and NaN state instead of throwing", () => {
    const satrec = toSatrec({
      epochMs: 0,
      meanMotionRevPerDay: 16.4,
      eccentricity: 0.001,
      inclinationDeg: 51,
      raanDeg: 0,
      argPerigeeDeg: 0,
      meanAnomalyDeg: 0,
      bstar: 0.5,
    });
    const healthy = toSatrec({
      epochMs: 0,
      meanMotionRevPerDay: 15.05,
      eccentricity: 0.0001,
      inclinationDeg: 53,
      raanDeg: 0,
      argPerigeeDeg: 0,
      meanAnomalyDeg: 0,
      bstar: 0,
    });
    const state = createOrbitState(2);
    propagateBatch([satrec, healthy], 400 * 86_400_000, state);
    expect([1, 6]).toContain(state.errorCode[0]);
    expect(state.altKm[0]).toBeNaN();
    expect(state.posKm[0]).toBeNaN();
    expect(state.velKmS[2]).toBeNaN();
    // The next slot is unaffected and a slot recovers when the time is valid again.
    expect(state.errorCode[1]).toBe(0);
    propagateBatch([satrec, healthy], 0, state);
    expect(state.errorCode[0]).toBe(0);
    expect(state.altKm[0]).toBeGreaterThan(100);
  });

  it("fills only the slots both the records and the state have", () => {
    const state = createOrbitState(3);
    state.posKm.fill(-1);
    propagateBatch([satrecFromTle(ISS1, ISS2)], satrecEpochMs(satrecFromTle(ISS1, ISS2)), state);
    expect(state.posKm[3]).toBe(-1);
    expect(Math.hypot(state.posKm[0]!, state.posKm[1]!, state.posKm[2]!)).toBeGreaterThan(6700);
  });

  it("refuses a negative or fractional count", () => {
    expect(() => createOrbitState(-1)).toThrow(BadModelInputError);
    expect(() => createOrbitState(2.5)).toThrow(/count = 2\.5/);
  });
});
