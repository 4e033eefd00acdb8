/**
 * Electrical power: solar flux, solar array output and load shedding. Battery storage is in
 * battery.ts. Every function takes and returns plain numbers (W, m^2, fractions).
 */
import { BadModelInputError } from "./errors.js";

/** Total solar irradiance at 1 AU, W/m^2 (ECSS-E-ST-10-04C; physics-cases 11). */
export const SOLAR_CONSTANT_W_M2 = 1361;

/** Solar flux at `sunDistanceAu`, W/m^2: inverse square of the distance. */
export function solarFluxWM2(sunDistanceAu: number): number {
  if (!(sunDistanceAu > 0 && Number.isFinite(sunDistanceAu)))
    throw new BadModelInputError(`solarFluxWM2: sunDistanceAu = ${sunDistanceAu}: must be finite and > 0`);
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
  /** array area, m^2 */
  areaM2: number;
  /** cell efficiency at beginning of life, 0..1 */
  efficiency: number;
  /** fraction of the area covered by cells, 0..1 */
  packingFactor: number;
  /** fractional power loss per year (radiation, UV, thermal cycling), e.g. 0.005 */
  degradationPerYear: number;
}

/** Throws BadModelInputError naming the first field of `array` out of its range. */
export function validateSolarArray(array: SolarArray, where = "solar array"): void {
  const check = (ok: boolean, field: keyof SolarArray, rule: string) => {
    if (!ok) throw new BadModelInputError(`${where}: ${field} = ${array[field]} ${rule}`);
  };
  check(array.areaM2 >= 0 && Number.isFinite(array.areaM2), "areaM2", "must be finite and >= 0 m^2");
  check(array.efficiency >= 0 && array.efficiency <= 1, "efficiency", "must be in [0, 1] (0.3 is a good triple-junction cell)");
  check(array.packingFactor >= 0 && array.packingFactor <= 1, "packingFactor", "must be in [0, 1]");
  check(array.degradationPerYear >= 0 && array.degradationPerYear < 1, "degradationPerYear", "must be in [0, 1) per year");
}

/**
 * Array output P = A eta pf S cos(theta) f_sun (1 - d)^age, W (Patel, Spacecraft Power Systems,
 * 2005, ch. 4; Wertz & Larson, SMAD, 11.4: beginning-of-life power times the lifetime degradation
 * (1 - d)^years). The Suncatcher / Starlink-v2-mini proxy of physics-cases 17: 105 m^2, 22 %,
 * packing 0.9 at 1361 W/m^2 gives 28.30 kW. Cell temperature and the cosine's departure near
 * grazing incidence (Kelly cosine) are not modelled.
 */
export function arrayPowerW(array: SolarArray, options: { fluxWM2: number; incidenceCos: number; sunlitFraction: number; ageYears: number }): number {
  const life = Math.pow(1 - array.degradationPerYear, Math.max(0, options.ageYears));
  return array.areaM2 * array.efficiency * array.packingFactor * options.fluxWM2 * Math.max(0, options.incidenceCos) * clamp01(options.sunlitFraction) * life;
}

export interface Load {
  /** lower sheds first */
  priority: number;
  /** power the load draws when on, W */
  powerW: number;
}

/**
 * Load shedding when power-negative: loads stay on in priority order (highest first; equal
 * priorities in index order) while they fit in `availableW`, as a power-management unit's
 * priority table does (Patel ch. 9); a smaller, lower-priority load may still fit after a large
 * one is shed. Returns which stay on (by index) and the power they draw, W.
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
