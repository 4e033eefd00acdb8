/**
 * NORAD two-line element sets (Hoots & Roehrich, Spacetrack Report #3; CelesTrak's format notes):
 * 2-line and 3-line (name line first) forms, LF or CRLF, checksums verified.
 */
import type { MeanElements } from "./elements.js";
import { BadTleError } from "./errors.js";

const MS_PER_DAY = 86_400_000;

export interface TleRecord {
  elements: MeanElements;
  line1: string;
  line2: string;
}

/** Parses every element set in `text`; throws BadTleError naming source:line and the problem. */
export function parseTle(text: string, sourceName = "<text>"): MeanElements[] {
  return parseTleRecords(text, sourceName).map((r) => r.elements);
}

export function parseTleRecords(text: string, sourceName = "<text>"): TleRecord[] {
  const lines = text.split(/\r?\n/);
  const records: TleRecord[] = [];
  let pendingName: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trimEnd();
    if (raw.trim() === "") continue;
    if (raw.startsWith("1 ") && raw.length >= 64) {
      const next = lines[i + 1]?.trimEnd() ?? "";
      if (!next.startsWith("2 ")) throw new BadTleError(`${sourceName}:${i + 2}: expected line 2 of the element set started on line ${i + 1}`);
      records.push(parsePair(raw, next, i + 1, sourceName, pendingName));
      pendingName = undefined;
      i++;
      continue;
    }
    if (raw.startsWith("2 ") && raw.length >= 64) throw new BadTleError(`${sourceName}:${i + 1}: line 2 without a line 1 before it`);
    if (pendingName !== undefined) throw new BadTleError(`${sourceName}:${i + 1}: expected line 1 of an element set after the name line "${pendingName}"`);
    pendingName = (raw.startsWith("0 ") ? raw.slice(2) : raw).trim();
  }
  if (pendingName !== undefined) throw new BadTleError(`${sourceName}: the name line "${pendingName}" has no element set after it`);
  return records;
}

function parsePair(line1: string, line2: string, lineNo: number, source: string, name: string | undefined): TleRecord {
  checksum(line1, lineNo, source);
  checksum(line2, lineNo + 1, source);
  const num1 = field(line1, 2, 7, lineNo, source, "catalog number");
  const num2 = field(line2, 2, 7, lineNo + 1, source, "catalog number");
  if (num1.trim() !== num2.trim()) throw new BadTleError(`${source}:${lineNo + 1}: catalog number ${num2.trim()} differs from line 1's ${num1.trim()}`);
  const epochYear2 = int(line1, 18, 20, lineNo, source, "epoch year");
  const epochDay = float(line1, 20, 32, lineNo, source, "epoch day");
  const year = epochYear2 < 57 ? 2000 + epochYear2 : 1900 + epochYear2;
  const epochMs = Date.UTC(year, 0, 1) + (epochDay - 1) * MS_PER_DAY;
  const noradId = parseCatalogNumber(num1.trim());
  const elements: MeanElements = {
    epochMs,
    meanMotionDotRevPerDay2: float(line1, 33, 43, lineNo, source, "first derivative of mean motion"),
    meanMotionDdotRevPerDay3: exponent(line1, 44, 52, lineNo, source, "second derivative of mean motion"),
    bstar: exponent(line1, 53, 61, lineNo, source, "BSTAR"),
    inclinationDeg: float(line2, 8, 16, lineNo + 1, source, "inclination"),
    raanDeg: float(line2, 17, 25, lineNo + 1, source, "right ascension of the node"),
    eccentricity: Number(`0.${field(line2, 26, 33, lineNo + 1, source, "eccentricity").trim()}`),
    argPerigeeDeg: float(line2, 34, 42, lineNo + 1, source, "argument of perigee"),
    meanAnomalyDeg: float(line2, 43, 51, lineNo + 1, source, "mean anomaly"),
    meanMotionRevPerDay: float(line2, 52, 63, lineNo + 1, source, "mean motion"),
    ...(noradId === undefined ? {} : { noradId }),
    ...(name ? { name } : {}),
    intlDesignator: line1.slice(9, 17).trim(),
  };
  if (!Number.isFinite(elements.eccentricity)) throw new BadTleError(`${source}:${lineNo + 1}:27: eccentricity is not a number`);
  return { elements, line1, line2 };
}

/** Alpha-5 catalog numbers (A0000 = 100000) as CelesTrak documents them. */
function parseCatalogNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^([A-HJ-NP-Z])(\d{4})$/.exec(text);
  if (!m) return undefined;
  const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  return (10 + letters.indexOf(m[1]!)) * 10_000 + Number(m[2]);
}

function checksum(line: string, lineNo: number, source: string): void {
  if (line.length < 69) throw new BadTleError(`${source}:${lineNo}: line has ${line.length} characters, a TLE line has 69`);
  let sum = 0;
  for (let i = 0; i < 68; i++) {
    const c = line[i]!;
    if (c >= "0" && c <= "9") sum += c.charCodeAt(0) - 48;
    else if (c === "-") sum += 1;
  }
  const expected = sum % 10;
  const actual = line.charCodeAt(68) - 48;
  if (actual !== expected) throw new BadTleError(`${source}:${lineNo}:69: checksum is ${line[68]}, the line's digits give ${expected}`);
}

function field(line: string, start: number, end: number, lineNo: number, source: string, what: string): string {
  const text = line.slice(start, end);
  if (text.length !== end - start) throw new BadTleError(`${source}:${lineNo}:${start + 1}: ${what} is missing`);
  return text;
}

function float(line: string, start: number, end: number, lineNo: number, source: string, what: string): number {
  const text = field(line, start, end, lineNo, source, what).trim();
  const value = Number(text.startsWith(".") || text.startsWith("-.") || text.startsWith("+.") ? text.replace(".", "0.") : text);
  if (text === "" || !Number.isFinite(value)) throw new BadTleError(`${source}:${lineNo}:${start + 1}: ${what} "${text}" is not a number`);
  return value;
}

function int(line: string, start: number, end: number, lineNo: number, source: string, what: string): number {
  const value = float(line, start, end, lineNo, source, what);
  if (!Number.isInteger(value)) throw new BadTleError(`${source}:${lineNo}:${start + 1}: ${what} must be a whole number`);
  return value;
}

/** TLE's implied-decimal exponent form: " 12345-3" = 0.12345e-3. */
function exponent(line: string, start: number, end: number, lineNo: number, source: string, what: string): number {
  const text = field(line, start, end, lineNo, source, what);
  const m = /^\s*([+-]?)(\d{1,5})\s*([+-]\d)\s*$/.exec(text);
  if (!m) {
    if (text.trim() === "" || /^\s*[+-]?0+\s*$/.test(text)) return 0;
    throw new BadTleError(`${source}:${lineNo}:${start + 1}: ${what} "${text}" is not in the TLE exponent form such as 12345-3`);
  }
  const mantissa = Number(`0.${m[2]!.padStart(5, "0")}`);
  return (m[1] === "-" ? -1 : 1) * mantissa * 10 ** Number(m[3]);
}
