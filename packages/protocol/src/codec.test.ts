import { describe, expect, it } from "vitest";
import { pack, unpack, Packr } from "msgpackr";
import { decodeUntrusted, encodeMessage, INTERNAL_STRUCTURES } from "./codec.js";
import { clockTick, clockDone } from "./messages/clock.js";
import { satelliteTelemetry } from "./messages/telemetry.js";
import { MalformedMessageError, MessageTooLargeError, InvalidMessageError } from "./errors.js";

/** msgpackr's extension types: what a hostile or careless client can send. */
const richPackr = new Packr({ moreTypes: true, structuredClone: true });

function cyclic(): unknown {
  const node: { self?: unknown } = {};
  node.self = node;
  return node;
}

const tick = { v: 1 as const, tick: 42, simTimeMs: 1_778_630_400_000, dtMs: 1000, epoch: 3, wantDigest: true };

describe("codec", () => {
  it("round-trips an internal message through its fixed record structure", () => {
    const bytes = clockTick.encode(tick);
    expect(bytes.byteLength).toBeLessThan(30);
    expect(clockTick.decode(bytes)).toEqual(tick);
  });

  it("round-trips every small integer, including the fixints record slots would shadow", () => {
    for (let n = 0; n < 300; n++) {
      const t = { ...tick, tick: n, epoch: n, dtMs: n + 1 };
      expect(clockTick.decode(clockTick.encode(t))).toEqual(t);
      const sat = { v: 1 as const, sats: [`s-${n}`], leaseMs: 1000 + n, extra: n };
      expect(decodeUntrusted(encodeMessage(sat), "public")).toEqual(sat);
    }
  });

  it("encodes public messages as standard MessagePack maps any decoder reads", () => {
    const sat = {
      v: 1 as const,
      run: "demo",
      cluster: "shell-a-001",
      sat: "shell-a-p01-s01",
      tick: 7,
      simTimeMs: 1,
      posKm: [7000, 0, 0],
      velKmS: [0, 7.5, 0],
      latDeg: 0,
      lonDeg: 10,
      altKm: 621.9,
      sunlitFraction: 1,
      status: "ok",
    };
    const plain = unpack(satelliteTelemetry.encode(sat)) as unknown;
    expect(plain).toEqual(sat);
  });

  it("keeps the structure list append-only in shape: every slot is frozen", () => {
    expect(Object.isFrozen(INTERNAL_STRUCTURES)).toBe(true);
    for (const slot of INTERNAL_STRUCTURES) expect(Object.isFrozen(slot)).toBe(true);
    expect(INTERNAL_STRUCTURES[0]).toEqual(["v", "tick", "simTimeMs", "dtMs", "epoch", "wantDigest"]);
  });

  it("is not poisoned by an inline record definition in untrusted bytes", () => {
    const hostile = new Packr({ useRecords: true }).pack({ evil: 1, more: 2 });
    expect(() => clockTick.decode(hostile)).toThrow(InvalidMessageError);
    expect(clockTick.decode(clockTick.encode(tick))).toEqual(tick);
  });

  it("gives each message bytes of its own, which encoding the next message leaves as they were", () => {
    const first = encodeMessage({ sat: "a", tick: 1 });
    const second = encodeMessage({ sat: "b", tick: 2 }, "internal");
    const third = encodeMessage({ sat: "c", tick: 3 });
    expect([first, second, third].map((bytes) => decodeUntrusted(bytes, "message"))).toEqual([
      { sat: "a", tick: 1 },
      { sat: "b", tick: 2 },
      { sat: "c", tick: 3 },
    ]);
  });

  it("rejects oversized payloads before decoding", () => {
    const big = encodeMessage({ blob: new Uint8Array(2048) });
    expect(() => decodeUntrusted(big, "blob", { maxBytes: 1024, maxDepth: 16, maxLength: 100 })).toThrow(MessageTooLargeError);
  });

  it.each([
    ["a Date", pack(new Date(0))],
    ["a RegExp", richPackr.pack(/x/)],
    ["an Error", richPackr.pack(new Error("boom"))],
    ["a Set", richPackr.pack(new Set([1]))],
    ["a cyclic graph", richPackr.pack(cyclic())],
    ["a truncated map", pack({ a: 1, b: "two" }).subarray(0, 5)],
    ["an empty payload", new Uint8Array(0)],
    ["a reserved byte", new Uint8Array([0xc1])],
  ])("rejects %s as malformed", (_what, bytes) => {
    expect(() => decodeUntrusted(bytes, "probe")).toThrow(MalformedMessageError);
  });

  it("rejects nesting deeper than the limit", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => decodeUntrusted(pack(deep), "deep")).toThrow(/nests deeper/);
  });

  it("names the wrong field of a well-formed but invalid message", () => {
    const bad = encodeMessage({ ...tick, dtMs: -5 }, "internal");
    expect(() => clockTick.decode(bad)).toThrow(/\/dtMs/);
    expect(() => clockDone.decode(pack({ v: 1 }))).toThrow(/\/tick: Expected required property/);
  });
});
