/** Typed-array columns <-> MessagePack bin, little-endian, without copying on decode when aligned. */
import { transientCopy } from "./byte-pool.js";
import { ErrorCodes, OrbitwinError } from "./errors.js";

/** Whether this machine lays numbers out little-endian, as columns and MessagePack floats need. */
export const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function float64ToBin(column: Float64Array): Uint8Array {
  if (!littleEndianHost)
    throw new OrbitwinError(ErrorCodes.unsupportedPlatform, "orbitwin needs a little-endian host: columns go on the bus as they lie in memory");
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

/**
 * Reads a float64 column; copies when the bytes are not 8-byte aligned (msgpackr slices its
 * buffer). A copy is aligned (byte-pool.ts) and never a view of Node's shared Buffer pool.
 */
export function binToFloat64(bin: Uint8Array, expectedLength: number, field: string): Float64Array {
  if (bin.byteLength !== expectedLength * 8) {
    throw columnSizeError(field, bin.byteLength, `${expectedLength * 8} (${expectedLength} float64)`);
  }
  if (bin.byteOffset % 8 === 0) return new Float64Array(bin.buffer, bin.byteOffset, expectedLength);
  const copy = transientCopy(bin);
  return new Float64Array(copy.buffer, copy.byteOffset, expectedLength);
}

export function binToUint8(bin: Uint8Array, expectedLength: number, field: string): Uint8Array {
  if (bin.byteLength !== expectedLength) throw columnSizeError(field, bin.byteLength, `${expectedLength}`);
  return bin;
}

export function float32ToBin(column: Float32Array): Uint8Array {
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

export function uint16ToBin(column: Uint16Array): Uint8Array {
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

/** Reads a float32 column; copies when the bytes are not 4-byte aligned. */
export function binToFloat32(bin: Uint8Array, expectedLength: number, field: string): Float32Array {
  if (bin.byteLength !== expectedLength * 4) {
    throw columnSizeError(field, bin.byteLength, `${expectedLength * 4} (${expectedLength} float32)`);
  }
  if (bin.byteOffset % 4 === 0) return new Float32Array(bin.buffer, bin.byteOffset, expectedLength);
  const copy = transientCopy(bin);
  return new Float32Array(copy.buffer, copy.byteOffset, expectedLength);
}

/** Reads a uint16 column; copies when the bytes are not 2-byte aligned. */
export function binToUint16(bin: Uint8Array, expectedLength: number, field: string): Uint16Array {
  if (bin.byteLength !== expectedLength * 2) {
    throw columnSizeError(field, bin.byteLength, `${expectedLength * 2} (${expectedLength} uint16)`);
  }
  if (bin.byteOffset % 2 === 0) return new Uint16Array(bin.buffer, bin.byteOffset, expectedLength);
  const copy = transientCopy(bin);
  return new Uint16Array(copy.buffer, copy.byteOffset, expectedLength);
}

/** A column whose length does not fit the message's count: the message breaks its own schema. */
function columnSizeError(field: string, bytes: number, expected: string): OrbitwinError {
  return new OrbitwinError(ErrorCodes.invalidMessage, `${field} has ${bytes} bytes, expected ${expected}`);
}
