import { Kind, Parser, type ParserEvent } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { MIN_READ_BYTES, NatsFrameAssembler } from "./nats-frames.js";

const ascii = (s: string) => new TextEncoder().encode(s);
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

const joined = (parts: readonly Uint8Array[]): Uint8Array => Buffer.concat(parts);

/** A server's stream: each op with the offset just past it. */
function serverStream(): { bytes: Uint8Array; opEnds: number[] } {
  const payload = ascii("MSG looks like an op\r\nPING\r\n and goes on");
  const header = ascii("NATS/1.0\r\nk: v\r\n\r\n");
  const ops = [
    ascii('INFO {"server_id":"x","max_payload":1048576}\r\n'),
    ascii("+OK\r\n"),
    joined([ascii(`MSG a.b 1 ${payload.length}\r\n`), payload, ascii("\r\n")]),
    ascii("PING\r\n"),
    joined([ascii(`msg a.c 2 _INBOX.r ${payload.length}\r\n`), payload, ascii("\r\n")]),
    joined([ascii(`HMSG a.d 3 ${header.length} ${header.length + payload.length}\r\n`), header, payload, ascii("\r\n")]),
    ascii("MSG a.e 1 0\r\n\r\n"),
    ascii("-ERR 'Permissions Violation for Publish to \"x\"'\r\n"),
    joined([ascii("MSG a.f 1 3000\r\n"), new Uint8Array(3000).fill(7), ascii("\r\n")]),
    ascii("PONG\r\n"),
  ];
  const opEnds: number[] = [];
  let at = 0;
  for (const op of ops) opEnds.push((at += op.length));
  return { bytes: joined(ops), opEnds };
}

/** What nats.js's parser makes of `frames`, one line per event. */
function parsed(frames: readonly Uint8Array[]): string[] {
  const events: string[] = [];
  const parser = new Parser({
    push: (e: ParserEvent) => {
      const subject = e.msg ? new TextDecoder().decode(e.msg.subject) : "";
      events.push(`${e.kind} ${subject} ${e.data ? Array.from(e.data).join(",") : ""}`);
    },
  });
  for (const frame of frames) parser.parse(frame);
  return events;
}

/** Feeds `bytes` as socket reads of `readBytes` into the assembler's own buffer. */
function readInto(assembler: NatsFrameAssembler, bytes: Uint8Array, readBytes: number): { frames: Uint8Array[]; endsAt: number[] } {
  const frames: Uint8Array[] = [];
  const endsAt: number[] = [];
  for (let at = 0; at < bytes.length;) {
    const room = assembler.writable();
    expect(room.length).toBeGreaterThanOrEqual(MIN_READ_BYTES);
    const n = Math.min(readBytes, room.length, bytes.length - at);
    room.set(bytes.subarray(at, at + n));
    at += n;
    const frame = assembler.commit(n);
    if (frame) {
      frames.push(frame);
      endsAt.push(at);
    }
  }
  return { frames, endsAt };
}

describe("NatsFrameAssembler", () => {
  it("hands out every op whole, as soon as its last byte is read, at every read size", () => {
    const { bytes, opEnds } = serverStream();
    const expected = parsed([bytes]);
    expect(expected.filter((e) => e.startsWith(`${Kind.MSG} `))).toHaveLength(5);
    for (let readBytes = 1; readBytes <= bytes.length; readBytes += readBytes < 64 ? 1 : 97) {
      const assembler = new NatsFrameAssembler();
      const { frames, endsAt } = readInto(assembler, bytes, readBytes);
      expect(sameBytes(joined(frames), bytes)).toBe(true);
      // a frame comes out of each read that completes an op, and ends on the last op it completed
      const readsCompletingAnOp = new Set(opEnds.map((end) => Math.ceil(end / readBytes)));
      expect(frames).toHaveLength(readsCompletingAnOp.size);
      let framedBytes = 0;
      frames.forEach((frame, i) => {
        framedBytes += frame.length;
        expect(framedBytes).toBe(opEnds.filter((end) => end <= endsAt[i]!).pop());
      });
      expect(parsed(frames)).toEqual(expected);
      expect(assembler.heldBytes).toBe(0);
    }
  });

  it("copies chunks a socket owns (TLS) and gives the same frames' bytes", () => {
    const { bytes } = serverStream();
    for (const chunkBytes of [1, 5, 64, 1000, bytes.length]) {
      const assembler = new NatsFrameAssembler();
      const frames: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += chunkBytes) {
        const frame = assembler.push(bytes.subarray(at, at + chunkBytes));
        if (frame) frames.push(frame);
      }
      expect(sameBytes(joined(frames), bytes)).toBe(true);
      expect(parsed(frames)).toEqual(parsed([bytes]));
    }
  });

  it("frames do not change when the buffer is read into again", () => {
    const assembler = new NatsFrameAssembler();
    const first = readInto(assembler, ascii("MSG a 1 3\r\nabc\r\n"), 64).frames[0]!;
    readInto(assembler, ascii("MSG a 1 3\r\nxyz\r\n"), 64);
    expect(new TextDecoder().decode(first)).toBe("MSG a 1 3\r\nabc\r\n");
  });

  it("grows for a message larger than its buffer, holds only what is incomplete, and shrinks back", () => {
    const big = 12 * 1024 * 1024;
    const payload = new Uint8Array(big);
    for (let i = 0; i < big; i += 4096) payload[i] = (i / 4096) & 0xff;
    const msg = joined([ascii(`MSG big 9 ${big}\r\n`), payload, ascii("\r\n")]);
    const assembler = new NatsFrameAssembler();
    const half = readInto(assembler, msg.subarray(0, big / 2), MIN_READ_BYTES);
    expect(half.frames).toHaveLength(0);
    expect(assembler.heldBytes).toBe(big / 2);
    // the room offered covers the rest of the message in one read once its size is known
    expect(assembler.writable().length).toBeGreaterThanOrEqual(msg.length - big / 2);
    const rest = readInto(assembler, msg.subarray(big / 2), 4 * 1024 * 1024);
    expect(rest.frames).toHaveLength(1);
    expect(sameBytes(rest.frames[0]!, msg)).toBe(true);
    expect(assembler.heldBytes).toBe(0);
    expect(assembler.writable().length).toBeLessThanOrEqual(1024 * 1024);
  });

  it.each(["MSG a 1 x12", "MSG a 1 99999999999"])("leaves a malformed or oversized size (%s) to the parser, which refuses it", (line) => {
    const assembler = new NatsFrameAssembler();
    const frames = readInto(assembler, ascii(`${line}\r\nPING\r\n`), 5).frames;
    expect(sameBytes(joined(frames), ascii(`${line}\r\nPING\r\n`))).toBe(true);
    expect(assembler.writable().length).toBeLessThanOrEqual(1024 * 1024);
    expect(() => parsed(frames)).toThrow();
  });
});
