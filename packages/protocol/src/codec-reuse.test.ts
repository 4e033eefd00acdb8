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
