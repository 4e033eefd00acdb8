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

describe("binToFloat32 and binToUint16", () => {
  it("read columns from unaligned views, as copies the next reads leave alone", async () => {
    const { binToFloat32, binToUint16, float32ToBin, uint16ToBin } = await import("./columns.js");
    const shared = new Uint8Array(64);
    shared.set(float32ToBin(new Float32Array([1.5, -2.25, 3e5])), 1);
    shared.set(uint16ToBin(new Uint16Array([7, 65535])), 21);
    const floats = binToFloat32(shared.subarray(1, 13), 3, "float column");
    const ints = binToUint16(shared.subarray(21, 25), 2, "uint16 column");
    shared.fill(0);
    for (let i = 0; i < 100; i++) binToFloat32(shared.subarray(1, 13), 3, "float column");
    expect(Array.from(floats)).toEqual([1.5, -2.25, 3e5]);
    expect(Array.from(ints)).toEqual([7, 65535]);
  });
});
