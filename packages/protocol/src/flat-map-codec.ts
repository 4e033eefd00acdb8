/**
 * A codec of flat maps (string keys; string, number, boolean or byte-array values) for the public
 * codec's hottest messages, a cluster's batch of columns above all: a fleet host sends one per
 * cluster and tick, and thermal and every subscriber read them.
 * - Encoding writes the public codec's bytes in one pass into an exactly sized array. Through
 *   msgpackr every value went through its type dispatch, every column was copied into msgpackr's
 *   buffer and the whole message copied out again.
 * - Decoding reads a map in the forms the encoder writes (and the other integer forms) with no
 *   guard walk after: every value it makes is plain.
 * Anything else (a nested value, a non-ASCII string, a float32, a forbidden key, a malformed or
 * truncated map) is left to the general codec, which reads it or says what is wrong.
 */
import { transientBytes } from "./byte-pool.js";
import { littleEndianHost } from "./columns.js";
import { FORBIDDEN_KEYS } from "./plain-data.js";

export type FlatValue = string | number | boolean | Uint8Array;

const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);

/** The bytes the public codec writes for `value` (the caller's own), or undefined when it is not flat. */
export function encodeFlatMap(value: Readonly<Record<string, unknown>>): Uint8Array | undefined {
  const keys = Object.keys(value);
  // Strings are written from their code units when they are ASCII (ids, field names).
  let size = mapHeaderBytes(keys.length);
  for (const key of keys) {
    const keyBytes = asciiStringBytes(key);
    const valueBytes = flatValueBytes(value[key]);
    if (keyBytes < 0 || valueBytes < 0) return undefined;
    size += keyBytes + valueBytes;
  }
  if (!littleEndianHost) return undefined;
  const out = transientBytes(size);
  let at = writeMapHeader(out, 0, keys.length);
  for (const key of keys) {
    at = writeAsciiString(out, at, key);
    at = writeFlatValue(out, at, value[key] as FlatValue);
  }
  return out;
}

function mapHeaderBytes(entries: number): number {
  return entries < 0x10 ? 1 : entries < 0x10000 ? 3 : 5;
}

function writeMapHeader(out: Uint8Array, at: number, entries: number): number {
  if (entries < 0x10) {
    out[at] = 0x80 | entries;
    return at + 1;
  }
  if (entries < 0x10000) {
    out[at] = 0xde;
    return writeUint16(out, at + 1, entries);
  }
  out[at] = 0xdf;
  return writeUint32(out, at + 1, entries);
}

/** Encoded size of an ASCII string, or -1 for a string with any other character. */
function asciiStringBytes(s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return -1;
  return stringHeaderBytes(n) + n;
}

function stringHeaderBytes(byteLength: number): number {
  return byteLength < 0x20 ? 1 : byteLength < 0x100 ? 2 : byteLength < 0x10000 ? 3 : 5;
}

function writeAsciiString(out: Uint8Array, at: number, s: string): number {
  const n = s.length;
  at = writeStringHeader(out, at, n);
  for (let i = 0; i < n; i++) out[at + i] = s.charCodeAt(i);
  return at + n;
}

function writeStringHeader(out: Uint8Array, at: number, byteLength: number): number {
  if (byteLength < 0x20) {
    out[at] = 0xa0 | byteLength;
    return at + 1;
  }
  if (byteLength < 0x100) {
    out[at] = 0xd9;
    out[at + 1] = byteLength;
    return at + 2;
  }
  if (byteLength < 0x10000) {
    out[at] = 0xda;
    return writeUint16(out, at + 1, byteLength);
  }
  out[at] = 0xdb;
  return writeUint32(out, at + 1, byteLength);
}

/** Encoded size of one value, or -1 when it is not a flat value this encoder writes. */
function flatValueBytes(v: unknown): number {
  switch (typeof v) {
    case "number":
      return numberBytes(v);
    case "boolean":
      return 1;
    case "string":
      return asciiStringBytes(v);
    case "object":
      if (v instanceof Uint8Array) {
        const n = v.byteLength;
        return (n < 0x100 ? 2 : n < 0x10000 ? 3 : 5) + n;
      }
      return -1;
    default:
      return -1;
  }
}

