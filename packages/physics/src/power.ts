/**
 * Electrical power: solar arrays and load shedding. Battery storage is in battery.ts.
 */
import { PhysicsInputError } from "./errors.js";

/** Total solar irradiance at 1 AU, W/m^2 (ECSS-E-ST-10-04C; physics-cases 11). */
export const SOLAR_CONSTANT_W_M2 = 1361;

/** Solar flux at `sunDistanceAu`, W/m^2: inverse square of the distance. */
export function solarFluxWM2(sunDistanceAu: number): number {
  if (!(sunDistanceAu > 0)) throw new PhysicsInputError("ORBITWIN_BAD_PHYSICS_INPUT", `sunDistanceAu = ${sunDistanceAu}: must be > 0`);
  return SOLAR_CONSTANT_W_M2 / (sunDistanceAu * sunDistanceAu);
}

export const AttitudeModes = ["sun-tracking", "single-axis", "body-fixed"] as const;
export type AttitudeMode = (typeof AttitudeModes)[number];

/**
 * Cosine of the Sun's angle off the array normal, averaged over what the attitude allows:
 * a two-axis sun-tracking array has none; a single-axis array rotating about the orbit normal
 * keeps the Sun in its plane only to within the beta angle, so cos(beta) (Fortescue,
 * Spacecraft Systems Engineering, power chapter); a body-fixed array facing `normalAngleRad`
 * from the Sun gets max(0, cos) of it.
 */
export function arrayIncidenceCosine(mode: AttitudeMode, betaDeg: number, normalAngleRad = 0): number {
  switch (mode) {
    case "sun-tracking":
      return 1;
    case "single-axis":
      return Math.abs(Math.cos((betaDeg * Math.PI) / 180));
    case "body-fixed":
      return Math.max(0, Math.cos(normalAngleRad));
  }
}

export interface SolarArray {
  areaM2: number;
  /** cell efficiency at beginning of life, 0..1 */
  efficiency: number;
  /** fraction of the area covered by cells, 0..1 */
  packingFactor: number;
  /** fractional power loss per year (radiation, UV, thermal cycling), e.g. 0.005 */
  degradationPerYear: number;
}

/**
 * Array output P = A eta pf S cos(theta) f_sun (1 - d)^age, W. The Suncatcher / Starlink-v2-mini
 * proxy of physics-cases 17: 105 m^2, 22 %, packing 0.9 at 1361 W/m^2 gives 28.30 kW.
 */
export function arrayPowerW(array: SolarArray, options: { fluxWM2: number; incidenceCos: number; sunlitFraction: number; ageYears: number }): number {
  const life = Math.pow(1 - array.degradationPerYear, Math.max(0, options.ageYears));
  return array.areaM2 * array.efficiency * array.packingFactor * options.fluxWM2 * Math.max(0, options.incidenceCos) * clamp01(options.sunlitFraction) * life;
}

export interface Load {
  /** lower sheds first */
  priority: number;
  powerW: number;
}

/**
 * Load shedding when power-negative: loads stay on in priority order (highest first) while
 * they fit in `availableW`; returns which stay on (by index) and the power they draw.
 */
export function shedLoads(loads: readonly Load[], availableW: number): { on: boolean[]; servedW: number } {
  const order = loads.map((_, i) => i).sort((a, b) => loads[b]!.priority - loads[a]!.priority || a - b);
  const on = new Array<boolean>(loads.length).fill(false);
  let servedW = 0;
  for (const i of order) {
    const load = loads[i]!;
    if (servedW + load.powerW <= availableW + 1e-9) {
      on[i] = true;
      servedW += load.powerW;
    }
  }
  return { on, servedW };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
