/**
 * Cuts the byte stream a NATS server sends into frames that each end on a whole protocol message,
 * read into one buffer that is reused. nats.js's parser takes a message that spans two socket
 * reads into a buffer it grows by doubling, and Node gives every read a new 64 KiB buffer: for a
 * reader of 100 kB telemetry batches that was about three bytes allocated for every byte
 * received. Here the kernel reads into this buffer and each frame is copied out once, so the
 * parser only ever sees whole messages.
 */

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const DIGIT_0 = 0x30;

/** Room a read is given at least, bytes (Node's own read size). */
export const MIN_READ_BYTES = 64 * 1024;
const INITIAL_BYTES = 1024 * 1024;
const SHRINK_ABOVE_BYTES = 8 * INITIAL_BYTES;
/** nats.js's parser refuses a larger message; so is it left to, without making room for it. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export class NatsFrameAssembler {
  #buf = new Uint8Array(INITIAL_BYTES);
  /** first byte not yet handed out in a frame: where the message being received begins */
  #start = 0;
  /** bytes received */
  #end = 0;
  /** first byte the scan has not looked at */
  #scan = 0;
  /** bytes of the current message's payload and its CRLF still to come; 0 between messages */
  #payloadLeft = 0;

  /** Where the next read goes: at least `MIN_READ_BYTES`, and room for the message being received. */
  writable(): Uint8Array {
    const want = Math.max(MIN_READ_BYTES, this.#payloadLeft);
    if (this.#buf.length - this.#end < want) this.#makeRoom(want);
    return this.#buf.subarray(this.#end);
  }

  /**
   * Takes `n` bytes just read into `writable()`; returns the whole messages they complete (with
   * any before them still held) as one frame of its own memory, or undefined when none is complete.
   */
  commit(n: number): Uint8Array | undefined {
    this.#end += n;
    const boundary = this.#scanTo();
    if (boundary === this.#start) return undefined;
    const frame = this.#buf.slice(this.#start, boundary);
    this.#start = boundary;
    if (this.#start === this.#end) this.#reset();
    return frame;
  }

  /** Copies `chunk` in (a socket that hands out its own buffers, as a TLS one does) and commits it. */
  push(chunk: Uint8Array): Uint8Array | undefined {
    let offset = 0;
    let frames: Uint8Array[] | undefined;
    while (offset < chunk.length) {
      const room = this.writable();
      const n = Math.min(room.length, chunk.length - offset);
      room.set(chunk.subarray(offset, offset + n));
      offset += n;
      const frame = this.commit(n);
      if (frame) (frames ??= []).push(frame);
    }
    if (!frames) return undefined;
    return frames.length === 1 ? frames[0] : Buffer.concat(frames);
  }

  /** Bytes held for messages not yet complete. */
  get heldBytes(): number {
    return this.#end - this.#start;
  }

  /** The end of the last whole message received so far. */
  #scanTo(): number {
    const buf = this.#buf;
    let boundary = this.#start;
    let opStart = this.#start;
    let scan = this.#scan;
    const end = this.#end;
    while (scan < end) {
      if (this.#payloadLeft > 0) {
        const take = Math.min(this.#payloadLeft, end - scan);
        scan += take;
        this.#payloadLeft -= take;
        if (this.#payloadLeft === 0) boundary = opStart = scan;
        continue;
      }
      const nl = buf.subarray(0, end).indexOf(LF, scan);
      if (nl < 0) {
        scan = end;
        break;
      }
      scan = nl + 1;
      const payloadBytes = messagePayloadBytes(buf, opStart, nl);
      if (payloadBytes < 0) boundary = opStart = scan;
      else this.#payloadLeft = payloadBytes + 2;
    }
    this.#scan = scan;
    return boundary;
  }

  /** Nothing held: reads start at the buffer's start again, and one huge message's room is given back. */
  #reset(): void {
    this.#start = this.#end = this.#scan = 0;
    if (this.#buf.length > SHRINK_ABOVE_BYTES) this.#buf = new Uint8Array(INITIAL_BYTES);
  }

  #makeRoom(want: number): void {
    const held = this.#end - this.#start;
    const size = held + want <= this.#buf.length ? this.#buf.length : Math.max(2 * this.#buf.length, held + want);
    const target = size === this.#buf.length ? this.#buf : new Uint8Array(size);
    if (target === this.#buf) this.#buf.copyWithin(0, this.#start, this.#end);
    else target.set(this.#buf.subarray(this.#start, this.#end));
    this.#scan -= this.#start;
    this.#end = held;
    this.#start = 0;
    this.#buf = target;
  }
}

/**
 * The payload size a `MSG` or `HMSG` line announces (its last field), or -1 for any other line
 * (nats.js's parser judges those, and a malformed or oversized size, itself).
 */
function messagePayloadBytes(buf: Uint8Array, lineStart: number, lf: number): number {
  let i = lineStart;
  while (i < lf && (buf[i] === SPACE || buf[i] === TAB)) i++;
  const first = buf[i]! | 0x20;
  const isMsg = first === 0x6d && (buf[i + 1]! | 0x20) === 0x73 && (buf[i + 2]! | 0x20) === 0x67;
  const isHmsg = first === 0x68 && (buf[i + 1]! | 0x20) === 0x6d && (buf[i + 2]! | 0x20) === 0x73 && (buf[i + 3]! | 0x20) === 0x67;
  if (!isMsg && !isHmsg) return -1;
  let last = lf;
  while (last > i && (buf[last - 1] === CR || buf[last - 1] === SPACE || buf[last - 1] === TAB)) last--;
  let digitsStart = last;
  while (digitsStart > i && buf[digitsStart - 1]! >= DIGIT_0 && buf[digitsStart - 1]! <= DIGIT_0 + 9) digitsStart--;
  if (digitsStart === last || last - digitsStart > 10 || (buf[digitsStart - 1] !== SPACE && buf[digitsStart - 1] !== TAB)) return -1;
  let size = 0;
  for (let k = digitsStart; k < last; k++) size = size * 10 + (buf[k]! - DIGIT_0);
  return size <= MAX_PAYLOAD_BYTES ? size : -1;
}