// The public codec's choice of form: the smallest integer form for a 32-bit integer, float64 for
// any other number (fractions, NaN, and integers beyond 32 bits such as times in ms).
function numberBytes(v: number): number {
  if (v >>> 0 === v) return v < 0x80 ? 1 : v < 0x100 ? 2 : v < 0x10000 ? 3 : 5;
  if (v >> 0 === v) return v >= -0x20 ? 1 : v >= -0x80 ? 2 : v >= -0x8000 ? 3 : 5;
  return 9;
}

function writeFlatValue(out: Uint8Array, at: number, v: FlatValue): number {
  if (typeof v === "number") return writeNumber(out, at, v);
  if (typeof v === "boolean") {
    out[at] = v ? 0xc3 : 0xc2;
    return at + 1;
  }
  if (typeof v === "string") return writeAsciiString(out, at, v);
  const n = v.byteLength;
  if (n < 0x100) {
    out[at] = 0xc4;
    out[at + 1] = n;
    at += 2;
  } else if (n < 0x10000) {
    out[at] = 0xc5;
    at = writeUint16(out, at + 1, n);
  } else {
    out[at] = 0xc6;
    at = writeUint32(out, at + 1, n);
  }
  out.set(v, at);
  return at + n;
}

function writeNumber(out: Uint8Array, at: number, v: number): number {
  if (v >>> 0 === v) {
    if (v < 0x80) {
      out[at] = v;
      return at + 1;
    }
    if (v < 0x100) {
      out[at] = 0xcc;
      out[at + 1] = v;
      return at + 2;
    }
    if (v < 0x10000) {
      out[at] = 0xcd;
      return writeUint16(out, at + 1, v);
    }
    out[at] = 0xce;
    return writeUint32(out, at + 1, v);
  }
  if (v >> 0 === v) {
    if (v >= -0x20) {
      out[at] = v & 0xff;
      return at + 1;
    }
    if (v >= -0x80) {
      out[at] = 0xd0;
      out[at + 1] = v & 0xff;
      return at + 2;
    }
    if (v >= -0x8000) {
      out[at] = 0xd1;
      return writeUint16(out, at + 1, v & 0xffff);
    }
    out[at] = 0xd2;
    return writeUint32(out, at + 1, v >>> 0);
  }
  out[at] = 0xcb;
  float64[0] = v;
  for (let k = 0; k < 8; k++) out[at + 1 + k] = float64Bytes[7 - k]!;
  return at + 9;
}

function writeUint16(out: Uint8Array, at: number, v: number): number {
  out[at] = v >>> 8;
  out[at + 1] = v & 0xff;
  return at + 2;
}

function writeUint32(out: Uint8Array, at: number, v: number): number {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
  return at + 4;
}

/** Longest string read here; longer ones are left to the general decoder. */
const MAX_FLAT_STRING_BYTES = 1024;

/**
 * The map `bytes` hold, when it is one whole flat map of at most `maxEntries` entries in the
 * forms read here; else undefined. Values are plain: numbers, ASCII strings, booleans, null, and
 * byte arrays viewing `bytes`.
 */
