import { describe, expect, it } from "vitest";
import { plainDataProblem } from "./plain-data.js";

describe("the plain-data guard", () => {
  it("passes plain maps, arrays, strings, numbers, booleans, null and byte arrays", () => {
    expect(plainDataProblem({ a: [1, "x", true, null, { b: new Uint8Array(3) }], c: Buffer.from("hi") })).toBeUndefined();
  });

  it("names the path to what is not plain data", () => {
    expect(plainDataProblem({ a: [1, { b: new Date(0) }] })).toBe("$.a[1].b is a Date, not a plain object");
    expect(plainDataProblem([0, [1, 2, 2n ** 70n]])).toBe("$[1][2] is a 64-bit integer outside the safe range");
    expect(plainDataProblem({ x: JSON.parse('{"__proto__": 1}') as unknown })).toBe("$.x has the forbidden key __proto__");
    expect(plainDataProblem({ m: new Map() })).toBe("$.m is a Map, not a plain object");
  });

  it("refuses nesting and lengths past their limits, naming the limit", () => {
    expect(plainDataProblem({ a: { b: { c: {} } } }, { maxDepth: 2, maxLength: 10 })).toBe("$.a.b nests deeper than 2 levels");
    expect(plainDataProblem({ ids: Array.from({ length: 11 }, (_, i) => `s-${i}`) }, { maxDepth: 4, maxLength: 10 })).toBe("$.ids has 11 elements, over 10");
  });
});
