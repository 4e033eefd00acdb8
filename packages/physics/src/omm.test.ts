import { describe, expect, it } from "vitest";
import { parseCcsdsTimeMs, parseOmmJson, parseOmmKvn } from "./omm.js";
import { parseTle } from "./tle.js";
import { BadOmmError } from "./errors.js";

// The ISS set of physics-cases 5 as CelesTrak serves it in OMM form (same numbers as the TLE).
const ISS_OMM = {
  OBJECT_NAME: "ISS (ZARYA)",
  OBJECT_ID: "1998-067A",
  EPOCH: "2019-12-09T16:38:29.363424",
  MEAN_MOTION: 15.50103472,
  ECCENTRICITY: 0.0007417,
  INCLINATION: 51.6439,
  RA_OF_ASC_NODE: 211.2001,
  ARG_OF_PERICENTER: 17.6667,
  MEAN_ANOMALY: 85.6398,
  EPHEMERIS_TYPE: 0,
  CLASSIFICATION_TYPE: "U",
  NORAD_CAT_ID: 25544,
  ELEMENT_SET_NO: 999,
  REV_AT_EPOCH: 20248,
  BSTAR: 3.8792e-5,
  MEAN_MOTION_DOT: 1.764e-5,
  MEAN_MOTION_DDOT: 0,
};
const ISS_TLE =
  "1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991\n2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482\n";

const ISS_KVN = `CCSDS_OMM_VERS = 2.0
COMMENT  GENERATED VIA SPACE-TRACK.ORG API
CREATION_DATE = 2019-12-09T18:00:00
ORIGINATOR = 18 SPCS

OBJECT_NAME = ISS (ZARYA)
OBJECT_ID = 1998-067A
CENTER_NAME = EARTH
REF_FRAME = TEME
TIME_SYSTEM = UTC
MEAN_ELEMENT_THEORY = SGP4

EPOCH = 2019-12-09T16:38:29.363424
MEAN_MOTION = 15.50103472 [rev/day]
ECCENTRICITY = .0007417
INCLINATION = 51.6439 [deg]
RA_OF_ASC_NODE = 211.2001 [deg]
ARG_OF_PERICENTER = 17.6667 [deg]
MEAN_ANOMALY = 85.6398 [deg]
EPHEMERIS_TYPE = 0
CLASSIFICATION_TYPE = U
NORAD_CAT_ID = 25544
ELEMENT_SET_NO = 999
REV_AT_EPOCH = 20248
BSTAR = .38792E-4 [1/ER]
MEAN_MOTION_DOT = .00001764 [rev/day**2]
MEAN_MOTION_DDOT = 0 [rev/day**3]
`;

