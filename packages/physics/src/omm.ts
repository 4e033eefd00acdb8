/**
 * CCSDS Orbit Mean-Elements Messages (CCSDS 502.0-B-3) in CelesTrak's JSON form: an array of
 * objects with OBJECT_NAME, NORAD_CAT_ID, EPOCH, MEAN_MOTION, ECCENTRICITY, INCLINATION,
 * RA_OF_ASC_NODE, ARG_OF_PERICENTER, MEAN_ANOMALY, BSTAR, MEAN_MOTION_DOT, MEAN_MOTION_DDOT.
 */
import type { MeanElements } from "./elements.js";
import { BadOmmError } from "./errors.js";

const REQUIRED_NUMBERS = ["MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY", "BSTAR"] as const;

export function parseOmmJson(text: string, sourceName = "<text>"): MeanElements[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BadOmmError(`${sourceName}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item, index) => ommToElements(item, `${sourceName}[${index}]`));
}

function ommToElements(item: unknown, where: string): MeanElements {
  if (item === null || typeof item !== "object" || Array.isArray(item)) throw new BadOmmError(`${where}: expected an object of OMM fields`);
  const o = item as Record<string, unknown>;
  const num = (key: string, required: boolean): number | undefined => {
    const v = o[key];
    if (v === undefined || v === null || v === "") {
      if (required) throw new BadOmmError(`${where}.${key}: missing`);
      return undefined;
    }
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw new BadOmmError(`${where}.${key}: ${JSON.stringify(v)} is not a number`);
    return n;
  };
  const epochText = o.EPOCH;
  if (typeof epochText !== "string") throw new BadOmmError(`${where}.EPOCH: missing or not a string such as 2026-05-12T22:48:42.000Z`);
  const epochMs = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(epochText) ? epochText : `${epochText}Z`);
  if (!Number.isFinite(epochMs)) throw new BadOmmError(`${where}.EPOCH: "${epochText}" is not an ISO 8601 time`);
  const values = Object.fromEntries(REQUIRED_NUMBERS.map((k) => [k, num(k, true)!])) as Record<(typeof REQUIRED_NUMBERS)[number], number>;
  const noradId = num("NORAD_CAT_ID", false);
  const name = typeof o.OBJECT_NAME === "string" ? o.OBJECT_NAME.trim() : undefined;
  return {
    epochMs,
    meanMotionRevPerDay: values.MEAN_MOTION,
    eccentricity: values.ECCENTRICITY,
    inclinationDeg: values.INCLINATION,
    raanDeg: values.RA_OF_ASC_NODE,
    argPerigeeDeg: values.ARG_OF_PERICENTER,
    meanAnomalyDeg: values.MEAN_ANOMALY,
    bstar: values.BSTAR,
    meanMotionDotRevPerDay2: num("MEAN_MOTION_DOT", false) ?? 0,
    meanMotionDdotRevPerDay3: num("MEAN_MOTION_DDOT", false) ?? 0,
    ...(noradId === undefined ? {} : { noradId }),
    ...(name ? { name } : {}),
    ...(typeof o.OBJECT_ID === "string" ? { intlDesignator: o.OBJECT_ID } : {}),
  };
}
