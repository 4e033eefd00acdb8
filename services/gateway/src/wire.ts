/**
 * The dashboard stream's wire format, shared by the gateway (which writes it) and the page (which
 * reads it; page/src imports this file): no Node or browser API here. One HTTP response carries a
 * sequence of messages, each `uint32 length (LE) | uint8 kind | payload`, where the length counts
 * the kind byte and the payload. Kind `positions` is a binary frame of the satellites on view;
 * kind `json` is one UTF-8 JSON object with a `type` (ids, fleet, jobs, event).
 */

export const StreamKinds = { positions: 1, json: 2 } as const;

/** Color fields the page can ask for; `health` sends the health code, the others a scaled value. */
export const ViewFields = ["health", "battery", "junction", "sunlit"] as const;
export type ViewField = (typeof ViewFields)[number];

/** Value byte for satellites the ground hears nothing from (blackout), gone, or without the reading. */
export const NO_READING = 253;
export const NO_SIGNAL = 254;
export const DESTROYED = 255;
/** Values 0..VALUE_STEPS scale linearly between the frame's `fieldMin` and `fieldMax`. */
export const VALUE_STEPS = 250;

/** Bytes before the arrays: count, ids version, sim time, subsolar point, field scale, field code. */
export const FRAME_HEADER_BYTES = 40;
/**
 * Per satellite: float32 lat, lon (degrees) and alt (km), uint8 value, uint8 sunlit (0..255).
 * float32, not fixed point: a Suncatcher formation's satellites sit 100-200 m apart, and a
 * float32 keeps a position to about 2 m where 16 bits would blur them into one.
 */
export const BYTES_PER_SATELLITE = 14;

export interface PositionsFrame {
  /** ids version: the ids message with this version names the satellites, in frame order */
  idsVersion: number;
  simTimeMs: number;
  subsolarLatDeg: number;
  subsolarLonDeg: number;
  field: ViewField;
  fieldMin: number;
  fieldMax: number;
  latDeg: Float32Array;
  lonDeg: Float32Array;
  altKm: Float32Array;
  /** health code, or 0..VALUE_STEPS on the field's scale, or NO_READING / NO_SIGNAL / DESTROYED */
  value: Uint8Array;
  /** fraction of the solar disk visible, 0..255 for 0..1 */
  sunlit: Uint8Array;
}

export interface FrameHeader {
  count: number;
  idsVersion: number;
  simTimeMs: number;
  subsolarLatDeg: number;
  subsolarLonDeg: number;
  field: ViewField;
  fieldMin: number;
  fieldMax: number;
}

/** A positions frame ready to fill: the caller writes each satellite with `put`. */
export function frameWriter(header: FrameHeader): {
  bytes: Uint8Array;
  put(i: number, latDeg: number, lonDeg: number, altKm: number, value: number, sunlit: number): void;
} {
  const n = header.count;
  const bytes = new Uint8Array(FRAME_HEADER_BYTES + BYTES_PER_SATELLITE * n);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, n, true);
  view.setUint32(4, header.idsVersion, true);
  view.setFloat64(8, header.simTimeMs, true);
  view.setFloat32(16, header.subsolarLatDeg, true);
  view.setFloat32(20, header.subsolarLonDeg, true);
  view.setFloat32(24, header.fieldMin, true);
  view.setFloat32(28, header.fieldMax, true);
  view.setUint8(32, ViewFields.indexOf(header.field));
  const lat = new Float32Array(bytes.buffer, FRAME_HEADER_BYTES, n);
  const lon = new Float32Array(bytes.buffer, FRAME_HEADER_BYTES + 4 * n, n);
  const alt = new Float32Array(bytes.buffer, FRAME_HEADER_BYTES + 8 * n, n);
  const value = bytes.subarray(FRAME_HEADER_BYTES + 12 * n, FRAME_HEADER_BYTES + 13 * n);
  const sunlit = bytes.subarray(FRAME_HEADER_BYTES + 13 * n);
  return {
    bytes,
    put(i, latDeg, lonDeg, altKm, v, sunlitFraction) {
      lat[i] = latDeg;
      lon[i] = lonDeg;
      alt[i] = altKm;
      value[i] = v;
      sunlit[i] = Math.round(Math.min(1, Math.max(0, sunlitFraction)) * 255);
    },
  };
}

/** Reads a positions frame (a payload of kind `positions`); throws on a truncated one. */
export function readFrame(payload: Uint8Array): PositionsFrame {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const n = view.getUint32(0, true);
  if (payload.byteLength !== FRAME_HEADER_BYTES + BYTES_PER_SATELLITE * n)
    throw new RangeError(`a positions frame of ${n} satellites has ${payload.byteLength} bytes, not ${FRAME_HEADER_BYTES + BYTES_PER_SATELLITE * n}`);
  // A copy aligns the float32 columns whatever the payload's offset in the stream buffer.
  const own = payload.slice();
  return {
    idsVersion: view.getUint32(4, true),
    simTimeMs: view.getFloat64(8, true),
    subsolarLatDeg: view.getFloat32(16, true),
    subsolarLonDeg: view.getFloat32(20, true),
    fieldMin: view.getFloat32(24, true),
    fieldMax: view.getFloat32(28, true),
    field: ViewFields[view.getUint8(32)] ?? "health",
    latDeg: new Float32Array(own.buffer, FRAME_HEADER_BYTES, n),
    lonDeg: new Float32Array(own.buffer, FRAME_HEADER_BYTES + 4 * n, n),
    altKm: new Float32Array(own.buffer, FRAME_HEADER_BYTES + 8 * n, n),
    value: own.subarray(FRAME_HEADER_BYTES + 12 * n, FRAME_HEADER_BYTES + 13 * n),
    sunlit: own.subarray(FRAME_HEADER_BYTES + 13 * n),
  };
}

/** One stream message: length prefix, kind, payload. */
export function streamMessage(kind: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + payload.byteLength);
  new DataView(out.buffer).setUint32(0, 1 + payload.byteLength, true);
  out[4] = kind;
  out.set(payload, 5);
  return out;
}

/**
 * Splits a growing byte buffer into whole messages; returns the messages and the bytes left over
 * (the start of the next one). `maxMessageBytes` guards against a corrupt length.
 */
export function splitMessages(buffer: Uint8Array, maxMessageBytes: number): { messages: { kind: number; payload: Uint8Array }[]; rest: Uint8Array } {
  const messages: { kind: number; payload: Uint8Array }[] = [];
  let at = 0;
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  while (buffer.byteLength - at >= 4) {
    const length = view.getUint32(at, true);
    if (length < 1 || length > maxMessageBytes) throw new RangeError(`a stream message of ${length} bytes: the limit is ${maxMessageBytes}`);
    if (buffer.byteLength - at - 4 < length) break;
    messages.push({ kind: buffer[at + 4]!, payload: buffer.subarray(at + 5, at + 4 + length) });
    at += 4 + length;
  }
  return { messages, rest: buffer.subarray(at) };
}
