/**
 * Heat a surface absorbs in low Earth orbit: direct sunlight, sunlight reflected by the Earth
 * (albedo) and the Earth's own infrared, with the view factors of simple shapes (Gilmore,
 * Spacecraft Thermal Control Handbook, ch. 2; Martinez, Spacecraft Thermal Control notes).
 */
import { SOLAR_CONSTANT_W_M2 } from "./power.js";
import { STEFAN_BOLTZMANN } from "./thermal.js";

/** Mean Earth albedo (Gilmore: 0.30 orbit average). */
export const EARTH_ALBEDO = 0.3;

/** Earth infrared emittance S (1 - albedo) / 4, W/m^2 (physics-cases 12: 238.2 for albedo 0.30). */
export function earthIrWM2(albedo = EARTH_ALBEDO, solarWM2 = SOLAR_CONSTANT_W_M2): number {
  return (solarWM2 * (1 - albedo)) / 4;
}

/** View factor from a small sphere to the Earth: (1 - sqrt(1 - (R/r)^2)) / 2 (physics-cases 15). */
export function sphereToEarthViewFactor(earthRadiusKm: number, orbitRadiusKm: number): number {
  const x = earthRadiusKm / orbitRadiusKm;
  return (1 - Math.sqrt(1 - x * x)) / 2;
}

/** View factor from a nadir-facing flat plate to the Earth: (R/r)^2 (physics-cases 15). */
export function nadirPlateViewFactor(earthRadiusKm: number, orbitRadiusKm: number): number {
  return (earthRadiusKm / orbitRadiusKm) ** 2;
}

export interface SurfaceExposure {
  areaM2: number;
  /** solar absorptance, 0..1 */
  absorptance: number;
  /** infrared emissivity (= IR absorptance), 0..1 */
  emissivity: number;
  /** cosine of the Sun's angle off the surface normal (0 when facing away) */
  sunCos: number;
  /** view factor to the Earth */
  earthViewFactor: number;
  /** fraction of the solar disk visible, 0..1 */
  sunlitFraction: number;
  /** albedo illumination factor: ~cos of the Sun's angle at the sub-satellite point, 0..1 */
  albedoFactor: number;
}

/** Absorbed heat, W: alpha S A cos + alpha S a F A k_a + eps E_ir F A. */
export function absorbedHeatW(s: SurfaceExposure, solarWM2 = SOLAR_CONSTANT_W_M2, albedo = EARTH_ALBEDO): number {
  const direct = s.absorptance * solarWM2 * s.areaM2 * Math.max(0, s.sunCos) * s.sunlitFraction;
  const reflected = s.absorptance * solarWM2 * albedo * s.earthViewFactor * s.areaM2 * Math.max(0, s.albedoFactor);
  const infrared = s.emissivity * earthIrWM2(albedo, solarWM2) * s.earthViewFactor * s.areaM2;
  return direct + reflected + infrared;
}

/**
 * Equilibrium temperature of a plate facing the Sun, no Earth: T = (alpha S / (k eps sigma))^(1/4)
 * with k emitting faces (physics-cases 14).
 */
export function flatPlateEquilibriumK(absorptance: number, emissivity: number, emittingFaces: 1 | 2, solarWM2 = SOLAR_CONSTANT_W_M2): number {
  return Math.pow((absorptance * solarWM2) / (emittingFaces * emissivity * STEFAN_BOLTZMANN), 0.25);
}

/** Equilibrium temperature of a sphere in sunlight, no Earth: absorbs on pi r^2, emits on 4 pi r^2. */
export function sphereEquilibriumK(absorptance: number, emissivity: number, solarWM2 = SOLAR_CONSTANT_W_M2): number {
  return Math.pow((absorptance * solarWM2) / (4 * emissivity * STEFAN_BOLTZMANN), 0.25);
}
