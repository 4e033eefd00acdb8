/**
 * NORAD two-line element sets: the column layout of Hoots & Roehrich, Spacetrack Report #3
 * (1980), with CelesTrak's notes ("FAQs: Two-Line Element Set Format", and the Alpha-5 catalog
 * numbers). Reads 2-line and 3-line (name line first, optionally "0 "-prefixed) sets, LF or CRLF,
 * blank lines between sets; verifies the modulo-10 checksums; writes element sets back.
 */
import type { MeanElements } from "./mean-elements.js";
import { BadTleError } from "./errors.js";

const MS_PER_DAY = 86_400_000;
const TLE_LINE_LENGTH = 69;

export interface TleRecord {
  elements: MeanElements;
  /** line 1 as read (69 characters) */
  line1: string;
  /** line 2 as read (69 characters) */
  line2: string;
}

export interface TleParseOptions {
  /**
   * Verify the checksum column. Turn off only for hand-made sets whose checksums are known to
   * be wrong (three cases of Vallado's verification file). @default true
   */
  verifyChecksum?: boolean;
}

/**
 * Parses every element set in `text`. Throws BadTleError naming `sourceName:line[:column]`, the
 * field and what is expected there.
 */
export function parseTle(text: string, sourceName = "<text>", options?: TleParseOptions): MeanElements[] {
  return parseTleRecords(text, sourceName, options).map((r) => r.elements);
}

/** parseTle, keeping each set's original lines (for twoline2satrec or re-export). */
export function parseTleRecords(text: string, sourceName = "<text>", options?: TleParseOptions): TleRecord[] {
  const verify = options?.verifyChecksum ?? true;
  const lines = text.split(/\r?\n/);
  const records: TleRecord[] = [];
  let pending: { name: string; lineNo: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trimEnd();
    if (raw.trim() === "") continue;
    const lineNo = i + 1;
    if (raw.startsWith("1 ")) {
      let j = i + 1;
      while (j < lines.length && lines[j]!.trim() === "") j++;
      const next = lines[j]?.trimEnd();
      if (next?.startsWith("2 ")) {
        records.push(parsePair(raw, next, { source: sourceName, line1No: lineNo, line2No: j + 1, verify, name: pending?.name }));
        pending = undefined;
        i = j;
        continue;
      }
      if (raw.length >= 60) throw new BadTleError(`${sourceName}:${j + 1}: expected line 2 (starting "2 ") of the element set whose line 1 is line ${lineNo}`);
    }
    if (raw.startsWith("2 ") && raw.length >= 60)
      throw new BadTleError(`${sourceName}:${lineNo}: line 2 without a line 1 before it; each set is [name line,] line 1, line 2`);
    if (pending !== undefined)
      throw new BadTleError(
        `${sourceName}:${lineNo}: expected line 1 (starting "1 ") after the name line ${pending.lineNo} "${pending.name}", found "${raw.slice(0, 24)}"`,
      );
    pending = { name: (raw.startsWith("0 ") ? raw.slice(2) : raw).trim(), lineNo };
  }
  if (pending !== undefined) throw new BadTleError(`${sourceName}:${pending.lineNo}: the name line "${pending.name}" has no element set after it`);
  return records;
}

interface PairContext {
  source: string;
  line1No: number;
  line2No: number;
  verify: boolean;
  name: string | undefined;
}

