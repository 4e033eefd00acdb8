import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { eciToGeodetic, gstime, sgp4 } from "satellite.js";
import { parseTle } from "./tle.js";
import { parseOmmJson } from "./omm.js";
import { toSatrec, satrecFromTle } from "./elements.js";
import { createOrbitState, propagateBatch, julianDateFromMs } from "./orbit-batch.js";
import { hcwPropagate, noDriftAlongTrackVelocityMS } from "./hcw.js";
import { formationReference, suncatcherFormation, walkerDelta } from "./generators.js";
import { orbitalPeriodS } from "./orbit.js";
import { counterNormal, counterPoisson, counterUniform, hashString32 } from "./rng.js";
import { BadTleError } from "./errors.js";

const dataDir = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const iss = ["1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991", "2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482"] as const;

describe("element set parsing", () => {
  it("reads all 10,361 Starlink element sets of May 2026", () => {
    const els = parseTle(readFileSync(`${dataDir}starlink-2026-05.tle`, "utf8"), "starlink-2026-05.tle");
    expect(els).toHaveLength(10_361);
    expect(els[0]!.name).toBe("STARLINK-1008");
    expect(els.every((e) => e.meanMotionRevPerDay > 14 && e.meanMotionRevPerDay < 17)).toBe(true);
  });

  it.each([
    ["fengyun-1c-debris-2021-10.tle", 2686],
    ["cosmos-2251-debris-2021-10.tle", 1048],
    ["iridium-33-debris-2021-10.tle", 332],
  ])("reads the CRLF debris file %s", (file, count) => {
    const text = readFileSync(`${dataDir}${file}`, "utf8");
    expect(text).toContain("\r\n");
    expect(parseTle(text, file)).toHaveLength(count);
  });

  it("names the line and the checksum when a digit is corrupted", () => {
    const bad = `ISS\n${iss[0]}\n${iss[1].replace("51.6439", "51.6438")}\n`;
    expect(() => parseTle(bad, "iss.tle")).toThrow(BadTleError);
    expect(() => parseTle(bad, "iss.tle")).toThrow(/iss\.tle:3:69: checksum/);
  });

  it("refuses a name line with no element set after it", () => {
    expect(() => parseTle("LONELY\n", "x.tle")).toThrow(/x\.tle: the name line "LONELY"/);
  });

  it("reads CelesTrak OMM JSON and names a missing field", () => {
    const omm = [{ OBJECT_NAME: "ISS (ZARYA)", NORAD_CAT_ID: 25544, EPOCH: "2019-12-09T16:38:29.363424", MEAN_MOTION: 15.50103472, ECCENTRICITY: 0.0007417, INCLINATION: 51.6439, RA_OF_ASC_NODE: 211.2001, ARG_OF_PERICENTER: 17.6667, MEAN_ANOMALY: 85.6398, BSTAR: 3.8792e-5, MEAN_MOTION_DOT: 1.764e-5, MEAN_MOTION_DDOT: 0 }];
    const [el] = parseOmmJson(JSON.stringify(omm), "iss.json");
    expect(el!.noradId).toBe(25544);
    const partial: Record<string, unknown> = { ...omm[0]! };
    delete partial.MEAN_MOTION;
    expect(() => parseOmmJson(JSON.stringify([partial]), "iss.json")).toThrow(/iss\.json\[0\]\.MEAN_MOTION: missing/);
  });

  it("propagates a parsed TLE within metres of the exact TLE record (epoch carried to the ms)", () => {
    const [el] = parseTle(`${iss[0]}\n${iss[1]}\n`);
    const exact = sgp4(satrecFromTle(iss[0], iss[1]), 720)!;
    const ours = sgp4(toSatrec(el!), 720)!;
    expect(Math.hypot(exact.position.x - ours.position.x, exact.position.y - ours.position.y, exact.position.z - ours.position.z)).toBeLessThan(0.01);
  });
});

describe("propagateBatch", () => {
  it("matches the ISS at 2019-12-09 20:42:00 UTC (physics-cases 5, python-sgp4 README)", () => {
    const state = createOrbitState(1);
    propagateBatch([satrecFromTle(iss[0], iss[1])], Date.UTC(2019, 11, 9, 20, 42, 0), state);
    const expected = [-6088.92, -936.13, -2866.44];
    expected.forEach((v, i) => expect(Math.abs(state.posKm[i]! - v)).toBeLessThan(0.01));
    [-1.525, -5.538, 5.068].forEach((v, i) => expect(Math.abs(state.velKmS[i]! - v)).toBeLessThan(0.001));
    expect(1440 / 15.50103472).toBeCloseTo(92.897, 3);
  });

  it("gives geodetic coordinates within 1 mm and 1e-9 deg of satellite.js's iterative solution", () => {
    const els = parseTle(readFileSync(`${dataDir}starlink-2026-05.tle`, "utf8")).slice(0, 500);
    const satrecs = els.map((e) => toSatrec(e));
    const t = Date.UTC(2026, 4, 13, 6);
    const state = createOrbitState(satrecs.length);
    propagateBatch(satrecs, t, state);
    const gmst = gstime(julianDateFromMs(t));
    for (let i = 0; i < satrecs.length; i++) {
      if (state.errorCode[i] !== 0) continue;
      const g = eciToGeodetic({ x: state.posKm[3 * i]!, y: state.posKm[3 * i + 1]!, z: state.posKm[3 * i + 2]! }, gmst);
      expect(Math.abs(state.altKm[i]! - g.height)).toBeLessThan(1e-6);
      expect(Math.abs(state.latDeg[i]! - (g.latitude * 180) / Math.PI)).toBeLessThan(1e-9);
      const dLon = Math.abs(state.lonDeg[i]! - (g.longitude * 180) / Math.PI);
      expect(Math.min(dLon, 360 - dLon)).toBeLessThan(1e-9);
    }
  });

  it("marks a decayed satellite as failed with NaN state instead of throwing", () => {
    const satrec = toSatrec({ epochMs: 0, meanMotionRevPerDay: 16.4, eccentricity: 0.001, inclinationDeg: 51, raanDeg: 0, argPerigeeDeg: 0, meanAnomalyDeg: 0, bstar: 0.5 });
    const state = createOrbitState(1);
    propagateBatch([satrec], 400 * 86_400_000, state);
    expect(state.errorCode[0]).not.toBe(0);
    expect(state.altKm[0]).toBeNaN();
  });
});

