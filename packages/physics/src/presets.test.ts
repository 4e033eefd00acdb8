import { describe, expect, it } from "vitest";
import { orbitalPeriodS } from "./orbit.js";
import { busPresets } from "./presets.js";
import { createSatelliteState, stepSatellites, type SatelliteBusSpec } from "./satellite-step.js";
import { eclipseFractionCylindrical } from "./sun.js";

const DT_S = 10;
/** Solar flux at perihelion and aphelion, W/m^2 (ECSS-E-ST-10-04C; physics-cases 11). */
const PERIHELION_W_M2 = 1407;
const APHELION_W_M2 = 1316;

interface Extremes {
  maxJunctionK: number;
  minSoc: number;
  /** lowest state of charge at the end of a sunlit arc (1 when every arc ends full) */
  minSunsetSoc: number;
  shedTicks: number;
}

/** One satellite flown through a sunlight schedule (1 = lit), every subsystem stepped at 10 s. */
function fly(spec: SatelliteBusSpec, sunlit: (tS: number) => number, seconds: number, options: { solarWM2: number; ageYears: number }): Extremes {
  const state = createSatelliteState(spec, 1);
  const at = (sun: number) => ({
    sunlitFraction: Float64Array.of(sun),
    latDeg: Float64Array.of(0),
    lonDeg: Float64Array.of(0),
    altKm: Float64Array.of(500),
    status: Uint8Array.of(0),
  });
  const out: Extremes = { maxJunctionK: 0, minSoc: 1, minSunsetSoc: 1, shedTicks: 0 };
  let before = { sun: 1, soc: 1 };
  for (let tick = 0; tick * DT_S < seconds; tick++) {
    const sun = sunlit(tick * DT_S);
    if (before.sun === 1 && sun === 0) out.minSunsetSoc = Math.min(out.minSunsetSoc, before.soc);
    stepSatellites(spec, state, at(sun), DT_S, options.ageYears, { seed: 1, tick, firstEntity: 0 }, options.solarWM2);
    const perAcceleratorW = (state.consumedW[0]! - spec.busLoadW) / spec.acceleratorsActive;
    out.maxJunctionK = Math.max(out.maxJunctionK, state.tempComputeK[0]! + spec.accelerator.junctionResistanceKPerW * perAcceleratorW);
    const soc = state.batteryWh[0]! / spec.battery.capacityWh;
    out.minSoc = Math.min(out.minSoc, soc);
    before = { sun, soc };
    out.shedTicks += state.powerShed[0]!;
  }
  return out;
}

describe("spacex-odc-gpu preset", () => {
  // Every accelerator at its full 1 kW: harder than the preset's 90 % utilisation.
  const fullPower: SatelliteBusSpec = { ...busPresets["spacex-odc-gpu"]!, utilization: 1 };
  /** The longest shadow of a circular orbit between 500 and 2,000 km: beta 0 (physics-cases 9). */
  const longestEclipse = (() => {
    let worst = { altKm: 0, eclipseS: 0 };
    for (let altKm = 500; altKm <= 2000; altKm += 10) {
      const eclipseS = eclipseFractionCylindrical(altKm, 0) * orbitalPeriodS(altKm);
      if (eclipseS > worst.eclipseS) worst = { altKm, eclipseS };
    }
    return worst;
  })();

  it("keeps the junction under its limit, with the thermal service's 8 K margin, at full power in sunlight at perihelion", () => {
    const hot = fly(fullPower, () => 1, 12 * 3600, { solarWM2: PERIHELION_W_M2, ageYears: 0 });
    expect(hot.maxJunctionK).toBeLessThan(fullPower.accelerator.junctionLimitK - 8);
    expect(hot.shedTicks).toBe(0);
  });

  it("carries full power through the longest eclipse between 500 and 2,000 km on a third of its battery", () => {
    expect(longestEclipse.altKm).toBe(500);
    expect(longestEclipse.eclipseS / 60).toBeCloseTo(35.75, 1);
    // One minute more for the penumbra the conical shadow adds at each end.
    const dark = fly(fullPower, () => 0, longestEclipse.eclipseS + 60, { solarWM2: APHELION_W_M2, ageYears: 0 });
    expect(dark.shedTicks).toBe(0);
    expect(1 - dark.minSoc).toBeLessThan(0.4);
  });

  it("recharges in the sunlight of the darkest orbit, orbit after orbit, after 5 years at aphelion", () => {
    const periodS = orbitalPeriodS(longestEclipse.altKm);
    const sunlitS = periodS - longestEclipse.eclipseS;
    const worstOrbit = fly(fullPower, (t) => (t % periodS < sunlitS ? 1 : 0), 86_400, { solarWM2: APHELION_W_M2, ageYears: 5 });
    expect(worstOrbit.shedTicks).toBe(0);
    // Full again before every sunset (to the capacity the cycling has faded, 2e-5 a day).
    expect(worstOrbit.minSunsetSoc).toBeGreaterThan(0.999);
    expect(worstOrbit.minSoc).toBeGreaterThan(0.6);
    expect(worstOrbit.maxJunctionK).toBeLessThan(fullPower.accelerator.junctionLimitK - 8);
  });
});

describe.each(["starcloud-2-gpu", "aetherflux-node-gpu"])("%s preset (assumed sizes, dawn-dusk at 550 km)", (name) => {
  const fullPower: SatelliteBusSpec = { ...busPresets[name]!, utilization: 1 };
  // The longest eclipse of a dawn-dusk orbit at 550 km: beta about 57 deg near the June solstice.
  const periodS = orbitalPeriodS(550);
  const eclipseS = eclipseFractionCylindrical(550, 57) * periodS;

  it("keeps the junction under its limit, with the thermal service's 8 K margin, at full power in sunlight at perihelion", () => {
    const hot = fly(fullPower, () => 1, 12 * 3600, { solarWM2: PERIHELION_W_M2, ageYears: 0 });
    expect(hot.maxJunctionK).toBeLessThan(fullPower.accelerator.junctionLimitK - 8);
    expect(hot.shedTicks).toBe(0);
  });

  it("flies full power through the darkest orbit of the year, orbit after orbit, after 5 years at aphelion", () => {
    expect(eclipseS / 60).toBeGreaterThan(20);
    expect(eclipseS / 60).toBeLessThan(25);
    const worst = fly(fullPower, (t) => (t % periodS < periodS - eclipseS ? 1 : 0), 86_400, { solarWM2: APHELION_W_M2, ageYears: 5 });
    expect(worst.shedTicks).toBe(0);
    expect(worst.minSunsetSoc).toBeGreaterThan(0.999);
    expect(1 - worst.minSoc).toBeLessThan(0.3);
    expect(worst.maxJunctionK).toBeLessThan(fullPower.accelerator.junctionLimitK - 8);
  });
});