function parsePair(line1: string, line2: string, ctx: PairContext): TleRecord {
  const l1 = new LineReader(line1, `${ctx.source}:${ctx.line1No}`);
  const l2 = new LineReader(line2, `${ctx.source}:${ctx.line2No}`);
  l1.checkLength();
  l2.checkLength();
  if (ctx.verify) {
    l1.checkChecksum();
    l2.checkChecksum();
  }
  const cat1 = l1.text(3, 7, "catalog number");
  const cat2 = l2.text(3, 7, "catalog number");
  if (cat1 !== cat2)
    throw new BadTleError(
      `${ctx.source}:${ctx.line2No}:3: catalog number "${cat2}" differs from line 1's "${cat1}"; the two lines belong to different objects`,
    );
  const noradId = parseCatalogNumber(cat1, l1);
  const epochYear2 = l1.integer(19, 20, "epoch year");
  const epochDay = l1.decimal(21, 32, "epoch day of year");
  if (epochDay < 1 || epochDay >= 367) throw new BadTleError(`${l1.where(21)}: epoch day of year ${epochDay} must be in [1, 367)`);
  // Spacetrack Report #3 two-digit years: 57-99 are 1957-1999, 00-56 are 2000-2056.
  const year = epochYear2 < 57 ? 2000 + epochYear2 : 1900 + epochYear2;
  const intlDesignator = l1.text(10, 17, "international designator");
  const elements: MeanElements = {
    epochMs: Date.UTC(year, 0, 1) + (epochDay - 1) * MS_PER_DAY,
    meanMotionDotRevPerDay2: l1.decimal(34, 43, "first derivative of mean motion / 2"),
    meanMotionDdotRevPerDay3: l1.impliedExponent(45, 52, "second derivative of mean motion / 6"),
    bstar: l1.impliedExponent(54, 61, "BSTAR drag term"),
    inclinationDeg: l2.decimal(9, 16, "inclination"),
    raanDeg: l2.decimal(18, 25, "right ascension of the ascending node"),
    eccentricity: l2.impliedDecimal(27, 33, "eccentricity"),
    argPerigeeDeg: l2.decimal(35, 42, "argument of perigee"),
    meanAnomalyDeg: l2.decimal(44, 51, "mean anomaly"),
    meanMotionRevPerDay: l2.decimal(53, 63, "mean motion"),
    noradId,
    ...(ctx.name ? { name: ctx.name } : {}),
    ...(intlDesignator ? { intlDesignator } : {}),
  };
  return { elements, line1: line1.slice(0, TLE_LINE_LENGTH), line2: line2.slice(0, TLE_LINE_LENGTH) };
}

const ALPHA5_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/** Alpha-5 catalog numbers (CelesTrak): a letter for the ten-thousands, A = 10 (A0000 = 100000); I and O unused. */
function parseCatalogNumber(text: string, line: LineReader): number {
  if (/^\d{1,5}$/.test(text)) return Number(text);
  const m = /^([A-HJ-NP-Z])(\d{4})$/.exec(text);
  if (!m) throw new BadTleError(`${line.where(3)}: catalog number "${text}" is neither 5 digits nor Alpha-5 (a letter other than I or O, then 4 digits)`);
  return (10 + ALPHA5_LETTERS.indexOf(m[1]!)) * 10_000 + Number(m[2]);
}

function formatCatalogNumber(noradId: number): string {
  if (!Number.isInteger(noradId) || noradId < 0 || noradId > 339_999)
    throw new BadTleError(`formatTle: noradId ${noradId} must be a whole number in [0, 339999] (Alpha-5 range)`);
  if (noradId < 100_000) return String(noradId).padStart(5, "0");
  return `${ALPHA5_LETTERS[Math.floor(noradId / 10_000) - 10]}${String(noradId % 10_000).padStart(4, "0")}`;
}

/** The Spacetrack Report #3 checksum: digits count their value, a minus sign counts 1, modulo 10. */
export function tleChecksum(line: string): number {
  let sum = 0;
  for (let i = 0; i < TLE_LINE_LENGTH - 1 && i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) sum += c - 48;
    else if (c === 45) sum += 1;
  }
  return sum % 10;
}

/** Reads fixed columns (1-based, inclusive, as the format is documented) of one line. */
class LineReader {
  readonly #line: string;
  readonly #where: string;
  constructor(line: string, where: string) {
    this.#line = line;
    this.#where = where;
  }

  where(column: number): string {
    return `${this.#where}:${column}`;
  }

