/**
 * SGP4 mean elements (the content of a TLE or a CCSDS OMM), in named units, and the satellite.js
 * record SGP4 propagates from.
 */
import { SatRecError, json2satrec, twoline2satrec, type SatRec } from "satellite.js";
import { BadElementsError } from "./errors.js";
import type { MeanElements } from "./mean-elements.js";
import { formatTle, parseTle } from "./tle.js";

export type { SatRec } from "satellite.js";

export type { MeanElements } from "./mean-elements.js";

/**
 * Throws BadElementsError naming the field, its value and the valid range when SGP4 cannot start
 * from `el`. `where` says which element set (a file name and index, a satellite id).
 */
export function validateElements(el: MeanElements, where: string): void {
  const check = (ok: boolean, field: keyof MeanElements, rule: string) => {
    if (!ok) throw new BadElementsError(`${where}: ${field} = ${String(el[field])} ${rule}`);
  };
  check(Number.isFinite(el.epochMs), "epochMs", "must be a finite UTC time in ms since 1970");
  check(
    Number.isFinite(el.meanMotionRevPerDay) && el.meanMotionRevPerDay > 0 && el.meanMotionRevPerDay < 20,
    "meanMotionRevPerDay",
    "must be in (0, 20) rev/day (20 rev/day is below the surface)",
  );
  check(Number.isFinite(el.eccentricity) && el.eccentricity >= 0 && el.eccentricity < 1, "eccentricity", "must be in [0, 1)");
  check(Number.isFinite(el.inclinationDeg) && el.inclinationDeg >= 0 && el.inclinationDeg <= 180, "inclinationDeg", "must be in [0, 180] degrees");
  check(Number.isFinite(el.raanDeg), "raanDeg", "must be a finite angle in degrees");
  check(Number.isFinite(el.argPerigeeDeg), "argPerigeeDeg", "must be a finite angle in degrees");
  check(Number.isFinite(el.meanAnomalyDeg), "meanAnomalyDeg", "must be a finite angle in degrees");
  check(Number.isFinite(el.bstar), "bstar", "must be finite (1/earth radii)");
  check(el.meanMotionDotRevPerDay2 === undefined || Number.isFinite(el.meanMotionDotRevPerDay2), "meanMotionDotRevPerDay2", "must be finite or absent");
  check(el.meanMotionDdotRevPerDay3 === undefined || Number.isFinite(el.meanMotionDdotRevPerDay3), "meanMotionDdotRevPerDay3", "must be finite or absent");
  check(el.noradId === undefined || (Number.isInteger(el.noradId) && el.noradId >= 0), "noradId", "must be a whole number >= 0 or absent");
}

const MS_PER_DAY = 86_400_000;
/** Julian date of 1970-01-01T00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;

/**
 * Builds the satellite.js SGP4 record (WGS-72, improved mode, Vallado et al. 2006) and checks
 * satellite.js's initialisation error. Two paths, one answer:
 * - elements that a TLE can hold exactly (every set read by parseTle) are written back with
 *   formatTle and read by twoline2satrec: bit-identical to satellite.js on the original lines,
 *   so Vallado's verification vectors are met to the last digit (sgp4-verification.test.ts);
 * - other elements (generated ones, with more digits than the TLE columns) go through
 *   json2satrec (the CCSDS OMM path) so no precision is lost; satellite.js reads the OMM epoch to
 *   the millisecond, so the record's epoch is then set to `epochMs` (to the 40 microseconds a
 *   Julian date in a double resolves). For deep-space sets
 *   the sidereal time of epoch inside the record keeps the < 1 ms truncation (below 1e-7 rad).
 */
export function toSatrec(el: MeanElements): SatRec {
  const where = el.name ?? (el.noradId === undefined ? "elements" : `NORAD ${el.noradId}`);
  validateElements(el, where);
  const lines = exactTleLines(el);
  const satrec = lines ? twoline2satrec(lines[0], lines[1]) : ommSatrec(el);
  if (satrec.error !== SatRecError.None) {
    throw new BadElementsError(
      `${where}: SGP4 cannot start from these elements (satellite.js error ${satrec.error}: ${SATREC_ERROR_TEXT[satrec.error] ?? "unknown"}); check eccentricity and mean motion`,
    );
  }
  return satrec;
}

