import { describe, expect, it } from "vitest";
import { ColumnScratch } from "./column-scratch.js";

describe("ColumnScratch", () => {
  it("hands out separate columns within a batch and the same memory again in the next", () => {
    const scratch = new ColumnScratch();
    scratch.begin();
    const a = scratch.float32(4).fill(1);
    const b = scratch.float32(4).fill(2);
    const w = scratch.float64(4).fill(3);
    expect([...a, ...b, ...w]).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    scratch.begin();
    expect(scratch.float32(4).buffer).toBe(a.buffer);
    expect(scratch.float32(4).buffer).toBe(b.buffer);
    expect(scratch.float64(4).buffer).toBe(w.buffer);
  });

  it("gives a column exactly as long as asked, growing its memory for a bigger cluster", () => {
    const scratch = new ColumnScratch();
    scratch.begin();
    const small = scratch.float32(3);
    scratch.begin();
    const big = scratch.float32(10);
    scratch.begin();
    const smallAgain = scratch.float32(3);
    expect([small.length, big.length, smallAgain.length]).toEqual([3, 10, 3]);
    expect(big.buffer).not.toBe(small.buffer);
    expect(smallAgain.buffer).toBe(big.buffer);
  });
});
