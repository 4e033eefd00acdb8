import { describe, expect, it } from "vitest";
import { encodeMessage, decodeUntrusted } from "./codec.js";

describe("encodeMessage", () => {
  it("returns bytes that later encodes never overwrite", () => {
    const first = encodeMessage({ a: "first", n: 1 });
    const copy = Uint8Array.from(first);
    for (let i = 0; i < 100; i++) encodeMessage({ b: "x".repeat(i), n: i });
    expect(first).toEqual(copy);
    expect(decodeUntrusted(first, "first")).toEqual({ a: "first", n: 1 });
  });
});

describe("binToFloat64", () => {
  it("reads a column from an unaligned Buffer view of a shared pool", async () => {
    const { binToFloat64, float64ToBin } = await import("./columns.js");
    const bytes = float64ToBin(new Float64Array([1.5, -2.25, 3e10]));
    const pooled = Buffer.alloc(64);
    pooled.set(bytes, 3);
    const view = pooled.subarray(3, 3 + bytes.byteLength);
    expect(Array.from(binToFloat64(view, 3, "column"))).toEqual([1.5, -2.25, 3e10]);
  });
});
