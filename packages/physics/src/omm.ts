/**
 * CCSDS Orbit Mean-Elements Messages (CCSDS 502.0-B-3, "Orbit Data Messages", ch. 4) carrying
 * SGP4 elements: CelesTrak's JSON form (an array of objects with OBJECT_NAME, NORAD_CAT_ID,
 * EPOCH, MEAN_MOTION, ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE, ARG_OF_PERICENTER, MEAN_ANOMALY,
 * BSTAR, MEAN_MOTION_DOT, MEAN_MOTION_DDOT) and the KVN text form (KEYWORD = value lines, one
 * message after another, each opened by CCSDS_OMM_VERS).
 */
import type { MeanElements } from "./elements.js";
import { BadOmmError } from "./errors.js";

const REQUIRED_NUMBERS = ["MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY", "BSTAR"] as const;

/**
 * Parses CelesTrak's OMM JSON (an array of objects, or one object). Throws BadOmmError naming
 * `sourceName[index].FIELD`.
 */
export function parseOmmJson(text: string, sourceName = "<text>"): MeanElements[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BadOmmError(`${sourceName}: not valid JSON (${err instanceof Error ? err.message : String(err)}); expected an array of OMM objects`, {
      cause: err,
    });
  }
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item, index) => {
    const where = `${sourceName}[${index}]`;
    if (item === null || typeof item !== "object" || Array.isArray(item))
      throw new BadOmmError(`${where}: expected an object of OMM fields such as {"EPOCH": ..., "MEAN_MOTION": ...}`);
    return ommFieldsToElements(item as Record<string, unknown>, (key) => `${where}.${key}`);
  });
}

/**
 * Parses the KVN form: `KEYWORD = value [unit]` lines, COMMENT lines, blank lines; a new message
 * starts at each CCSDS_OMM_VERS. Throws BadOmmError naming `sourceName:line` and the keyword.
 */
export function parseOmmKvn(text: string, sourceName = "<text>"): MeanElements[] {
  const messages: { fields: Record<string, string>; lines: Record<string, number>; startLine: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("COMMENT")) continue;
    const m = /^([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*(\[[^\]]*\])?$/.exec(line);
    if (!m) throw new BadOmmError(`${sourceName}:${i + 1}: "${line.slice(0, 40)}" is not a KVN line of the form KEYWORD = value`);
    const key = m[1]!;
    if (key === "CCSDS_OMM_VERS" || messages.length === 0) messages.push({ fields: {}, lines: {}, startLine: i + 1 });
    const message = messages[messages.length - 1]!;
    if (key in message.fields && key !== "USER_DEFINED")
      throw new BadOmmError(`${sourceName}:${i + 1}: ${key} appears twice in the message starting on line ${message.startLine}`);
    message.fields[key] = m[2]!;
    message.lines[key] = i + 1;
  }
  return messages.map((msg) =>
    ommFieldsToElements(msg.fields, (key) =>
      key in msg.lines ? `${sourceName}:${msg.lines[key]}: ${key}` : `${sourceName}:${msg.startLine}: message has no ${key}`,
    ),
  );
}

/** The shared mapping from OMM keywords to MeanElements; `where(key)` locates a keyword for messages. */
function ommFieldsToElements(o: Record<string, unknown>, where: (key: string) => string): MeanElements {
  const num = (key: string, required: boolean): number | undefined => {
    const v = o[key];
    if (v === undefined || v === null || v === "") {
      if (required) throw new BadOmmError(`${where(key)}: missing; an SGP4 OMM needs ${REQUIRED_NUMBERS.join(", ")} and EPOCH`);
      return undefined;
    }
    const n = typeof v === "number" ? v : typeof v === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw new BadOmmError(`${where(key)}: ${JSON.stringify(v)} is not a number`);
    return n;
  };
  const theory = o.MEAN_ELEMENT_THEORY;
  if (theory !== undefined && !(typeof theory === "string" && /^SGP4?$/i.test(theory.trim()))) {
    throw new BadOmmError(
      `${where("MEAN_ELEMENT_THEORY")}: ${JSON.stringify(theory)} elements cannot be propagated by SGP4 (SGP4-XP and others are different theories); request SGP4 elements`,
    );
  }
  for (const [key, expected] of [
    ["REF_FRAME", "TEME"],
    ["TIME_SYSTEM", "UTC"],
    ["CENTER_NAME", "EARTH"],
  ] as const) {
    const v = o[key];
    if (v !== undefined && (typeof v !== "string" || v.trim().toUpperCase() !== expected))
      throw new BadOmmError(`${where(key)}: ${JSON.stringify(v)}; SGP4 elements are ${expected}`);
  }
  const epochText = o.EPOCH;
  if (typeof epochText !== "string") throw new BadOmmError(`${where("EPOCH")}: missing or not a string such as "2026-05-12T22:48:42.123456"`);
  const epochMs = parseCcsdsTimeMs(epochText);
  if (epochMs === undefined)
    throw new BadOmmError(`${where("EPOCH")}: "${epochText}" is not a CCSDS time (YYYY-MM-DDThh:mm:ss[.d...][Z] or YYYY-DDDThh:mm:ss[.d...][Z])`);
  const values = Object.fromEntries(REQUIRED_NUMBERS.map((k) => [k, num(k, true)!])) as Record<(typeof REQUIRED_NUMBERS)[number], number>;
  const noradId = num("NORAD_CAT_ID", false);
  if (noradId !== undefined && !(Number.isInteger(noradId) && noradId >= 0))
    throw new BadOmmError(`${where("NORAD_CAT_ID")}: ${noradId} must be a whole number >= 0`);
  const name = typeof o.OBJECT_NAME === "string" ? o.OBJECT_NAME.trim() : undefined;
  const intl = typeof o.OBJECT_ID === "string" ? o.OBJECT_ID.trim() : undefined;
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
    ...(intl ? { intlDesignator: intl } : {}),
  };
}

/**
 * A CCSDS ASCII time (CCSDS 301.0-B-4 "A" and "B" forms: calendar date or day of year), UTC, to
 * ms since 1970, keeping sub-millisecond digits (Date.parse would drop them). A trailing Z is
 * allowed; other zone offsets are not (CCSDS times carry none).
 */
export function parseCcsdsTimeMs(text: string): number | undefined {
  const m = /^(\d{4})-(?:(\d{2})-(\d{2})|(\d{3}))T(\d{2}):(\d{2}):(\d{2}(?:\.\d*)?)Z?$/.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const hour = Number(m[5]);
  const minute = Number(m[6]);
  const second = Number(m[7]);
  if (hour > 23 || minute > 59 || second >= 61) return undefined;
  let dayMs: number;
  if (m[4] !== undefined) {
    const doy = Number(m[4]);
    const daysInYear = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
    if (doy < 1 || doy > daysInYear) return undefined;
    dayMs = Date.UTC(year, 0, doy);
  } else {
    const month = Number(m[2]);
    const day = Number(m[3]);
    dayMs = Date.UTC(year, month - 1, day);
    const check = new Date(dayMs);
    if (month < 1 || month > 12 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  }
  return dayMs + (hour * 60 + minute) * 60_000 + second * 1000;
}