export function decodeFlatMap(bytes: Uint8Array, maxEntries: number): Record<string, FlatValue | null> | undefined {
  const end = bytes.byteLength;
  if (end === 0 || !littleEndianHost) return undefined;
  // A read past the end gives 0s and leaves `at` past the end, which the check after the last entry
  // refuses: lengths are not checked one by one.
  const head = bytes[0]!;
  let entries: number;
  let at: number;
  if ((head & 0xf0) === 0x80) {
    entries = head & 0x0f;
    at = 1;
  } else if (head === 0xde) {
    entries = readUint16(bytes, 1);
    at = 3;
  } else if (head === 0xdf) {
    entries = readUint32(bytes, 1);
    at = 5;
  } else return undefined;
  if (entries > maxEntries) return undefined;
  const map: Record<string, FlatValue | null> = {};
  for (let e = 0; e < entries; e++) {
    const keyHead = readUint8(bytes, at);
    let keyBytes: number;
    if ((keyHead & 0xe0) === 0xa0) {
      keyBytes = keyHead & 0x1f;
      at += 1;
    } else if (keyHead === 0xd9) {
      keyBytes = readUint8(bytes, at + 1);
      at += 2;
    } else if (keyHead === 0xda) {
      keyBytes = readUint16(bytes, at + 1);
      at += 3;
    } else return undefined;
    const key = seenAscii(keysSeen, e, bytes, at, keyBytes);
    // The general decoder renames such a key and the plain-data guard refuses it: left to them.
    if (key === undefined || FORBIDDEN_KEYS.has(key)) return undefined;
    at += keyBytes;
    const h = readUint8(bytes, at);
    let value: FlatValue | null | undefined;
    if (h < 0x80) {
      value = h;
      at += 1;
    } else if (h >= 0xe0) {
      value = h - 0x100;
      at += 1;
    } else if ((h & 0xe0) === 0xa0) {
      value = seenAscii(valuesSeen, e, bytes, at + 1, h & 0x1f);
      at += 1 + (h & 0x1f);
    } else {
      switch (h) {
        case 0xc0:
          value = null;
          at += 1;
          break;
        case 0xc2:
        case 0xc3:
          value = h === 0xc3;
          at += 1;
          break;
        case 0xcc:
          value = readUint8(bytes, at + 1);
          at += 2;
          break;
        case 0xcd:
          value = readUint16(bytes, at + 1);
          at += 3;
          break;
        case 0xce:
          value = readUint32(bytes, at + 1);
          at += 5;
          break;
        case 0xd0:
          value = (readUint8(bytes, at + 1) << 24) >> 24;
          at += 2;
          break;
        case 0xd1:
          value = (readUint16(bytes, at + 1) << 16) >> 16;
          at += 3;
          break;
        case 0xd2:
          value = readUint32(bytes, at + 1) | 0;
          at += 5;
          break;
        case 0xcb:
          value = readFloat64(bytes, at + 1);
          at += 9;
          break;
        case 0xd9: {
          const n = readUint8(bytes, at + 1);
          value = seenAscii(valuesSeen, e, bytes, at + 2, n);
          at += 2 + n;
          break;
        }
        case 0xda: {
          const n = readUint16(bytes, at + 1);
          value = seenAscii(valuesSeen, e, bytes, at + 3, n);
          at += 3 + n;
          break;
        }
        case 0xc4:
        case 0xc5:
        case 0xc6: {
          const start = at + (h === 0xc4 ? 2 : h === 0xc5 ? 3 : 5);
          const n = h === 0xc4 ? readUint8(bytes, at + 1) : h === 0xc5 ? readUint16(bytes, at + 1) : readUint32(bytes, at + 1);
          value = bytes.subarray(start, start + n);
          at = start + n;
          break;
        }
        default:
          return undefined;
      }
    }
    if (value === undefined) return undefined;
    map[key] = value;
  }
  return at === end ? map : undefined;
}

/**
 * The strings met at each entry of the last maps read, keys and values apart: a cluster's batches
 * repeat their keys and ids in the same order, so most strings are compared, not made anew.
 */
const MAX_CACHED_ENTRIES = 64;
const keysSeen: string[] = [];
const valuesSeen: string[] = [];

/** readAscii, through the entry's slot of `seen`. */
function seenAscii(seen: string[], entry: number, bytes: Uint8Array, at: number, byteLength: number): string | undefined {
  const last = seen[entry];
  if (last !== undefined && last.length === byteLength && at + byteLength <= bytes.byteLength) {
    let same = true;
    for (let i = 0; i < byteLength; i++) {
      if (bytes[at + i] !== last.charCodeAt(i)) {
        same = false;
        break;
      }
    }
    if (same) return last;
  }
  const s = readAscii(bytes, at, byteLength);
  if (s !== undefined && entry < MAX_CACHED_ENTRIES) seen[entry] = s;
  return s;
}

/** The ASCII string of `byteLength` bytes at `at`, or undefined when they are not all ASCII or run past the end. */
function readAscii(bytes: Uint8Array, at: number, byteLength: number): string | undefined {
  if (byteLength > MAX_FLAT_STRING_BYTES || at + byteLength > bytes.byteLength) return undefined;
  let s = "";
  for (let i = at; i < at + byteLength; i++) {
    const c = bytes[i]!;
    if (c > 0x7f) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

function readUint8(bytes: Uint8Array, at: number): number {
  return bytes[at] ?? 0;
}

function readUint16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function readFloat64(bytes: Uint8Array, at: number): number {
  for (let k = 0; k < 8; k++) float64Bytes[7 - k] = bytes[at + k]!;
  return float64[0]!;
}
