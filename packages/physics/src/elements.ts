/**
 * SGP4 mean elements (the content of a TLE or a CCSDS OMM), in named units, and the satellite.js
 * record SGP4 propagates from.
 */
import { SatRecError, json2satrec, twoline2satrec, type SatRec } from "satellite.js";
import { BadElementsError } from "./errors.js";

export type { SatRec } from "satellite.js";

export interface MeanElements {
  /** element set epoch, UTC ms since 1970 */
  epochMs: number;
  meanMotionRevPerDay: number;
  eccentricity: number;
  inclinationDeg: number;
  raanDeg: number;
  argPerigeeDeg: number;
  meanAnomalyDeg: number;
  /** SGP4 drag term, 1/earth radii */
  bstar: number;
  /** first derivative of mean motion divided by 2, rev/day^2 (TLE line 1 field) */
  meanMotionDotRevPerDay2?: number;
  /** second derivative of mean motion divided by 6, rev/day^3 */
  meanMotionDdotRevPerDay3?: number;
  noradId?: number;
  name?: string;
  intlDesignator?: string;
}

/** Throws BadElementsError naming the field when the elements cannot be propagated. */
export function validateElements(el: MeanElements, where: string): void {
  const check = (ok: boolean, field: keyof MeanElements, rule: string) => {
    if (!ok) throw new BadElementsError(`${where}: ${field} = ${String(el[field])} ${rule}`);
  };
  check(Number.isFinite(el.epochMs), "epochMs", "must be a finite time");
  check(Number.isFinite(el.meanMotionRevPerDay) && el.meanMotionRevPerDay > 0 && el.meanMotionRevPerDay < 20, "meanMotionRevPerDay", "must be in (0, 20) rev/day");
  check(Number.isFinite(el.eccentricity) && el.eccentricity >= 0 && el.eccentricity < 1, "eccentricity", "must be in [0, 1)");
  check(Number.isFinite(el.inclinationDeg) && el.inclinationDeg >= 0 && el.inclinationDeg <= 180, "inclinationDeg", "must be in [0, 180] degrees");
  check(Number.isFinite(el.raanDeg), "raanDeg", "must be finite");
  check(Number.isFinite(el.argPerigeeDeg), "argPerigeeDeg", "must be finite");
  check(Number.isFinite(el.meanAnomalyDeg), "meanAnomalyDeg", "must be finite");
  check(Number.isFinite(el.bstar), "bstar", "must be finite");
}

/**
 * Builds the SGP4 record through satellite.js's OMM path (json2satrec, improved mode). The epoch
 * is carried to the millisecond; a TLE's epoch field resolves 0.864 ms, so for bit-exact
 * agreement with a published TLE use satrecFromTle on its lines.
 */
export function toSatrec(el: MeanElements): SatRec {
  validateElements(el, el.name ?? "elements");
  const satrec = json2satrec({
    OBJECT_NAME: el.name ?? "",
    OBJECT_ID: el.intlDesignator ?? "",
    EPOCH: new Date(el.epochMs).toISOString().replace("Z", ""),
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
  if (satrec.error !== SatRecError.None) throw new BadElementsError(`${el.name ?? "elements"}: SGP4 refused them (satellite.js error ${satrec.error})`);
  return satrec;
}

/** The SGP4 record of a published TLE, exactly as Vallado's verification expects. */
export function satrecFromTle(line1: string, line2: string): SatRec {
  return twoline2satrec(line1, line2);
}

function wrapDeg(deg: number): number {
  const wrapped = deg % 360;
  return wrapped < 0 ? wrapped + 360 : wrapped;
}
