/**
 * A synthetic LEO debris population with the shape of the real one (ESA MASTER / the public
 * catalog): altitude peaks at the busy shells (550 km, the 780-860 km debris belt left by
 * Iridium 33 / Cosmos 2251 and Fengyun-1C, 1000 km, 1400-1500 km), inclination families
 * (53, 65, 74, 82, 86, sun-synchronous 98), near-circular orbits, and sizes following the NASA
 * standard breakup model's cumulative law N(>L) ~ L^-1.71 with its size-dependent bulk density.
 * Every draw comes from the counter RNG keyed by (seed, object index, 0, purpose): the same seed
 * gives the same population whatever the count asked before.
 */
import { sgp4 } from "satellite.js";
import type { Vec3 } from "./conjunction.js";
import { toSatrec, type MeanElements } from "./elements.js";
import { PhysicsInputError } from "./errors.js";
import { EARTH_RADIUS_KM, MU_KM3_S2 } from "./orbit.js";
import { meanElementsFromState, rtnToInertial } from "./orbit-determination.js";
import { counterNormal, counterUniform } from "./rng.js";
import { ErrorCodes } from "@orbitwin/errors";

export interface DebrisPopulationOptions {
  count: number;
  seed: number;
  epochMs: number;
  /** smallest characteristic length, m @default 0.1 (the trackable limit) */
  minSizeM?: number;
  /** largest, m @default 10 */
  maxSizeM?: number;
  /** id prefix @default "deb" */
  idPrefix?: string;
}

export interface DebrisObject {
  id: string;
  elements: MeanElements;
  sizeM: number;
  massKg: number;
}

const ALTITUDE_MODES: readonly { weight: number; meanKm: number; sigmaKm: number }[] = [
  { weight: 0.2, meanKm: 550, sigmaKm: 45 },
  { weight: 0.24, meanKm: 790, sigmaKm: 70 },
  { weight: 0.2, meanKm: 870, sigmaKm: 80 },
  { weight: 0.1, meanKm: 1000, sigmaKm: 110 },
  { weight: 0.12, meanKm: 1450, sigmaKm: 90 },
];
const ALTITUDE_BACKGROUND = { fromKm: 350, toKm: 2000 };
const INCLINATION_MODES: readonly { weight: number; deg: number }[] = [
  { weight: 0.2, deg: 53 },
  { weight: 0.08, deg: 65 },
  { weight: 0.1, deg: 74 },
  { weight: 0.1, deg: 82.5 },
  { weight: 0.1, deg: 86.4 },
  { weight: 0.32, deg: 98.6 },
];
const MEAN_ECCENTRICITY = 0.004;
const MIN_PERIGEE_ALT_KM = 250;
const SIZE_EXPONENT = 1.71;
const DRAG_COEFFICIENT = 2.2;
/** SGP4's reference density times one Earth radius, kg/(m^2 ER) (Vallado 2013, 9.6) */
const RHO0_KG_M2_ER = 0.15696615;
const Purpose = {
  mode: 401,
  altitude: 402,
  inclinationMode: 403,
  inclinationJitter: 404,
  eccentricity: 405,
  raan: 406,
  argPerigee: 407,
  meanAnomaly: 408,
  size: 409,
} as const;

/** Bulk density of a fragment of characteristic length L (NASA SBM, L > 1.5 cm), kg/m^3. */
export function fragmentDensityKgM3(sizeM: number): number {
  return 92.937 * Math.pow(sizeM, -0.74);
}

/** Mass of an object of characteristic length L taken as a sphere of the SBM density, kg. */
export function massFromSizeKg(sizeM: number): number {
  return (Math.PI / 6) * sizeM ** 3 * fragmentDensityKgM3(sizeM);
}

/** SGP4 drag term of an object with this area-to-mass ratio, 1/Earth radii. */
export function bstarFromAreaToMass(areaToMassM2Kg: number): number {
  return (DRAG_COEFFICIENT * areaToMassM2Kg * RHO0_KG_M2_ER) / 2;
}

