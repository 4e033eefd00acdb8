/**
 * Radiator sizing: how much heat a radiator of a given area, temperature and emissivity rejects
 * to space, and how big it must be for a load (Gilmore, Spacecraft Thermal Control Handbook, ch. 6).
 */
import { DEEP_SPACE_K, STEFAN_BOLTZMANN } from "./thermal.js";

/** Net rejection per m^2 of panel: k eps sigma (T^4 - T_sink^4) - absorbed, W/m^2 (physics-cases 13). */
export function radiatorRejectionWM2(tempK: number, emissivity: number, faces: 1 | 2, absorbedWM2 = 0, sinkK = 0): number {
  return faces * emissivity * STEFAN_BOLTZMANN * (tempK ** 4 - sinkK ** 4) - absorbedWM2;
}

/** Panel area to reject `heatW` at `tempK`, m^2; Infinity when the panel cannot reject at that temperature. */
export function radiatorAreaM2(heatW: number, tempK: number, emissivity: number, faces: 1 | 2, absorbedWM2 = 0, sinkK = DEEP_SPACE_K): number {
  const perM2 = radiatorRejectionWM2(tempK, emissivity, faces, absorbedWM2, sinkK);
  return perM2 > 0 ? heatW / perM2 : Infinity;
}

/** Temperature a radiator settles at while rejecting `heatW` from `areaM2`, K. */
export function radiatorEquilibriumK(heatW: number, areaM2: number, emissivity: number, faces: 1 | 2, absorbedWM2 = 0, sinkK = DEEP_SPACE_K): number {
  const fluxWM2 = heatW / areaM2 + absorbedWM2;
  return Math.pow(fluxWM2 / (faces * emissivity * STEFAN_BOLTZMANN) + sinkK ** 4, 0.25);
}