  checkLength(): void {
    if (this.#line.length < TLE_LINE_LENGTH)
      throw new BadTleError(
        `${this.#where}: line has ${this.#line.length} characters, a TLE line has ${TLE_LINE_LENGTH} (columns may have been trimmed or shifted)`,
      );
  }

  checkChecksum(): void {
    const expected = tleChecksum(this.#line);
    const actual = this.#line[TLE_LINE_LENGTH - 1]!;
    if (actual !== String(expected))
      throw new BadTleError(
        `${this.where(TLE_LINE_LENGTH)}: checksum is "${actual}", expected ${expected} from the line's digits; the line is corrupted, or fix column 69`,
      );
  }

  text(from: number, to: number, _what: string): string {
    return this.#line.slice(from - 1, to).trim();
  }

  decimal(from: number, to: number, what: string): number {
    const text = this.text(from, to, what);
    const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value)) throw new BadTleError(`${this.where(from)}: ${what} "${text}" (columns ${from}-${to}) is not a decimal number`);
    return value + 0; // "-.00000000" is 0, not -0
  }

  integer(from: number, to: number, what: string): number {
    const text = this.text(from, to, what);
    if (!/^\d+$/.test(text)) throw new BadTleError(`${this.where(from)}: ${what} "${text}" (columns ${from}-${to}) must be digits`);
    return Number(text);
  }

  /** A decimal point assumed before the digits: "1859667" = 0.1859667 (eccentricity). */
  impliedDecimal(from: number, to: number, what: string): number {
    const text = this.#line.slice(from - 1, to).replace(/ /g, "0");
    if (!/^\d+$/.test(text))
      throw new BadTleError(`${this.where(from)}: ${what} "${text}" (columns ${from}-${to}) must be digits with an implied leading decimal point`);
    return Number(`0.${text}`);
  }

  /** Implied decimal point and a power of ten: " 12345-3" = 0.12345e-3, "-11606-4" = -0.11606e-4. */
  impliedExponent(from: number, to: number, what: string): number {
    const text = this.#line.slice(from - 1, to);
    const m = /^\s*([+-]?)(\d{1,5})\s*([+-]?\d)\s*$/.exec(text);
    if (!m) {
      if (/^\s*[+-]?\s*$/.test(text)) return 0;
      throw new BadTleError(`${this.where(from)}: ${what} "${text}" (columns ${from}-${to}) is not in the form " 12345-3" (= 0.12345e-3)`);
    }
    // Parsed from text, so the double is the same as satellite.js's parseFloat(".12345E-3").
    return Number(`${m[1] === "-" ? "-" : ""}0.${m[2]!.padStart(5, "0")}e${m[3]}`) + 0;
  }
}

export interface TleFormatOptions {
  /** classification column. @default "U" */
  classification?: string;
  /** element set number (line 1 columns 65-68). @default 999 */
  elementSetNumber?: number;
  /** revolution number at epoch (line 2 columns 64-68). @default 0 */
  revolutionNumber?: number;
}

/**
 * Writes the two lines of an element set, with checksums. Values are rounded to the format's
 * columns (angles 1e-4 deg, eccentricity 1e-7, mean motion 1e-8 rev/day, epoch 1e-8 day =
 * 0.864 ms), so generated elements lose precision; sets read from a TLE come back unchanged.
 * Throws BadTleError naming a field the format cannot hold.
 */
