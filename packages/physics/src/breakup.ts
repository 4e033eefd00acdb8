/**
 * The NASA standard breakup model (Johnson, Krisko, Liou & Anz-Meador, "NASA's new breakup model
 * of EVOLVE 4.0", Adv. Space Res. 28(9), 2001), with the 2011 correction of the non-catastrophic
 * collision mass (Krisko, Orbital Debris Quarterly News 15(4), 2011: M = m_p v^2, v in km/s; some
 * open-source ports wrongly use m_p v). Fragment sizes follow the power law N(>=Lc); area-to-mass
 * ratios and delta-v follow the model's distributions; every draw comes from the keyed generator.
 */
import { counterNormal, counterUniform } from "./rng.js";

/** Energy-to-mass ratio above which a collision is catastrophic, J/g. */
export const CATASTROPHIC_EMR_J_PER_G = 40;

export interface CollisionInput {
  /** the lighter object (projectile), kg */
  projectileMassKg: number;
  /** the heavier object (target), kg */
  targetMassKg: number;
  relSpeedKmS: number;
}

/** Specific energy of the impact on the target, J/g: (1/2) m_p v^2 / M_t. */
export function energyToMassRatioJPerG(c: CollisionInput): number {
  return (0.5 * c.projectileMassKg * (c.relSpeedKmS * 1000) ** 2) / (c.targetMassKg * 1000);
}

export function isCatastrophic(c: CollisionInput): boolean {
  return energyToMassRatioJPerG(c) >= CATASTROPHIC_EMR_J_PER_G;
}

/** The mass parameter M of the fragment law, kg: m_p + M_t when catastrophic, else m_p v^2 (v km/s). */
export function collisionMassParameterKg(c: CollisionInput): number {
  return isCatastrophic(c) ? c.projectileMassKg + c.targetMassKg : c.projectileMassKg * c.relSpeedKmS * c.relSpeedKmS;
}

/** Fragments of characteristic length >= Lc from a collision: 0.1 M^0.75 Lc^-1.71. */
export function collisionFragmentCount(c: CollisionInput, minSizeM: number): number {
  return 0.1 * Math.pow(collisionMassParameterKg(c), 0.75) * Math.pow(minSizeM, -1.71);
}

/** Fragments >= Lc from an explosion of scale factor S: 6 S Lc^-1.6 (S = 1 for a rocket body). */
export function explosionFragmentCount(scaleFactor: number, minSizeM: number): number {
  return 6 * scaleFactor * Math.pow(minSizeM, -1.6);
}

/** Average cross-section of a fragment of characteristic length L, m^2 (Johnson 2001, eq. 8). */
export function fragmentAreaM2(sizeM: number): number {
  return sizeM < 0.00167 ? 0.540424 * sizeM * sizeM : 0.556945 * Math.pow(sizeM, 2.0047077);
}

function piecewise(x: number, lo: number, hi: number, atLo: number, atHi: number): number {
  if (x <= lo) return atLo;
  if (x >= hi) return atHi;
  return atLo + ((atHi - atLo) * (x - lo)) / (hi - lo);
}

/**
 * log10(A/m) of one spacecraft fragment (Johnson 2001): for L > 11 cm a two-normal mixture, for
 * L < 8 cm a single normal, and between them a blend chosen by a keyed draw.
 */
export function areaToMassLog10(sizeM: number, draw: { uMix: number; uBridge: number; z: number }): number {
  const lc = Math.log10(sizeM);
  const small = () => piecewise(lc, -1.75, -1.25, -0.3, -1.0) + (lc <= -3.5 ? 0.2 : 0.2 + 0.1333 * (lc + 3.5)) * draw.z;
  const large = () => {
    const alpha = piecewise(lc, -1.95, 0.55, 0, 1);
    const useFirst = draw.uMix < alpha;
    const mu = useFirst ? piecewise(lc, -1.1, 0, -0.6, -0.95) : piecewise(lc, -0.7, -0.1, -1.2, -2.0);
    const sigma = useFirst ? piecewise(lc, -1.3, -0.3, 0.1, 0.3) : piecewise(lc, -0.5, -0.3, 0.5, 0.3);
    return mu + sigma * draw.z;
  };
  if (sizeM <= 0.08) return small();
  if (sizeM >= 0.11) return large();
  return draw.uBridge < (sizeM - 0.08) / 0.03 ? large() : small();
}

