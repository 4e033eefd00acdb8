import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatTle, parseTle, parseTleRecords, tleChecksum } from "./tle.js";
import { BadTleError } from "./errors.js";

const dataDir = fileURLToPath(new URL("../../../scenarios/", import.meta.url));
function readData(file: string): string {
  try {
    return readFileSync(`${dataDir}${file}`, "utf8");
  } catch (err) {
    throw new Error(`${file} is missing at ${dataDir}: the repository's scenarios/ folder carries it`, { cause: err });
  }
}

// python-sgp4 README's ISS element set (physics-cases 5).
const ISS1 = "1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991";
const ISS2 = "2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482";

describe("parseTle", () => {
  it("reads all 10,361 Starlink element sets of May 2026 with names and epochs", () => {
    const els = parseTle(readData("starlink-2026-05.tle"), "starlink-2026-05.tle");
    expect(els).toHaveLength(10_361);
    expect(els[0]!.name).toBe("STARLINK-1008");
    expect(els.every((e) => e.meanMotionRevPerDay > 14 && e.meanMotionRevPerDay < 17)).toBe(true);
    expect(els.every((e) => e.epochMs >= Date.UTC(2026, 3, 1) && e.epochMs < Date.UTC(2026, 5, 1))).toBe(true);
    expect(new Set(els.map((e) => e.noradId)).size).toBe(10_361);
  });

  it.each([
    ["fengyun-1c-debris-2021-10.tle", 2686],
    ["cosmos-2251-debris-2021-10.tle", 1048],
    ["iridium-33-debris-2021-10.tle", 332],
  ])("reads the CRLF debris file %s", (file, count) => {
    const text = readData(file);
    expect(text).toContain("\r\n");
    const els = parseTle(text, file);
    expect(els).toHaveLength(count);
    expect(els.every((e) => e.name !== undefined && !e.name.endsWith("\r"))).toBe(true);
  });

  it("decodes every field of the ISS set (python-sgp4 README, physics-cases 5)", () => {
    const [el] = parseTle(`${ISS1}\n${ISS2}\n`);
    expect(el).toEqual({
      epochMs: Date.UTC(2019, 0, 1) + (343.69339541 - 1) * 86_400_000,
      meanMotionDotRevPerDay2: 0.00001764,
      meanMotionDdotRevPerDay3: 0,
      bstar: 0.38792e-4,
      inclinationDeg: 51.6439,
      raanDeg: 211.2001,
      eccentricity: 0.0007417,
      argPerigeeDeg: 17.6667,
      meanAnomalyDeg: 85.6398,
      meanMotionRevPerDay: 15.50103472,
      noradId: 25544,
      intlDesignator: "98067A",
    });
    expect(new Date(el!.epochMs).toISOString()).toBe("2019-12-09T16:38:29.363Z");
  });

  it("reads 2-line sets, 3-line sets with a '0 ' name prefix, and blank lines between them", () => {
    const text = `\n${ISS1}\n${ISS2}\n\n0 ISS (ZARYA)\n${ISS1}\r\n${ISS2}\r\n\n`;
    const els = parseTle(text);
    expect(els).toHaveLength(2);
    expect(els[0]!.name).toBeUndefined();
    expect(els[1]!.name).toBe("ISS (ZARYA)");
  });

  it("decodes negative exponent fields and Alpha-5 catalog numbers", () => {
    const l1 = withChecksum("1 A2345U 98067A   19343.69339541 -.00001764 -12345-5 -38792-4 0  999");
    const l2 = withChecksum("2 A2345  51.6439 211.2001 0007417  17.6667  85.6398 15.5010347220248");
    const [el] = parseTle(`${l1}\n${l2}`);
    expect(el!.noradId).toBe(102345);
    expect(el!.meanMotionDotRevPerDay2).toBe(-0.00001764);
    expect(el!.meanMotionDdotRevPerDay3).toBe(-0.12345e-5);
    expect(el!.bstar).toBe(-0.38792e-4);
  });

  it("names source, line, column and both checksums when a digit is corrupted", () => {
    const bad = `ISS\n${ISS1}\n${ISS2.replace("51.6439", "51.6438")}\n`;
    expect(() => parseTle(bad, "iss.tle")).toThrow(BadTleError);
    expect(() => parseTle(bad, "iss.tle")).toThrow(/^iss\.tle:3:69: checksum is "2", expected 1/);
    try {
      parseTle(bad, "iss.tle");
    } catch (err) {
      expect((err as BadTleError).code).toBe("ORBITWIN_BAD_TLE");
      expect((err as BadTleError).name).toBe("BadTleError");
    }
  });

  it("names source, line and column of a field that is not a number", () => {
    const l2 = withChecksum(`${ISS2.slice(0, 8)} 5x.6439${ISS2.slice(16, 68)}`);
    expect(() => parseTle(`${ISS1}\n${l2}`, "x.tle")).toThrow(/^x\.tle:2:9: inclination "5x\.6439" \(columns 9-16\) is not a decimal number/);
  });

  it("refuses a truncated line, naming its length", () => {
    expect(() => parseTle(`${ISS1}\n${ISS2.slice(0, 60)}`, "t.tle")).toThrow(/^t\.tle:2: line has 60 characters, a TLE line has 69/);
  });

  it("refuses lines 1 and 2 of different objects", () => {
    const l2 = withChecksum(ISS2.replace("25544", "25545").slice(0, 68));
    expect(() => parseTle(`${ISS1}\n${l2}`, "m.tle")).toThrow(/^m\.tle:2:3: catalog number "25545" differs from line 1's "25544"/);
  });

  it("refuses a name line with no element set after it, and a line 2 alone", () => {
    expect(() => parseTle("LONELY\n", "x.tle")).toThrow(/^x\.tle:1: the name line "LONELY" has no element set/);
    expect(() => parseTle(`${ISS2}\n`, "y.tle")).toThrow(/^y\.tle:1: line 2 without a line 1/);
    expect(() => parseTle(`A\nB\n${ISS1}\n${ISS2}`, "z.tle")).toThrow(/^z\.tle:2: expected line 1 .* after the name line 1 "A"/);
  });

  it("skips the checksum only when told to", () => {
    const bad = `${ISS1.slice(0, 68)}0\n${ISS2}`;
    expect(() => parseTle(bad)).toThrow(/checksum/);
    expect(parseTle(bad, "<text>", { verifyChecksum: false })).toHaveLength(1);
  });

  it("keeps each set's original lines in parseTleRecords", () => {
    const [r] = parseTleRecords(`ISS\r\n${ISS1}\r\n${ISS2}\r\n`);
    expect(r!.line1).toBe(ISS1);
    expect(r!.line2).toBe(ISS2);
  });
});

describe("formatTle", () => {
  it("writes the ISS set back column for column (up to element set and revolution numbers)", () => {
    const [el] = parseTle(`${ISS1}\n${ISS2}\n`);
    const [l1, l2] = formatTle(el!, { elementSetNumber: 999, revolutionNumber: 20248 });
    expect(l1).toBe(ISS1);
    expect(l2).toBe(ISS2);
  });

  it("round-trips every Starlink and Fengyun debris set to identical numbers", () => {
    for (const file of ["starlink-2026-05.tle", "fengyun-1c-debris-2021-10.tle"]) {
      const els = parseTle(readData(file), file);
      for (const el of els) {
        const [l1, l2] = formatTle(el);
        const [back] = parseTle(`${l1}\n${l2}`);
        expect({ ...back, name: el.name }).toEqual({ ...el });
      }
    }
  });

  it("rounds generated elements to the format's columns and carries the epoch to 1e-8 day", () => {
    const [l1, l2] = formatTle({
      epochMs: Date.UTC(2027, 0, 1) - 0.0001,
      meanMotionRevPerDay: 15.123456789,
      eccentricity: 0.00012345678,
      inclinationDeg: 53.00004,
      raanDeg: -10,
      argPerigeeDeg: 359.99999,
      meanAnomalyDeg: 720.5,
      bstar: 0.000123456,
      noradId: 123456,
    });
    expect(l1.slice(2, 7)).toBe("C3456");
    expect(l1.slice(18, 32)).toBe("27001.00000000");
    expect(l1.slice(53, 61)).toBe(" 12346-3");
    expect(l2.slice(8, 63)).toBe(" 53.0000 350.0000 0001235   0.0000   0.5000 15.12345679");
    expect(tleChecksum(l1)).toBe(Number(l1[68]));
  });

  it("refuses what the format cannot hold, naming the field", () => {
    const el = parseTle(`${ISS1}\n${ISS2}\n`)[0]!;
    expect(() => formatTle({ ...el, noradId: 400_000 })).toThrow(/noradId 400000/);
    expect(() => formatTle({ ...el, bstar: 1e-12 })).toThrow(/bstar/);
    expect(() => formatTle({ ...el, epochMs: Date.UTC(2070, 0, 1) })).toThrow(/epoch year 2070/);
  });
});

function withChecksum(line68: string): string {
  return `${line68}${tleChecksum(line68)}`;
}
