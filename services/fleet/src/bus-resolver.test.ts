import { busPresets } from "@orbitwin/physics";
import { describe, expect, it } from "vitest";
import { resolveBus } from "./bus-resolver.js";

describe("resolveBus", () => {
  it("gives every cluster flying the same bus one spec, and applies a choice's overrides", () => {
    const base = resolveBus({ preset: "starlink-v2-mini-gpu" });
    expect(resolveBus({ preset: "starlink-v2-mini-gpu" })).toBe(base);
    expect(base.thermal).toEqual(busPresets["starlink-v2-mini-gpu"]!.thermal);
    const bigger = resolveBus({ preset: "starlink-v2-mini-gpu", radiatorAreaM2: 40, spares: 3 });
    expect(bigger).not.toBe(base);
    expect(bigger.thermal.radiatorAreaM2).toBe(40);
    expect(bigger.acceleratorSpares).toBe(3);
    expect(base.thermal.radiatorAreaM2).toBe(busPresets["starlink-v2-mini-gpu"]!.thermal.radiatorAreaM2);
  });

  it("keeps resolving correctly past the number of buses it keeps", () => {
    const specs = Array.from({ length: 200 }, (_, i) => resolveBus({ preset: "starlink-v2-mini-gpu", radiatorAreaM2: 10 + i }));
    specs.forEach((spec, i) => expect(spec.thermal.radiatorAreaM2).toBe(10 + i));
    expect(resolveBus({ preset: "starlink-v2-mini-gpu", radiatorAreaM2: 209 })).toBe(specs[199]);
  });

  it("refuses an unknown preset, naming the known ones", () => {
    expect(() => resolveBus({ preset: "no-such-bus" })).toThrow(/bus preset "no-such-bus" is unknown: use one of .*starlink-v2-mini-gpu/);
  });
});