export function generateDebrisPopulation(options: DebrisPopulationOptions): DebrisObject[] {
  const { count, seed, epochMs } = options;
  const minSizeM = options.minSizeM ?? 0.1;
  const maxSizeM = options.maxSizeM ?? 10;
  const prefix = options.idPrefix ?? "deb";
  if (!Number.isInteger(count) || count < 0 || count > 10_000_000)
    throw new PhysicsInputError(ErrorCodes.badPopulation, `debris population: count = ${count} must be a whole number within 0..10,000,000`);
  if (!Number.isSafeInteger(seed)) throw new PhysicsInputError(ErrorCodes.badPopulation, `debris population: seed = ${seed} must be a safe integer`);
  if (!(minSizeM > 0 && maxSizeM > minSizeM))
    throw new PhysicsInputError(ErrorCodes.badPopulation, `debris population: sizes ${minSizeM}..${maxSizeM} m must satisfy 0 < min < max`);
  const out: DebrisObject[] = [];
  for (let i = 0; i < count; i++) {
    const u = (purpose: number) => counterUniform(seed, i, 0, purpose);
    const altKm = drawAltitudeKm(u(Purpose.mode), counterNormal(seed, i, 0, Purpose.altitude), u(Purpose.altitude));
    const aKm = EARTH_RADIUS_KM + altKm;
    const eMax = Math.max(0, 1 - (EARTH_RADIUS_KM + MIN_PERIGEE_ALT_KM) / aKm);
    const e = Math.min(eMax, -MEAN_ECCENTRICITY * Math.log(1 - u(Purpose.eccentricity)));
    const inclinationDeg = drawInclinationDeg(u(Purpose.inclinationMode), counterNormal(seed, i, 0, Purpose.inclinationJitter));
    const sizeM = Math.min(maxSizeM, minSizeM * Math.pow(1 - u(Purpose.size), -1 / SIZE_EXPONENT));
    const massKg = massFromSizeKg(sizeM);
    const areaM2 = (Math.PI / 4) * sizeM * sizeM;
    const nRadS = Math.sqrt(MU_KM3_S2 / aKm ** 3);
    out.push({
      id: `${prefix}-${i}`,
      sizeM,
      massKg,
      elements: {
        name: `${prefix}-${i}`,
        epochMs,
        meanMotionRevPerDay: (nRadS * 86_400) / (2 * Math.PI),
        eccentricity: e,
        inclinationDeg,
        raanDeg: 360 * u(Purpose.raan),
        argPerigeeDeg: 360 * u(Purpose.argPerigee),
        meanAnomalyDeg: 360 * u(Purpose.meanAnomaly),
        bstar: Math.min(0.05, bstarFromAreaToMass(areaM2 / massKg)),
        meanMotionDotRevPerDay2: 0,
        meanMotionDdotRevPerDay3: 0,
      },
    });
  }
  return out;
}

function drawAltitudeKm(uMode: number, z: number, uBackground: number): number {
  let acc = 0;
  for (const m of ALTITUDE_MODES) {
    acc += m.weight;
    if (uMode < acc) return Math.min(ALTITUDE_BACKGROUND.toKm, Math.max(ALTITUDE_BACKGROUND.fromKm, m.meanKm + m.sigmaKm * z));
  }
  return ALTITUDE_BACKGROUND.fromKm + (ALTITUDE_BACKGROUND.toKm - ALTITUDE_BACKGROUND.fromKm) * uBackground;
}

function drawInclinationDeg(uMode: number, z: number): number {
  let acc = 0;
  for (const m of INCLINATION_MODES) {
    acc += m.weight;
    if (uMode < acc) return Math.min(179.9, Math.max(0.1, m.deg + 1.5 * z));
  }
  return Math.min(179.9, Math.max(0.1, 90 + 40 * z));
}

export interface PlantedEncounterOptions {
  /** the object to be met */
  target: MeanElements;
  /** when they meet, UTC ms */
  atMs: number;
  /** angle between the two velocities at the meeting, degrees (90: a crossing orbit) */
  crossingAngleDeg: number;
  /** how far apart they pass, along the target's radial direction, km @default 0 */
  missKm?: number;
  name?: string;
}

/**
 * Elements of an object that passes the target at `atMs`, `missKm` apart radially, with its
 * velocity turned by `crossingAngleDeg` about the radial direction (the geometry of a real
 * crossing-orbit conjunction). For tests and demonstrations of screening and avoidance.
 */
export function plantedEncounterElements(o: PlantedEncounterOptions): MeanElements {
  const satrec = toSatrec(o.target);
  const pv = sgp4(satrec, (o.atMs - o.target.epochMs) / 60_000);
  if (!pv) throw new PhysicsInputError(ErrorCodes.badElements, "planted encounter: the target cannot be propagated to the meeting time");
  const pos: Vec3 = [pv.position.x, pv.position.y, pv.position.z];
  const vel: Vec3 = [pv.velocity.x, pv.velocity.y, pv.velocity.z];
  const speed = Math.hypot(...vel);
  const angle = (o.crossingAngleDeg * Math.PI) / 180;
  // Turning the velocity about the radial axis: along-track and cross-track components.
  const turned = rtnToInertial(pos, vel, [0, speed * Math.cos(angle), speed * Math.sin(angle)]);
  const r = Math.hypot(...pos);
  const miss = o.missKm ?? 0;
  const at: Vec3 = [pos[0] + (miss * pos[0]) / r, pos[1] + (miss * pos[1]) / r, pos[2] + (miss * pos[2]) / r];
  return meanElementsFromState(at, turned, o.atMs, { bstar: o.target.bstar, ...(o.name ? { name: o.name } : {}) });
}