describe("Hill-Clohessy-Wiltshire (physics-cases 7)", () => {
  const n = 1.07154e-3;
  it("has no drift when ydot0 = -2 n x0 and returns to its start after one period", () => {
    const s0 = { xM: 500, yM: 0, zM: 0, vxMS: 0, vyMS: noDriftAlongTrackVelocityMS(500, n), vzMS: 0 };
    const period = (2 * Math.PI) / n;
    expect(period).toBeCloseTo(5863.7, 1);
    const s1 = hcwPropagate(s0, n, period);
    expect(Math.hypot(s1.xM - s0.xM, s1.yM - s0.yM, s1.zM - s0.zM)).toBeLessThan(1e-6);
    let maxRadialSpeed = 0;
    let maxAlongTrack = 0;
    for (let k = 0; k < 1000; k++) {
      const s = hcwPropagate(s0, n, (k * period) / 1000);
      maxRadialSpeed = Math.max(maxRadialSpeed, Math.abs(s.vxMS));
      maxAlongTrack = Math.max(maxAlongTrack, Math.abs(s.yM));
    }
    expect(maxRadialSpeed).toBeCloseTo(0.5358, 3);
    expect(maxAlongTrack).toBeCloseTo(1000, 0);
  });
});

describe("generators", () => {
  it("builds a Walker delta shell plane by plane with the phasing offset", () => {
    const els = walkerDelta({ planes: 6, satsPerPlane: 4, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs: 0 });
    expect(els).toHaveLength(24);
    expect(els[4]!.raanDeg).toBeCloseTo(60, 9);
    expect(els[4]!.meanAnomalyDeg).toBeCloseTo(15, 9);
    expect(els[1]!.meanAnomalyDeg).toBeCloseTo(90, 9);
    expect(() => walkerDelta({ planes: 6, satsPerPlane: 4, phasing: 6, altKm: 550, inclinationDeg: 53, epochMs: 0 })).toThrow(/phasing = 6/);
  });

  it("keeps an 81-satellite Suncatcher-style formation within 3 radii of its reference for 3 orbits", () => {
    const epochMs = Date.UTC(2026, 5, 21);
    const sats = suncatcherFormation({ epochMs });
    expect(sats).toHaveLength(81);
    const ref = toSatrec(formationReference({ epochMs }));
    const satrecs = sats.map((e) => toSatrec(e));
    const refState = createOrbitState(1);
    const state = createOrbitState(81);
    const periodMs = orbitalPeriodS(650) * 1000;
    let maxKm = 0;
    let minKm = Infinity;
    for (let k = 0; k <= 300; k++) {
      const t = epochMs + (k * 3 * periodMs) / 300;
      propagateBatch([ref], t, refState);
      propagateBatch(satrecs, t, state);
      for (let i = 0; i < 81; i++) {
        const d = Math.hypot(state.posKm[3 * i]! - refState.posKm[0]!, state.posKm[3 * i + 1]! - refState.posKm[1]!, state.posKm[3 * i + 2]! - refState.posKm[2]!);
        maxKm = Math.max(maxKm, d);
        minKm = Math.min(minKm, d);
      }
    }
    expect(maxKm).toBeLessThan(3);
    expect(maxKm).toBeGreaterThan(0.1);
  });

  it("puts the formation in a dawn-dusk orbit: the plane's normal within 30 deg of the Sun", () => {
    const epochMs = Date.UTC(2026, 2, 20);
    const ref = formationReference({ epochMs });
    expect(ref.inclinationDeg).toBeCloseTo(97.98, 1);
  });
});

describe("counter-based random numbers", () => {
  it("gives the same draw for the same key whatever the order of evaluation", () => {
    const keys = Array.from({ length: 100 }, (_, i) => [42, i, i * 7, 3] as const);
    const forward = keys.map((k) => counterUniform(...k));
    const backward = [...keys].reverse().map((k) => counterUniform(...k)).reverse();
    expect(backward).toEqual(forward);
  });

  it("passes a chi-square uniformity test on 100,000 draws", () => {
    const bins = new Array<number>(100).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(counterUniform(7, i, 0, 1) * 100)]!++;
    const chi2 = bins.reduce((sum, b) => sum + (b - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(148);
  });

  it("draws uncorrelated streams for different purposes", () => {
    const n = 20_000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += (counterUniform(1, i, 5, 1) - 0.5) * (counterUniform(1, i, 5, 2) - 0.5);
    expect(Math.abs(sxy / n / (1 / 12))).toBeLessThan(0.03);
  });

  it("gives normals and Poisson counts with the right means", () => {
    let sum = 0;
    let sumSq = 0;
    let poisson = 0;
    for (let i = 0; i < 20_000; i++) {
      const z = counterNormal(3, i, 0, 9);
      sum += z;
      sumSq += z * z;
      poisson += counterPoisson(2.5, 3, i, 0, hashString32("seu"));
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.03);
    expect(Math.abs(sumSq / 20_000 - 1)).toBeLessThan(0.05);
    expect(Math.abs(poisson / 20_000 - 2.5)).toBeLessThan(0.05);
  });
});
