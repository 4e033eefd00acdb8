import { describe, expect, it } from "vitest";
import { eclipseFractionCylindrical, orbitalPeriodS } from "./index.js";
import { secondsToShadow } from "./shadow-ahead.js";

const MU = 398_600.4418;
const sun = new Float64Array([149_597_870.7, 0, 0]);

/** A circular equatorial orbit at `altKm`, at angle `thetaDeg` from the sub-solar point. */
function circular(altKm: number, thetaDeg: number): { pos: Float64Array; vel: Float64Array } {
  const r = 6378.137 + altKm;
  const v = Math.sqrt(MU / r);
  const th = (thetaDeg * Math.PI) / 180;
  return { pos: new Float64Array([r * Math.cos(th), r * Math.sin(th), 0]), vel: new Float64Array([-v * Math.sin(th), v * Math.cos(th), 0]) };
}

describe("secondsToShadow", () => {
  it("is zero in the shadow and infinite when the shadow is past the horizon", () => {
    const night = circular(550, 180);
    expect(secondsToShadow(night.pos, night.vel, 0, sun, 3600, 10)).toBe(0);
    const noon = circular(550, 0);
    expect(secondsToShadow(noon.pos, noon.vel, 0, sun, 600, 10)).toBe(Infinity);
  });

  it("finds the shadow entry where the orbit's eclipse geometry puts it (half the sunlit arc after noon)", () => {
    const altKm = 550;
    const noon = circular(altKm, 0);
    const periodS = orbitalPeriodS(altKm);
    const sunlitS = (1 - eclipseFractionCylindrical(altKm, 0)) * periodS;
    const entry = secondsToShadow(noon.pos, noon.vel, 0, sun, periodS, 5);
    // The conical umbra's half-shadow edge is within a few seconds of the cylindrical one.
    expect(Math.abs(entry - sunlitS / 2)).toBeLessThan(20);
    // Knowing it stays lit most of that way changes nothing but the work.
    expect(secondsToShadow(noon.pos, noon.vel, 0, sun, periodS, 5, entry - 60)).toBe(entry);
  });
});
