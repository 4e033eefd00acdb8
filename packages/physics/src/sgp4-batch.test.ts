import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sgp4 } from "satellite.js";
import { toSatrec, type MeanElements } from "./elements.js";
import { walkerDelta } from "./generators.js";
import { createOrbitState, gmstRad, satrecEpochMs, temeToGeodeticInto } from "./orbit-batch.js";
import { Sgp4Batch } from "./sgp4-batch.js";
import { sunPositionKm, sunlitFraction } from "./sun.js";
import { parseTle } from "./tle.js";
import { BadModelInputError } from "./errors.js";

const starlinkPath = fileURLToPath(new URL("../../../scenarios/starlink-2026-05.tle", import.meta.url));
// Every 20th satellite of the real fleet: 518 element sets of May 2026.
const starlink = parseTle(readFileSync(starlinkPath, "utf8"), starlinkPath).filter((_, i) => i % 20 === 0);
const MIN_PER_DAY = 1440;
const LEO_SCALE_KM = 7000;

describe("Sgp4Batch (the fleet kernel)", () => {
  it("matches satellite.js sgp4 on the real Starlink fleet from a day before epoch to a year after, failures included", () => {
    const satrecs = starlink.map((e) => toSatrec(e));
    const batch = Sgp4Batch.fromSatrecs(satrecs);
    const posKm = new Float64Array(3 * satrecs.length);
    const velKmS = new Float64Array(3 * satrecs.length);
    const errorCode = new Uint8Array(satrecs.length);
    let worstKm = 0;
    let worstKmS = 0;
    let failures = 0;
    for (const tsinceMin of [-MIN_PER_DAY, 0, 0.5, 90, MIN_PER_DAY, 30 * MIN_PER_DAY, 365 * MIN_PER_DAY]) {
      const failed = batch.propagate(0, posKm, velKmS, errorCode, tsinceMin);
      satrecs.forEach((satrec, i) => {
        const pv = sgp4(satrec, tsinceMin);
        if (pv === null) {
          expect(errorCode[i], `slot ${i} at ${tsinceMin} min`).toBe(satrec.error);
          expect(Number.isNaN(posKm[3 * i])).toBe(true);
          failures++;
          return;
        }
        expect(errorCode[i]).toBe(0);
        // A year out, strong drag sends a few records to absurd distances without an SGP4 error
        // (outside the model's domain): those are compared in proportion to their size.
        const scale = Math.max(1, Math.hypot(pv.position.x, pv.position.y, pv.position.z) / LEO_SCALE_KM);
        worstKm = Math.max(
          worstKm,
          Math.abs(pv.position.x - posKm[3 * i]!) / scale,
          Math.abs(pv.position.y - posKm[3 * i + 1]!) / scale,
          Math.abs(pv.position.z - posKm[3 * i + 2]!) / scale,
        );
        worstKmS = Math.max(
          worstKmS,
          Math.abs(pv.velocity.x - velKmS[3 * i]!) / scale,
          Math.abs(pv.velocity.y - velKmS[3 * i + 1]!) / scale,
          Math.abs(pv.velocity.z - velKmS[3 * i + 2]!) / scale,
        );
      });
      expect(failed).toBe(errorCode.filter((c) => c !== 0).length);
    }
    expect(worstKm).toBeLessThan(1e-9);
    expect(worstKmS).toBeLessThan(1e-12);
    // A year out, drag has brought some of the fleet down: those failures are part of the check.
    expect(failures).toBeGreaterThan(0);
  });

  it("steps geodetic coordinates and the sunlit fraction of its own positions, at the time asked", () => {
    const satrecs = starlink.slice(0, 200).map((e) => toSatrec(e));
    const batch = Sgp4Batch.fromSatrecs(satrecs);
    const out = createOrbitState(satrecs.length);
    const sunlit = new Float64Array(satrecs.length);
    const timeMs = Date.UTC(2026, 4, 13, 6, 30);
    const sunKm = sunPositionKm(timeMs);
    batch.step(timeMs, sunKm, out, sunlit);
    const gmst = gmstRad(timeMs);
    const expected = createOrbitState(1);
    satrecs.forEach((satrec, i) => {
      const pv = sgp4(satrec, (timeMs - satrecEpochMs(satrec)) / 60_000)!;
      expect(Math.abs(pv.position.x - out.posKm[3 * i]!)).toBeLessThan(1e-6);
      const [x, y, z] = [out.posKm[3 * i]!, out.posKm[3 * i + 1]!, out.posKm[3 * i + 2]!];
      temeToGeodeticInto(x, y, z, Math.cos(gmst), Math.sin(gmst), expected, 0);
      expect([out.latDeg[i], out.lonDeg[i], out.altKm[i]]).toEqual([expected.latDeg[0], expected.lonDeg[0], expected.altKm[0]]);
      expect(sunlit[i]).toBe(sunlitFraction(x, y, z, sunKm));
    });
    // Over 200 satellites at one instant some are in the Earth's shadow and some are not.
    expect(sunlit.some((f) => f === 0)).toBe(true);
    expect(sunlit.some((f) => f === 1)).toBe(true);
  });

  it("gives a failed slot its error code, NaN coordinates and no sunlight", () => {
    // A very low orbit with strong drag: decayed (SGP4 error 6) within days.
    const low = toSatrec({ ...starlink[0]!, meanMotionRevPerDay: 16.3, bstar: 0.02, eccentricity: 0.0001 });
    const batch = Sgp4Batch.fromSatrecs([low, toSatrec(starlink[1]!)]);
    const out = createOrbitState(2);
    const sunlit = new Float64Array(2).fill(1);
    const timeMs = satrecEpochMs(low) + 30 * 86_400_000;
    expect(sgp4(low, 30 * MIN_PER_DAY)).toBeNull();
    expect(batch.step(timeMs, sunPositionKm(timeMs), out, sunlit)).toBe(1);
    expect(out.errorCode[0]).toBe(low.error);
    expect([out.latDeg[0], out.posKm[0]].every(Number.isNaN)).toBe(true);
    expect(sunlit[0]).toBe(0);
    expect(out.errorCode[1]).toBe(0);
  });

  it("propagates a slot from the record it is given later (a burn), the others untouched", () => {
    const [a, b] = [toSatrec(starlink[2]!), toSatrec(starlink[3]!)];
    const batch = Sgp4Batch.fromSatrecs([a, a]);
    batch.setSatrec(1, b);
    const pos = new Float64Array(6);
    batch.propagate(0, pos, new Float64Array(6), new Uint8Array(2), 100);
    expect(Math.abs(pos[0]! - propagated(a, 100)[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(pos[3]! - propagated(b, 100)[0]!)).toBeLessThan(1e-9);
  });

  it("initialises a generated shell once per plane family and gets every slot's record exactly", () => {
    const epochMs = Date.UTC(2026, 4, 13);
    const shells: MeanElements[] = [
      ...walkerDelta({ planes: 12, satsPerPlane: 25, phasing: 5, altKm: 550, inclinationDeg: 53, epochMs, bstar: 3e-4 }),
      // Eccentric, with a perigee and drag terms: more of sgp4init's branches.
      ...walkerDelta({ planes: 6, satsPerPlane: 10, phasing: 1, altKm: 1200, inclinationDeg: 97.6, epochMs, raanOffsetDeg: -20 }).map((e) => ({
        ...e,
        eccentricity: 0.0123,
        argPerigeeDeg: 271.5,
        bstar: -1e-4,
        meanMotionDotRevPerDay2: 1e-6,
      })),
      // Below 220 km of perigee (SGP4's simplified drag) and real TLE sets initialised one by one.
      ...walkerDelta({ planes: 2, satsPerPlane: 5, phasing: 0, altKm: 200, inclinationDeg: 30, epochMs, bstar: 1e-3 }),
      ...starlink.slice(0, 20),
    ];
    const shared = Sgp4Batch.fromElements(shells.length, (slot) => shells[slot]!);
    const oneByOne = Sgp4Batch.fromSatrecs(shells.map((e) => toSatrec(e)));
    const states = [shared, oneByOne].map((batch) =>
      [0, 47, 1440, 20_000].map((tsinceMin) => {
        const pos = new Float64Array(3 * shells.length);
        const vel = new Float64Array(3 * shells.length);
        const codes = new Uint8Array(shells.length);
        batch.propagate(0, pos, vel, codes, tsinceMin);
        return [Array.from(pos), Array.from(vel), Array.from(codes)];
      }),
    );
    expect(states[0]).toEqual(states[1]);
  });

  it("refuses element sets SGP4 cannot start from, naming the set, in a shared shell too", () => {
    const shell = walkerDelta({ planes: 2, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53, epochMs: Date.UTC(2026, 0, 1) });
    const bad = { ...shell[3]!, raanDeg: Number.NaN, name: "odc-7" };
    expect(() => Sgp4Batch.fromElements(4, (slot) => (slot === 3 ? bad : shell[slot]!))).toThrow(/odc-7: raanDeg = NaN/);
  });

  it("holds one shared record for a generated shell and gives a burned satellite its own", () => {
    const plane = walkerDelta({ planes: 4, satsPerPlane: 250, phasing: 1, altKm: 550, inclinationDeg: 53, epochMs: Date.UTC(2026, 4, 13) });
    const shell = Sgp4Batch.fromElements(plane.length, (slot) => plane[slot]!);
    expect(shell.records).toBe(1);
    // Per satellite: 4 numbers of its own and a record index; the record is shared.
    expect(shell.bytes / plane.length).toBeLessThan(40);
    shell.setSatrec(17, toSatrec({ ...plane[17]!, meanMotionRevPerDay: plane[17]!.meanMotionRevPerDay + 0.01 }));
    expect(shell.records).toBe(2);
    // Its next burn rewrites that record in place.
    shell.setSatrec(17, toSatrec({ ...plane[17]!, meanMotionRevPerDay: plane[17]!.meanMotionRevPerDay + 0.02 }));
    expect(shell.records).toBe(2);
    const catalog = Sgp4Batch.fromElements(20, (slot) => starlink[slot]!);
    expect(catalog.records).toBe(20);
  });

  it("refuses a record that failed to initialise, a slot out of range and a bad count, naming them", () => {
    const batch = new Sgp4Batch(1);
    const failed = { ...toSatrec(starlink[0]!), error: 3 } as ReturnType<typeof toSatrec>;
    expect(() => batch.setSatrec(0, failed)).toThrow(/error 3/);
    expect(() => batch.setSatrec(1, toSatrec(starlink[0]!))).toThrow(/slot = 1 must be in \[0, 1\)/);
    expect(() => new Sgp4Batch(-1)).toThrow(BadModelInputError);
    expect(() => new Sgp4Batch(2).propagate(0, new Float64Array(6), new Float64Array(6), new Uint8Array(2))).toThrow(/slot 0 has no SGP4 record/);
    expect(() => batch.step(0, new Float64Array(3), createOrbitState(0), new Float64Array(0))).toThrow(/outputs hold 0 slots/);
    expect(() => new Sgp4Batch(2).propagateOne(1, 0, new Float64Array(3), new Float64Array(3), 0)).toThrow(
      /slot = 1 must be a slot in \[0, 2\) with an SGP4 record/,
    );
    expect(() => batch.propagateOne(-1, 0, new Float64Array(3), new Float64Array(3), 0)).toThrow(/slot = -1/);
  });

  it("steps only once every slot has a record, counting records shared, replaced and given", () => {
    const batch = new Sgp4Batch(3);
    const out = [new Float64Array(9), new Float64Array(9), new Uint8Array(3)] as const;
    batch.setSatrec(0, toSatrec(starlink[0]!));
    batch.setSatrec(2, toSatrec(starlink[2]!));
    expect(() => batch.propagate(0, ...out, 10)).toThrow(/slot 1 has no SGP4 record/);
    batch.setSatrec(1, toSatrec(starlink[1]!));
    batch.setSatrec(1, toSatrec(starlink[3]!));
    expect(batch.propagate(0, ...out, 10)).toBe(0);
    const plane = walkerDelta({ planes: 1, satsPerPlane: 10, phasing: 0, altKm: 550, inclinationDeg: 53, epochMs: Date.UTC(2026, 4, 13) });
    const shell = Sgp4Batch.fromElements(plane.length, (slot) => plane[slot]!);
    expect(shell.records).toBe(1);
    shell.setSatrec(5, toSatrec(plane[6]!));
    expect(shell.propagate(0, new Float64Array(30), new Float64Array(30), new Uint8Array(10), 10)).toBe(0);
  });

  it("propagates one slot as the whole batch does, at the offset asked (a screen's narrow phase)", () => {
    const satrecs = starlink.slice(0, 40).map((e) => toSatrec(e));
    const batch = Sgp4Batch.fromSatrecs(satrecs);
    const timeMin = satrecEpochMs(satrecs[0]!) / 60_000 + 3 * MIN_PER_DAY + 17.25;
    const posKm = new Float64Array(3 * satrecs.length);
    const velKmS = new Float64Array(3 * satrecs.length);
    batch.propagate(timeMin, posKm, velKmS, new Uint8Array(satrecs.length));
    const onePos = new Float64Array(5);
    const oneVel = new Float64Array(5);
    satrecs.forEach((_, i) => {
      expect(batch.propagateOne(i, timeMin, onePos, oneVel, 2)).toBe(0);
      expect([...onePos.subarray(2)]).toEqual([...posKm.subarray(3 * i, 3 * i + 3)]);
      expect([...oneVel.subarray(2)]).toEqual([...velKmS.subarray(3 * i, 3 * i + 3)]);
    });
  });
});

function propagated(satrec: ReturnType<typeof toSatrec>, tsinceMin: number): number[] {
  const pv = sgp4(satrec, tsinceMin)!;
  return [pv.position.x, pv.position.y, pv.position.z];
}