describe("parseOmmJson", () => {
  it("reads CelesTrak's OMM JSON into the same elements as the TLE, epoch to the microsecond", () => {
    const [fromOmm] = parseOmmJson(JSON.stringify([ISS_OMM]), "iss.json");
    const [fromTle] = parseTle(ISS_TLE);
    expect(fromOmm!.name).toBe("ISS (ZARYA)");
    expect(fromOmm!.noradId).toBe(25544);
    expect(fromOmm!.intlDesignator).toBe("1998-067A");
    for (const key of [
      "meanMotionRevPerDay",
      "eccentricity",
      "inclinationDeg",
      "raanDeg",
      "argPerigeeDeg",
      "meanAnomalyDeg",
      "bstar",
      "meanMotionDotRevPerDay2",
    ] as const) {
      expect(fromOmm![key]).toBe(fromTle![key]);
    }
    // The TLE epoch resolves 1e-8 day (0.864 ms); the OMM keeps 1 microsecond.
    expect(Math.abs(fromOmm!.epochMs - fromTle!.epochMs)).toBeLessThan(0.5);
    expect(fromOmm!.epochMs % 1).toBeCloseTo(0.424, 3);
  });

  it("accepts one object as well as an array, and numbers given as strings", () => {
    const els = parseOmmJson(JSON.stringify({ ...ISS_OMM, MEAN_MOTION: "15.50103472" }));
    expect(els).toHaveLength(1);
    expect(els[0]!.meanMotionRevPerDay).toBe(15.50103472);
  });

  it("names the index and field of a missing or malformed value", () => {
    const partial: Record<string, unknown> = { ...ISS_OMM };
    delete partial.MEAN_MOTION;
    expect(() => parseOmmJson(JSON.stringify([ISS_OMM, partial]), "iss.json")).toThrow(/^iss\.json\[1\]\.MEAN_MOTION: missing/);
    expect(() => parseOmmJson(JSON.stringify([{ ...ISS_OMM, BSTAR: "abc" }]), "iss.json")).toThrow(/^iss\.json\[0\]\.BSTAR: "abc" is not a number/);
    expect(() => parseOmmJson(JSON.stringify([{ ...ISS_OMM, EPOCH: "yesterday" }]), "iss.json")).toThrow(
      /^iss\.json\[0\]\.EPOCH: "yesterday" is not a CCSDS time/,
    );
    expect(() => parseOmmJson("[1,", "bad.json")).toThrow(BadOmmError);
  });

  it("refuses elements of another theory or frame", () => {
    expect(() => parseOmmJson(JSON.stringify([{ ...ISS_OMM, MEAN_ELEMENT_THEORY: "SGP4-XP" }]), "xp.json")).toThrow(
      /xp\.json\[0\]\.MEAN_ELEMENT_THEORY: "SGP4-XP"/,
    );
    expect(() => parseOmmJson(JSON.stringify([{ ...ISS_OMM, REF_FRAME: "GCRF" }]), "f.json")).toThrow(/REF_FRAME: "GCRF"; SGP4 elements are TEME/);
  });
});

describe("parseOmmKvn", () => {
  it("reads the KVN form with units and comments into the same elements as the JSON form", () => {
    const [kvn] = parseOmmKvn(ISS_KVN, "iss.kvn");
    const [json] = parseOmmJson(JSON.stringify([ISS_OMM]));
    expect(kvn).toEqual(json);
  });

  it("reads several messages, each opened by CCSDS_OMM_VERS, with CRLF line ends", () => {
    const text = `${ISS_KVN}\n${ISS_KVN.replace("NORAD_CAT_ID = 25544", "NORAD_CAT_ID = 25545")}`.replace(/\n/g, "\r\n");
    expect(parseOmmKvn(text).map((e) => e.noradId)).toEqual([25544, 25545]);
  });

  it("names the line of a bad value, the message of a missing one, and a repeated keyword", () => {
    expect(() => parseOmmKvn(ISS_KVN.replace("INCLINATION = 51.6439", "INCLINATION = fifty"), "iss.kvn")).toThrow(
      /^iss\.kvn:16: INCLINATION: "fifty" is not a number/,
    );
    expect(() => parseOmmKvn(ISS_KVN.replace("BSTAR = .38792E-4 [1/ER]\n", ""), "iss.kvn")).toThrow(/^iss\.kvn:1: message has no BSTAR: missing/);
    expect(() => parseOmmKvn(`${ISS_KVN}BSTAR = 0\n`, "iss.kvn")).toThrow(/^iss\.kvn:28: BSTAR appears twice/);
    expect(() => parseOmmKvn("just text\n", "x.kvn")).toThrow(/^x\.kvn:1: "just text" is not a KVN line/);
  });
});

describe("parseCcsdsTimeMs", () => {
  it("reads calendar and day-of-year forms, keeping sub-millisecond digits", () => {
    expect(parseCcsdsTimeMs("2026-05-12T22:48:42.123456")).toBeCloseTo(Date.UTC(2026, 4, 12, 22, 48, 42) + 123.456, 6);
    expect(parseCcsdsTimeMs("2026-132T22:48:42Z")).toBe(Date.UTC(2026, 4, 12, 22, 48, 42));
    expect(parseCcsdsTimeMs("2026-02-30T00:00:00")).toBeUndefined();
    expect(parseCcsdsTimeMs("2026-05-12 22:48")).toBeUndefined();
  });
});