export function formatTle(el: MeanElements, options?: TleFormatOptions): [string, string] {
  const cat = formatCatalogNumber(el.noradId ?? 0);
  const { yy, day } = formatEpoch(el.epochMs);
  const classification = (options?.classification ?? "U").slice(0, 1).padEnd(1);
  const intl = (el.intlDesignator ?? "").slice(0, 8).padEnd(8);
  const elset = String(options?.elementSetNumber ?? 999)
    .slice(-4)
    .padStart(4);
  const rev = String(options?.revolutionNumber ?? 0)
    .slice(-5)
    .padStart(5);
  const line1 = `1 ${cat}${classification} ${intl} ${yy}${day} ${formatNdot(el.meanMotionDotRevPerDay2 ?? 0)} ${formatImpliedExponent(el.meanMotionDdotRevPerDay3 ?? 0, "meanMotionDdotRevPerDay3")} ${formatImpliedExponent(el.bstar, "bstar")} 0 ${elset}`;
  const ecc = Math.round(el.eccentricity * 1e7);
  if (!(ecc >= 0 && ecc <= 9_999_999)) throw new BadTleError(`formatTle: eccentricity ${el.eccentricity} must be in [0, 1)`);
  const mm = el.meanMotionRevPerDay.toFixed(8);
  if (!(el.meanMotionRevPerDay > 0) || mm.length > 11) throw new BadTleError(`formatTle: meanMotionRevPerDay ${el.meanMotionRevPerDay} must be in (0, 100)`);
  const line2 = `2 ${cat} ${angle(el.inclinationDeg, "inclinationDeg")} ${angle(wrap360(el.raanDeg), "raanDeg")} ${String(ecc).padStart(7, "0")} ${angle(wrap360(el.argPerigeeDeg), "argPerigeeDeg")} ${angle(wrap360(el.meanAnomalyDeg), "meanAnomalyDeg")} ${mm.padStart(11)}${rev}`;
  return [`${line1}${tleChecksum(line1)}`, `${line2}${tleChecksum(line2)}`];
}

function formatEpoch(epochMs: number): { yy: string; day: string } {
  if (!Number.isFinite(epochMs)) throw new BadTleError(`formatTle: epochMs ${epochMs} must be a finite time`);
  let year = new Date(epochMs).getUTCFullYear();
  let dayText = ((epochMs - Date.UTC(year, 0, 1)) / MS_PER_DAY + 1).toFixed(8);
  // Rounding to 1e-8 day can carry past the year's last day.
  if (Number(dayText) >= (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / MS_PER_DAY + 1) {
    year += 1;
    dayText = (1).toFixed(8);
  }
  if (year < 1957 || year > 2056) throw new BadTleError(`formatTle: epoch year ${year} is outside the two-digit range 1957-2056`);
  return { yy: String(year % 100).padStart(2, "0"), day: dayText.padStart(12, "0") };
}

/** ndot / 2 in columns 34-43: sign or space, then ".dddddddd". */
function formatNdot(value: number): string {
  const text = Math.abs(value).toFixed(8);
  if (!(Math.abs(value) < 1) || !text.startsWith("0.")) throw new BadTleError(`formatTle: meanMotionDotRevPerDay2 ${value} must be in (-1, 1) rev/day^2`);
  return `${value < 0 ? "-" : " "}${text.slice(1)}`;
}

/** " 12345-3" form: sign or space, 5 mantissa digits (implied leading point), signed exponent. */
function formatImpliedExponent(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new BadTleError(`formatTle: ${field} ${value} must be finite`);
  if (value === 0) return " 00000-0";
  let exponent = Math.floor(Math.log10(Math.abs(value))) + 1;
  let digits = Math.round(Math.abs(value) * 10 ** (5 - exponent));
  if (digits >= 100_000) {
    digits = Math.round(digits / 10);
    exponent += 1;
  }
  if (digits < 10_000) {
    digits *= 10;
    exponent -= 1;
  }
  if (exponent < -9 || exponent > 9) throw new BadTleError(`formatTle: ${field} ${value} needs a power of ten beyond +-9, which the TLE format cannot hold`);
  return `${value < 0 ? "-" : " "}${digits}${exponent < 0 ? "-" : "+"}${Math.abs(exponent)}`;
}

function angle(deg: number, field: string): string {
  const text = deg.toFixed(4);
  if (!(deg >= 0) || text.length > 8) throw new BadTleError(`formatTle: ${field} ${deg} must be in [0, 360)`);
  return text.padStart(8);
}

function wrap360(deg: number): number {
  const w = deg % 360;
  const positive = w < 0 ? w + 360 : w;
  // 359.99996 rounds to "360.0000"; write it as 0.
  return Number(positive.toFixed(4)) >= 360 ? 0 : positive;
}
