import { describe, expect, it } from "vitest";
import { sgp4, twoline2satrec, type SatRec } from "satellite.js";
import { toSatrec, validateElements, type MeanElements } from "./elements.js";
import { formatTle, parseTle } from "./tle.js";
import { parseOmmJson } from "./omm.js";
import { BadElementsError } from "./errors.js";

const ISS1 = "1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991";
const ISS2 = "2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482";
const GENERATED: MeanElements = {
  epochMs: Date.UTC(2026, 4, 12, 0, 0, 0, 0) + 0.25,
  meanMotionRevPerDay: 15.0591234567,
  eccentricity: 1.23456789e-4,
  inclinationDeg: 53.000012345,
  raanDeg: 370.5,
  argPerigeeDeg: -20,
  meanAnomalyDeg: 45.678912345,
  bstar: 0,
};

const SGP4_FIELDS = ["no", "ecco", "inclo", "nodeo", "argpo", "mo", "bstar", "ndot", "nddot", "jdsatepoch", "gsto", "isimp", "method"] as const;

describe("validateElements", () => {
  it("names the field, its value and the range", () => {
    expect(() => validateElements({ ...GENERATED, eccentricity: 1.2 }, "sat 7")).toThrow(/^sat 7: eccentricity = 1\.2 must be in \[0, 1\)/);
    expect(() => validateElements({ ...GENERATED, meanMotionRevPerDay: -1 }, "sat 7")).toThrow(/meanMotionRevPerDay = -1/);
    expect(() => validateElements({ ...GENERATED, inclinationDeg: Number.NaN }, "x")).toThrow(/inclinationDeg = NaN/);
    expect(() => validateElements(GENERATED, "ok")).not.toThrow();
  });
});

describe("toSatrec", () => {
  it("builds a parsed TLE bit for bit as satellite.js's twoline2satrec does on the original lines", () => {
    const [el] = parseTle(`${ISS1}\n${ISS2}`);
    const ours = toSatrec(el!) as unknown as Record<string, number>;
    const theirs = twoline2satrec(ISS1, ISS2) as unknown as Record<string, number>;
    for (const f of SGP4_FIELDS) expect(ours[f], f).toBe(theirs[f]);
  });

  it("keeps every digit of generated elements (OMM path) and the epoch to the Julian date's 40 microseconds", () => {
    const satrec = toSatrec(GENERATED);
    const rounded = toSatrec(parseTle(formatTle(GENERATED).join("\n"))[0]!);
    expect(satrec.no).not.toBe(rounded.no);
    expect(satrec.no).toBeCloseTo(rounded.no, 9);
    expect(satrec.ecco).toBe(GENERATED.eccentricity);
    expect(satrec.inclo).toBe(GENERATED.inclinationDeg * (Math.PI / 180));
    expect(satrec.nodeo).toBeCloseTo((10.5 * Math.PI) / 180, 14);
    // A Julian date in a double resolves 4.7e-10 day = 40 microseconds.
    expect(Math.abs((satrec.jdsatepoch - 2440587.5) * 86_400_000 - GENERATED.epochMs)).toBeLessThan(0.041);
  });

  it("gives the ISS the same state from its OMM as from its TLE, within the TLE epoch's resolution", () => {
    const omm = parseOmmJson(
      JSON.stringify([
        {
          OBJECT_NAME: "ISS (ZARYA)",
          NORAD_CAT_ID: 25544,
          EPOCH: "2019-12-09T16:38:29.363424",
          MEAN_MOTION: 15.50103472,
          ECCENTRICITY: 0.0007417,
          INCLINATION: 51.6439,
          RA_OF_ASC_NODE: 211.2001,
          ARG_OF_PERICENTER: 17.6667,
          MEAN_ANOMALY: 85.6398,
          BSTAR: 3.8792e-5,
          MEAN_MOTION_DOT: 1.764e-5,
          MEAN_MOTION_DDOT: 0,
        },
      ]),
    )[0]!;
    const fromOmm = toSatrec(omm);
    const fromTle = toSatrec(parseTle(`${ISS1}\n${ISS2}`)[0]!);
    const at = (s: SatRec) => sgp4(s, (fromTle.jdsatepoch - s.jdsatepoch) * 1440 + 720)!.position;
    const a = at(fromOmm);
    const b = at(fromTle);
    // Epochs differ by 0.14 ms (TLE rounding): 7.7 km/s x 0.14 ms = 1 m.
    expect(Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z)).toBeLessThan(0.002);
  });

  it("throws BadElementsError naming the element set when SGP4 refuses it", () => {
    const e = (() => {
      try {
        toSatrec({ ...GENERATED, name: "DEEP-DIVE", meanMotionRevPerDay: 0.00001, eccentricity: 0.5602877 });
      } catch (err) {
        return err as BadElementsError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(BadElementsError);
    expect(e!.code).toBe("ORBITWIN_BAD_ELEMENTS");
    expect(e!.message).toMatch(/^DEEP-DIVE: SGP4 cannot start from these elements \(satellite\.js error \d/);
  });
});
