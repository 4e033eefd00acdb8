/**
 * Collision rates in a debris population (Kessler & Cour-Palais, "Collision frequency of artificial
 * satellites: the creation of a debris belt", JGR 83(A6), 2637-2646, 1978): the kinetic-theory rate
 * of one object n sigma v, a shell's rate (1/2) sigma v n^2 V (each pair counted once), and the
 * chance of at least one hit, 1 - exp(-n sigma v t), for a Poisson process. The density is taken
 * uniform in the shell and the speed is the mean relative speed (about 10 km/s in LEO,
 * physics-cases 20).
 */
import { PhysicsInputError } from "./errors.js";
import { ErrorCodes } from "@orbitwin/errors";

/** Seconds in a Julian year (365.25 d): the year of every rate here. */
export const SECONDS_PER_JULIAN_YEAR = 365.25 * 86_400;

function check(values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values))
    if (!(value >= 0 && Number.isFinite(value)))
      throw new PhysicsInputError(ErrorCodes.badPhysicsInput, `kessler: ${name} = ${value}: must be finite and >= 0`);
}

/** Spatial density of `objectCount` objects spread uniformly through `volumeKm3`, per km^3. */
export function spatialDensityPerKm3(objectCount: number, volumeKm3: number): number {
  check({ objectCount, volumeKm3 });
  if (volumeKm3 === 0) throw new PhysicsInputError(ErrorCodes.badPhysicsInput, "kessler: volumeKm3 = 0: must be > 0");
  return objectCount / volumeKm3;
}

/** Collisions per year of one object in a spatial density `densityPerKm3`, cross-section `crossSectionKm2`, speed `relSpeedKmS`: n sigma v. */
export function collisionRatePerObjectPerYear(densityPerKm3: number, crossSectionKm2: number, relSpeedKmS: number): number {
  check({ densityPerKm3, crossSectionKm2, relSpeedKmS });
  return densityPerKm3 * crossSectionKm2 * relSpeedKmS * SECONDS_PER_JULIAN_YEAR;
}

/** Collisions per year among the objects of a shell of volume `volumeKm3`: (1/2) sigma v n^2 V. */
export function shellCollisionRatePerYear(densityPerKm3: number, crossSectionKm2: number, relSpeedKmS: number, volumeKm3: number): number {
  check({ densityPerKm3, crossSectionKm2, relSpeedKmS, volumeKm3 });
  return 0.5 * crossSectionKm2 * relSpeedKmS * densityPerKm3 * densityPerKm3 * volumeKm3 * SECONDS_PER_JULIAN_YEAR;
}

/** P(at least one collision of one object in `durationYears`) = 1 - exp(-n sigma v t). */
export function probabilityOfCollision(densityPerKm3: number, crossSectionKm2: number, relSpeedKmS: number, durationYears: number): number {
  check({ durationYears });
  return -Math.expm1(-collisionRatePerObjectPerYear(densityPerKm3, crossSectionKm2, relSpeedKmS) * durationYears);
}

/** Volume of a spherical shell between two altitudes, km^3: (4/3) pi ((Re + h2)^3 - (Re + h1)^3). */
export function shellVolumeKm3(innerAltKm: number, outerAltKm: number, earthRadiusKm = 6378.137): number {
  if (!(outerAltKm >= innerAltKm && innerAltKm + earthRadiusKm >= 0))
    throw new PhysicsInputError(ErrorCodes.badPhysicsInput, `kessler: shell [${innerAltKm}, ${outerAltKm}] km: need outer >= inner above the Earth's centre`);
  return ((4 * Math.PI) / 3) * ((earthRadiusKm + outerAltKm) ** 3 - (earthRadiusKm + innerAltKm) ** 3);
}
