/**
 * A snapshot packed piece by piece, so that saving it never holds its whole packed form: a
 * thermal service's state at a million satellites is 74 MB, and packed at once it was that again
 * plus the packer's growing buffer. msgpack is concatenative: a map or array header followed by
 * its entries packed one by one decodes to the same value as the container packed whole, so the
 * pieces, joined, read back with the same unpacker.
 *
 * The top level of a snapshot (a plain object or array) is split into its entries, and an entry
 * that is itself an array into its items; anything deeper is packed whole. A snapshot that grows
 * with the fleet keeps its bulk in such a top-level array (thermal: one item per cluster).
 */

/** Splits `value` into packed pieces; `pack` packs one value and returns bytes the caller may keep. */
export function* snapshotPieces(value: unknown, pack: (value: unknown) => Uint8Array): Generator<Uint8Array> {
  yield* piecesOf(value, pack, 2);
}

function* piecesOf(value: unknown, pack: (value: unknown) => Uint8Array, depth: number): Generator<Uint8Array> {
  if (depth > 0 && Array.isArray(value)) {
    yield containerHeader(ARRAY_HEADER, value.length);
    for (const item of value) yield* piecesOf(item, pack, depth - 1);
  } else if (depth > 1 && isPlainObject(value)) {
    const entries = Object.entries(value);
    yield containerHeader(MAP_HEADER, entries.length);
    for (const [key, v] of entries) {
      yield pack(key);
      yield* piecesOf(v, pack, depth - 1);
    }
  } else yield pack(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** msgpack's header bytes of a container: the fix form (count in the low nibble), then 16 and 32 bit counts. */
interface HeaderCodes {
  fix: number;
  u16: number;
  u32: number;
}

const ARRAY_HEADER: HeaderCodes = { fix: 0x90, u16: 0xdc, u32: 0xdd };
const MAP_HEADER: HeaderCodes = { fix: 0x80, u16: 0xde, u32: 0xdf };

function containerHeader(codes: HeaderCodes, count: number): Uint8Array {
  if (count < 16) return Uint8Array.of(codes.fix | count);
  if (count < 0x10000) return Uint8Array.of(codes.u16, count >>> 8, count & 0xff);
  const header = new Uint8Array(5);
  header[0] = codes.u32;
  new DataView(header.buffer).setUint32(1, count);
  return header;
}
