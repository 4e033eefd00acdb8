import { describe, expect, it } from "vitest";
import { POOLED_MAX_BYTES, transientBytes, transientCopy } from "./byte-pool.js";

describe("transientCopy", () => {
  it("gives copies that later copies never overwrite, each aligned for any typed array", () => {
    const kept = Array.from({ length: 500 }, (_, i) => transientCopy(new Uint8Array(i % 97).fill(i & 0xff)));
    kept.forEach((copy, i) => {
      expect(copy.byteLength).toBe(i % 97);
      expect(copy.every((b) => b === (i & 0xff))).toBe(true);
      expect(copy.byteOffset % 8).toBe(0);
    });
  });

  it("is independent of its source", () => {
    const source = Uint8Array.from([1, 2, 3]);
    const copy = transientCopy(source);
    source[0] = 9;
    expect(Array.from(copy)).toEqual([1, 2, 3]);
  });

  it("gives a large array a buffer of its own, so keeping it keeps nothing else alive", () => {
    const large = transientCopy(new Uint8Array(POOLED_MAX_BYTES + 1).fill(5));
    expect(large.buffer.byteLength).toBe(POOLED_MAX_BYTES + 1);
    expect(large.byteOffset).toBe(0);
    const small = transientCopy(new Uint8Array(POOLED_MAX_BYTES).fill(6));
    expect(small.buffer.byteLength).toBeLessThanOrEqual(4 * POOLED_MAX_BYTES);
  });

  it("gives zeroed bytes to fill", () => {
    for (let i = 0; i < 200; i++) expect(transientBytes(37).every((b) => b === 0)).toBe(true);
  });
});