/** The SGP4 record of a published TLE's own lines (twoline2satrec), as Vallado's verification expects. */
export function satrecFromTle(line1: string, line2: string): SatRec {
  return twoline2satrec(line1, line2);
}

/** What satellite.js's SatRecError codes mean (Vallado's sgp4 error codes). */
export const SATREC_ERROR_TEXT: Readonly<Record<number, string>> = {
  1: "mean eccentricity out of [0, 1)",
  2: "mean motion below zero",
  3: "perturbed eccentricity out of [0, 1)",
  4: "semi-latus rectum below zero",
  6: "decayed: the orbit is below the Earth's surface",
};

/**
 * True when toSatrec surely takes the OMM path for `el`: its mean motion, inclination or
 * eccentricity has digits beyond the TLE columns (generated elements). Sets that agree in those
 * fields agree in this answer.
 */
export function beyondTleDigits(el: MeanElements): boolean {
  return (
    Number(el.meanMotionRevPerDay.toFixed(8)) !== el.meanMotionRevPerDay ||
    Number(el.inclinationDeg.toFixed(4)) !== el.inclinationDeg ||
    Number(el.eccentricity.toFixed(7)) !== el.eccentricity
  );
}

function exactTleLines(el: MeanElements): [string, string] | undefined {
  if (beyondTleDigits(el)) return undefined;
  let lines: [string, string];
  let back: MeanElements | undefined;
  try {
    lines = formatTle(el);
    back = parseTle(`${lines[0]}\n${lines[1]}\n`, "formatTle")[0];
  } catch {
    return undefined;
  }
  if (!back) return undefined;
  const same =
    back.epochMs === el.epochMs &&
    back.meanMotionRevPerDay === el.meanMotionRevPerDay &&
    back.eccentricity === el.eccentricity &&
    back.inclinationDeg === el.inclinationDeg &&
    back.raanDeg === wrapDeg(el.raanDeg) &&
    back.argPerigeeDeg === wrapDeg(el.argPerigeeDeg) &&
    back.meanAnomalyDeg === wrapDeg(el.meanAnomalyDeg) &&
    back.bstar === el.bstar &&
    back.meanMotionDotRevPerDay2 === (el.meanMotionDotRevPerDay2 ?? 0) &&
    back.meanMotionDdotRevPerDay3 === (el.meanMotionDdotRevPerDay3 ?? 0);
  return same ? lines : undefined;
}

function ommSatrec(el: MeanElements): SatRec {
  const satrec = json2satrec({
    OBJECT_NAME: el.name ?? "",
    OBJECT_ID: el.intlDesignator ?? "",
    EPOCH: new Date(Math.floor(el.epochMs)).toISOString().replace("Z", ""),
    MEAN_MOTION: el.meanMotionRevPerDay,
    ECCENTRICITY: el.eccentricity,
    INCLINATION: el.inclinationDeg,
    RA_OF_ASC_NODE: wrapDeg(el.raanDeg),
    ARG_OF_PERICENTER: wrapDeg(el.argPerigeeDeg),
    MEAN_ANOMALY: wrapDeg(el.meanAnomalyDeg),
    EPHEMERIS_TYPE: 0,
    CLASSIFICATION_TYPE: "U",
    NORAD_CAT_ID: el.noradId ?? 0,
    ELEMENT_SET_NO: 999,
    REV_AT_EPOCH: 0,
    BSTAR: el.bstar,
    MEAN_MOTION_DOT: el.meanMotionDotRevPerDay2 ?? 0,
    MEAN_MOTION_DDOT: el.meanMotionDdotRevPerDay3 ?? 0,
  });
  // SGP4 counts time from jdsatepoch; give it the epoch to the sub-millisecond.
  satrec.jdsatepoch = el.epochMs / MS_PER_DAY + JD_UNIX_EPOCH;
  return satrec;
}

/** An angle in degrees taken into [0, 360), as the OMM path hands it to satellite.js. */
export function wrapDeg(deg: number): number {
  const wrapped = deg % 360;
  return wrapped < 0 ? wrapped + 360 : wrapped;
}
