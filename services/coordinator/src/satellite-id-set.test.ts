import { describe, expect, it } from "vitest";
import { ErrorCodes } from "@orbitwin/protocol";
import { SatelliteIdSet } from "./satellite-id-set.js";

describe("SatelliteIdSet", () => {
  it("holds exactly the ids added, through growth of its buffers and table", () => {
    const set = new SatelliteIdSet();
    const ids = Array.from({ length: 50_000 }, (_, i) => `sso-525-p${String(i >> 10).padStart(3, "0")}-s${String(i & 1023).padStart(4, "0")}`);
    for (const id of ids) set.add(id);
    expect(set.size).toBe(ids.length);
    expect(ids.every((id) => set.has(id))).toBe(true);
    for (const stranger of ["", "sso-525", "sso-525-p000-s000", "sso-525-p000-s00000", "sso-525-p048-s0849", "i30-600-p000-s0000", "sso-525-p000-s0000x"])
      expect(set.has(stranger)).toBe(false);
  });

  it("keeps one copy of an id added twice", () => {
    const set = new SatelliteIdSet();
    set.add("a-1");
    set.add("a-1");
    set.add("a-10");
    expect(set.size).toBe(2);
    expect([set.has("a-1"), set.has("a-10"), set.has("a-")]).toEqual([true, true, false]);
  });

  it("refuses an id that is not ASCII, naming it, and never finds one", () => {
    const set = new SatelliteIdSet();
    set.add("sat-1");
    let refusal: unknown;
    try {
      set.add("sät-1");
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toMatchObject({ code: ErrorCodes.invalidToken, message: 'satellite id "sät-1": ids are lower-case ASCII tokens' });
    expect(set.has("sät-1")).toBe(false);
    expect(set.size).toBe(1);
  });
});
