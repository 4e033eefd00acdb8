/**
 * Collision rates in a debris population (Kessler & Cour-Palais, "Collision frequency of artificial
 * satellites: the creation of a debris belt", JGR 83(A6), 1978): the kinetic-theory rate of one
 * object n sigma v, a shell's rate (1/2) sigma v n^2 V, and the chance of at least one hit.
 */

/** Collisions per year of one object in a spatial density `densityPerKm3`, cross-section `crossSectionKm2`, speed `relSpeedKmS`. */
export function collisionRatePerObjectPerYear(densityPerKm3: number, crossSectionKm2: number, relSpeedKmS: number): number {
  return densityPerKm3 * crossSectionKm2 * relSpeedKmS * 365.25 * 86_400;
}

/** Collisions per year among the objects of a shell of volume `volumeKm3`: (1/2) sigma v n^2 V. */
export function shellCollisionRatePerYear(densityPerKm3: number, crossSectionKm2: number, relSpeedKmS: number, volumeKm3: number): number {
  return 0.5 * crossSectionKm2 * relSpeedKmS * densityPerKm3 * densityPerKm3 * volumeKm3 * 365.25 * 86_400;
}

/** P(at least one collision in `years`) = 1 - exp(-n sigma v t). */
export function probabilityOfCollision(densityPerKm3: number, crossSectionKm2: number, relSpeedKmS: number, years: number): number {
  return 1 - Math.exp(-collisionRatePerObjectPerYear(densityPerKm3, crossSectionKm2, relSpeedKmS) * years);
}

/** Volume of a spherical shell between two altitudes, km^3. */
export function shellVolumeKm3(innerAltKm: number, outerAltKm: number, earthRadiusKm = 6378.137): number {
  return ((4 * Math.PI) / 3) * ((earthRadiusKm + outerAltKm) ** 3 - (earthRadiusKm + innerAltKm) ** 3);
}
