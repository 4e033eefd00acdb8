import { describe, expect, it } from "vitest";
import { StateDigest, combineClusterDigests } from "./state-digest.js";

describe("StateDigest", () => {
  it("gives equal digests for bit-identical columns", () => {
    const a = new StateDigest().update(new Float64Array([1, 2, 3])).hex();
    const b = new StateDigest().update(new Float64Array([1, 2, 3])).hex();
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it("changes when one bit of one value changes", () => {
    const x = new Float64Array([7000.123456789, -1.5]);
    const before = new StateDigest().update(x).hex();
    x[0] = x[0]! + Number.EPSILON * 4096;
    expect(new StateDigest().update(x).hex()).not.toBe(before);
  });

  it("depends on the order of updates", () => {
    const a = new StateDigest()
      .update(new Uint8Array([1]))
      .update(new Uint8Array([2]))
      .hex();
    const b = new StateDigest()
      .update(new Uint8Array([2]))
      .update(new Uint8Array([1]))
      .hex();
    expect(a).not.toBe(b);
  });

  it("combines cluster digests independently of the order they arrive in", () => {
    const parts = [
      { cluster: "b", digest: "0000000000000002" },
      { cluster: "a", digest: "0000000000000001" },
    ];
    expect(combineClusterDigests(parts)).toBe(combineClusterDigests([...parts].reverse()));
  });
});
