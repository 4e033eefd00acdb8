/**
 * Copies of small byte arrays carved out of shared slabs. An ArrayBuffer of its own costs about a
 * microsecond to allocate and collect, and a tick of a small fleet makes a dozen such copies (each
 * message's encoding, then the bus's copy of it): for a study's variant that runs millions of
 * ticks, that was a tenth of its time. As in Node's Buffer pool, only arrays of up to a quarter of
 * a slab come from one, so an array kept long keeps at most one small slab alive. For transient
 * bytes only: whatever is stored for long (a stream, a KV bucket) takes a copy of its own.
 */
const SLAB_BYTES = 8192;
/** Largest array copied into a slab, bytes; larger ones get a buffer of their own. */
export const POOLED_MAX_BYTES = SLAB_BYTES / 4;

let slab = new ArrayBuffer(SLAB_BYTES);
let usedBytes = 0;

/**
 * `byteLength` zeroed bytes, with no buffer of their own when few, starting at a multiple of 8
 * bytes in their buffer (so any typed array can view them); the caller may keep or change them.
 */
export function transientBytes(byteLength: number): Uint8Array {
  if (byteLength > POOLED_MAX_BYTES) return new Uint8Array(byteLength);
  if (usedBytes + byteLength > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    usedBytes = 0;
  }
  const bytes = new Uint8Array(slab, usedBytes, byteLength);
  usedBytes += (byteLength + 7) & ~7;
  return bytes;
}

/** A copy of `bytes`, as transientBytes gives. */
export function transientCopy(bytes: Uint8Array): Uint8Array {
  const copy = transientBytes(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
