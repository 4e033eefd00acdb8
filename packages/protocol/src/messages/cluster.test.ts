import { describe, expect, it } from "vitest";
import { clusterDefinition, clusterDefinitionOf, clusterDefinitionProblems, elementColumns, elementsAtSlot, type ElementsLike } from "./cluster.js";

const elements: ElementsLike[] = Array.from({ length: 7 }, (_, i) => ({
  epochMs: Date.UTC(2026, 0, 30) + i,
  meanMotionRevPerDay: 15.05 + i / 3,
  eccentricity: 0.0001 * i,
  inclinationDeg: 97.6,
  raanDeg: 10 * i,
  argPerigeeDeg: 0,
  meanAnomalyDeg: (360 / 7) * i,
  bstar: 1e-4,
  meanMotionDotRevPerDay2: -1e-9,
  meanMotionDdotRevPerDay3: 0,
}));
const def = clusterDefinitionOf({ run: "r", constellation: "sso", cluster: "sso-p1", satIds: elements.map((_, i) => `sso-p1-s${i}`), elements });

describe("cluster definitions", () => {
  it("carry every satellite's elements exactly through the bucket, as binary float64 columns", () => {
    const read = clusterDefinition.decode(clusterDefinition.encode(def));
    expect(clusterDefinitionProblems(read)).toEqual([]);
    elements.forEach((e, slot) => expect(elementsAtSlot(read, slot)).toEqual(e));
    // 8 bytes a value: ten columns of 7 satellites, plus the ids and the envelope.
    expect(clusterDefinition.encode(def).byteLength).toBeLessThan(10 * 8 * 7 + 7 * 12 + 300);
  });

  it("reads the columns once per definition, copying an unaligned column into the definition", () => {
    const read = clusterDefinition.decode(clusterDefinition.encode(def));
    const first = elementColumns(read);
    expect(elementColumns(read)).toBe(first);
    expect(read.raanDeg.byteOffset % 8).toBe(0);
    expect(Array.from(first.raanDeg)).toEqual(elements.map((e) => e.raanDeg));
  });

  it("names a column whose length does not match the satellites", () => {
    const short = { ...def, bstar: def.bstar.subarray(0, 8 * 6) };
    expect(clusterDefinitionProblems(short)).toEqual(["/bstar: has 6 values for 7 satellites"]);
    expect(() => elementColumns(short)).toThrow(/bstar has 48 bytes, expected 56/);
  });
});