/** Mean of log10(delta-v, m/s) given chi = log10(A/m): 0.9 chi + 2.9 (collision), 0.2 chi + 1.85 (explosion); sigma 0.4. */
export function deltaVLog10Mean(chi: number, kind: "collision" | "explosion"): number {
  return kind === "collision" ? 0.9 * chi + 2.9 : 0.2 * chi + 1.85;
}

export interface Fragments {
  count: number;
  sizeM: Float64Array;
  areaToMassM2Kg: Float64Array;
  massKg: Float64Array;
  /** delta-v relative to the parent, x,y,z per fragment, km/s */
  deltaVKmS: Float64Array;
}

export interface BreakupOptions {
  kind: "collision" | "explosion";
  /** the mass parameter M (collision) or the parent mass (explosion), kg */
  massKg: number;
  /** number of fragments >= minSizeM, from the count laws above */
  fragmentCount: number;
  minSizeM: number;
  /** size of the largest fragment, m */
  maxSizeM: number;
  /** keys for the generator */
  seed: number;
  eventId: number;
}

/**
 * Draws the fragments: sizes from the power law between min and max size (exponent 1.71 or 1.6),
 * log10(A/m) from areaToMassLog10, mass = A / (A/m), and an isotropic delta-v whose log10 size is
 * normal about deltaVLog10Mean. Fragments are drawn until the parent mass is used up; the mass
 * left over goes into one last remnant, so the fragments' masses sum to massKg exactly.
 */
export function breakUp(o: BreakupOptions): Fragments {
  const beta = o.kind === "collision" ? 1.71 : 1.6;
  const ratio = Math.pow(o.maxSizeM / o.minSizeM, -beta);
  const sizes: number[] = [];
  const amr: number[] = [];
  const masses: number[] = [];
  const dv: number[] = [];
  let remainingKg = o.massKg;
  const n = Math.max(1, Math.floor(o.fragmentCount));
  for (let i = 0; i < n && remainingKg > 0; i++) {
    const u = counterUniform(o.seed, o.eventId, i, 1);
    const size = o.minSizeM * Math.pow(1 - u * (1 - ratio), -1 / beta);
    const chi = areaToMassLog10(size, { uMix: counterUniform(o.seed, o.eventId, i, 2), uBridge: counterUniform(o.seed, o.eventId, i, 3), z: counterNormal(o.seed, o.eventId, i, 4) });
    let mass = fragmentAreaM2(size) / Math.pow(10, chi);
    if (mass >= remainingKg) mass = remainingKg;
    pushFragment(size, chi, mass, i);
    remainingKg -= mass;
  }
  if (remainingKg > 0) {
    // The remnant: a body carrying the mass the fragment law did not, sized from its mass.
    const size = Math.min(o.maxSizeM, Math.max(o.minSizeM, Math.cbrt(remainingKg / 100)));
    pushFragment(size, Math.log10(fragmentAreaM2(size) / remainingKg), remainingKg, n);
  }
  return { count: sizes.length, sizeM: Float64Array.from(sizes), areaToMassM2Kg: Float64Array.from(amr), massKg: Float64Array.from(masses), deltaVKmS: Float64Array.from(dv) };

  function pushFragment(size: number, chi: number, mass: number, i: number): void {
    const speedMs = Math.pow(10, deltaVLog10Mean(chi, o.kind) + 0.4 * counterNormal(o.seed, o.eventId, i, 5));
    const cosTheta = 2 * counterUniform(o.seed, o.eventId, i, 6) - 1;
    const phi = 2 * Math.PI * counterUniform(o.seed, o.eventId, i, 7);
    const sinTheta = Math.sqrt(1 - cosTheta * cosTheta);
    sizes.push(size);
    amr.push(Math.pow(10, chi));
    masses.push(mass);
    dv.push((speedMs / 1000) * sinTheta * Math.cos(phi), (speedMs / 1000) * sinTheta * Math.sin(phi), (speedMs / 1000) * cosTheta);
  }
}
