/**
 * The NASA standard breakup model (Johnson, Krisko, Liou & Anz-Meador, "NASA's new breakup model
 * of EVOLVE 4.0", Adv. Space Res. 28(9), 1377-1384, 2001), with the 2011 correction of the
 * non-catastrophic collision mass (Krisko, Orbital Debris Quarterly News 15(4), 2011: M = m_p v^2,
 * v in km/s; some open-source ports wrongly use m_p v). Fragment sizes follow the power law N(>=Lc); area-to-mass ratios and delta-v
 * follow the model's distributions; every draw comes from the keyed generator of rng.ts, keyed by
 * (seed, event id, fragment index, purpose), so a breakup is the same wherever it is computed.
 */
import { PhysicsInputError } from "./errors.js";
import { counterNormal, counterUniform } from "./rng.js";
import { ErrorCodes } from "@orbitwin/errors";

/** Energy-to-mass ratio at or above which a collision is catastrophic, J/g (Johnson 2001). */
export const CATASTROPHIC_EMR_J_PER_G = 40;
/** Standard deviation of log10(delta-v, m/s) about its mean, both event kinds (Johnson 2001). */
export const DELTA_V_LOG10_SIGMA = 0.4;
/** Bulk density assumed to size the remnant that closes the mass budget (ours, not Johnson's), kg/m^3. */
export const REMNANT_BULK_DENSITY_KG_M3 = 100;
/** Most fragments breakUp will draw in one call; ask for a larger minSizeM beyond it. */
export const BREAKUP_MAX_FRAGMENTS = 5_000_000;

export interface CollisionInput {
  /** the lighter object (projectile), kg; the two masses are swapped if given the other way */
  projectileMassKg: number;
  /** the heavier object (target), kg */
  targetMassKg: number;
  relSpeedKmS: number;
}

function bad(message: string): PhysicsInputError {
  return new PhysicsInputError(ErrorCodes.badBreakupInput, `breakup: ${message}`);
}

/** The collision with the lighter object as projectile, as the model defines it. */
function ordered(c: CollisionInput): { projectileKg: number; targetKg: number; speedKmS: number } {
  if (!(c.projectileMassKg > 0 && c.targetMassKg > 0 && Number.isFinite(c.projectileMassKg) && Number.isFinite(c.targetMassKg)))
    throw bad(`masses ${c.projectileMassKg} kg and ${c.targetMassKg} kg: both must be finite and > 0`);
  if (!(c.relSpeedKmS >= 0 && Number.isFinite(c.relSpeedKmS))) throw bad(`relSpeedKmS = ${c.relSpeedKmS}: must be finite and >= 0`);
  return { projectileKg: Math.min(c.projectileMassKg, c.targetMassKg), targetKg: Math.max(c.projectileMassKg, c.targetMassKg), speedKmS: c.relSpeedKmS };
}

/** Specific energy of the impact on the target, J/g: (1/2) m_p v^2 / M_t (v in m/s, M_t in g). */
export function energyToMassRatioJPerG(c: CollisionInput): number {
  const o = ordered(c);
  return (0.5 * o.projectileKg * (o.speedKmS * 1000) ** 2) / (o.targetKg * 1000);
}

export function isCatastrophic(c: CollisionInput): boolean {
  return energyToMassRatioJPerG(c) >= CATASTROPHIC_EMR_J_PER_G;
}

/**
 * The mass parameter M of the fragment law, kg: m_p + M_t when catastrophic, else m_p v^2 with v in
 * km/s (Krisko 2011; the kg (km/s)^2 product is used as kg).
 */
export function collisionMassParameterKg(c: CollisionInput): number {
  const o = ordered(c);
  return isCatastrophic(c) ? o.projectileKg + o.targetKg : o.projectileKg * o.speedKmS * o.speedKmS;
}

/** Fragments of characteristic length >= Lc from a collision: 0.1 M^0.75 Lc^-1.71 (Lc in m). */
export function collisionFragmentCount(c: CollisionInput, minSizeM: number): number {
  if (!(minSizeM > 0)) throw bad(`minSizeM = ${minSizeM}: must be > 0 m`);
  return 0.1 * Math.pow(collisionMassParameterKg(c), 0.75) * Math.pow(minSizeM, -1.71);
}

/** Fragments >= Lc from an explosion of scale factor S: 6 S Lc^-1.6 (S = 1 for a rocket body; Lc in m). */
export function explosionFragmentCount(scaleFactor: number, minSizeM: number): number {
  if (!(scaleFactor >= 0 && minSizeM > 0)) throw bad(`scaleFactor = ${scaleFactor}, minSizeM = ${minSizeM}: need S >= 0 and Lc > 0 m`);
  return 6 * scaleFactor * Math.pow(minSizeM, -1.6);
}

/** Average cross-section of a fragment of characteristic length L, m^2 (Johnson 2001, eq. 8). */
export function fragmentAreaM2(sizeM: number): number {
  return sizeM < 0.00167 ? 0.540424 * sizeM * sizeM : 0.556945 * Math.pow(sizeM, 2.0047077);
}

/** Linear between (lo, atLo) and (hi, atHi), constant outside: the model's piecewise parameters. */
function piecewise(x: number, lo: number, hi: number, atLo: number, atHi: number): number {
  if (x <= lo) return atLo;
  if (x >= hi) return atHi;
  return atLo + ((atHi - atLo) * (x - lo)) / (hi - lo);
}

export type ParentKind = "spacecraft" | "rocketBody";

/** The two-normal mixture of log10(A/m) for fragments > 11 cm (Johnson 2001, eqs. 5-7), lambda = log10 Lc. */
function largeMixture(lambda: number, parent: ParentKind): { alpha: number; mu1: number; sigma1: number; mu2: number; sigma2: number } {
  if (parent === "rocketBody") {
    return {
      alpha: piecewise(lambda, -1.4, 0, 1, 0.5),
      mu1: piecewise(lambda, -0.5, 0, -0.45, -0.9),
      sigma1: 0.55,
      mu2: -0.9,
      sigma2: piecewise(lambda, -1, 0.1, 0.28, 0.1),
    };
  }
  return {
    alpha: piecewise(lambda, -1.95, 0.55, 0, 1),
    mu1: piecewise(lambda, -1.1, 0, -0.6, -0.95),
    sigma1: piecewise(lambda, -1.3, -0.3, 0.1, 0.3),
    mu2: piecewise(lambda, -0.7, -0.1, -1.2, -2.0),
    sigma2: piecewise(lambda, -0.5, -0.3, 0.5, 0.3),
  };
}

/**
 * log10(A/m) of one fragment, A/m in m^2/kg (Johnson 2001): for Lc > 11 cm the two-normal mixture
 * of the parent kind (first normal with probability alpha), for Lc < 8 cm the single normal common
 * to both kinds (mean -0.3 .. -1.0, sigma 0.2 + 0.1333 (lambda + 3.5) above lambda = -3.5), and
 * between them one or the other with the large-fragment law's probability rising linearly in Lc
 * from 0 at 8 cm to 1 at 11 cm. `draw` carries the keyed random numbers (two uniforms, one normal).
 */
export function areaToMassLog10(sizeM: number, draw: { uMix: number; uBridge: number; z: number }, parent: ParentKind = "spacecraft"): number {
  const lambda = Math.log10(sizeM);
  const small = () => piecewise(lambda, -1.75, -1.25, -0.3, -1.0) + (lambda <= -3.5 ? 0.2 : 0.2 + 0.1333 * (lambda + 3.5)) * draw.z;
  const large = () => {
    const m = largeMixture(lambda, parent);
    return draw.uMix < m.alpha ? m.mu1 + m.sigma1 * draw.z : m.mu2 + m.sigma2 * draw.z;
  };
  if (sizeM <= 0.08) return small();
  if (sizeM >= 0.11) return large();
  return draw.uBridge < (sizeM - 0.08) / 0.03 ? large() : small();
}

/** Mean of log10(delta-v, m/s) given chi = log10(A/m): 0.9 chi + 2.9 (collision), 0.2 chi + 1.85 (explosion) (Johnson 2001). */
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
  /** drawn fragments left out because their mass would have overdrawn the budget */
  skippedCount: number;
  /** index of the remnant that closes the mass budget, or -1 when the fragments used it all */
  remnantIndex: number;
}

export interface BreakupOptions {
  kind: "collision" | "explosion";
  /** the mass parameter M (collision) or the parent mass (explosion): the mass budget, kg */
  massKg: number;
  /** number of fragments >= minSizeM, from the count laws above (the fraction is dropped) */
  fragmentCount: number;
  minSizeM: number;
  /** size of the largest fragment, m */
  maxSizeM: number;
  /** A/m law for fragments > 11 cm; spacecraft unless given */
  parent?: ParentKind;
  /** keys for the generator */
  seed: number;
  eventId: number;
}

/** The purposes of the breakup's keyed draws (the 300s; radiation uses the 100s, the subsystem step the 200s). */
export const BreakupPurposes = { size: 301, mixture: 302, bridge: 303, areaToMass: 304, deltaV: 305, cosPolar: 306, azimuth: 307 } as const;

/**
 * Draws the fragments. Fragment i takes its draws from (seed, eventId, i, purpose): a size from the
 * power law N(>=L) ~ L^-beta truncated to [minSizeM, maxSizeM] by inversion, L = Lmin (1 - u (1 -
 * (Lmax/Lmin)^-beta))^(-1/beta), beta 1.71 (collision) or 1.6 (explosion); log10(A/m) from
 * areaToMassLog10; mass A / (A/m) with A from fragmentAreaM2; an isotropic delta-v of log10 size
 * normal about deltaVLog10Mean with sigma 0.4.
 *
 * Mass: the model does not conserve mass, so the budget is closed here. A fragment whose mass would
 * overdraw what is left is skipped (counted in skippedCount, the later ones still drawn); what is
 * left after all of them becomes one remnant, sized from REMNANT_BULK_DENSITY_KG_M3 within
 * [minSizeM, maxSizeM], with the A/m and delta-v that follow. The masses then sum to massKg to
 * rounding (relative 1e-12, tested); every fragment keeps mass x A/m = A.
 */
export function breakUp(o: BreakupOptions): Fragments {
  if (!(o.massKg > 0 && Number.isFinite(o.massKg))) throw bad(`massKg = ${o.massKg}: must be finite and > 0`);
  if (!(o.minSizeM > 0 && o.maxSizeM > o.minSizeM && Number.isFinite(o.maxSizeM)))
    throw bad(`sizes [${o.minSizeM}, ${o.maxSizeM}] m: need 0 < minSizeM < maxSizeM`);
  if (!(o.fragmentCount >= 0 && o.fragmentCount <= BREAKUP_MAX_FRAGMENTS))
    throw bad(`fragmentCount = ${o.fragmentCount}: must be in [0, ${BREAKUP_MAX_FRAGMENTS}]; raise minSizeM to draw fewer`);
  const parent = o.parent ?? "spacecraft";
  const beta = o.kind === "collision" ? 1.71 : 1.6;
  const tailRatio = Math.pow(o.maxSizeM / o.minSizeM, -beta);
  const n = Math.floor(o.fragmentCount);
  const sizeM = new Float64Array(n + 1);
  const areaToMass = new Float64Array(n + 1);
  const massKg = new Float64Array(n + 1);
  const deltaV = new Float64Array(3 * (n + 1));
  let count = 0;
  let skipped = 0;
  let remainingKg = o.massKg;
  const P = BreakupPurposes;
  for (let i = 0; i < n; i++) {
    const u = counterUniform(o.seed, o.eventId, i, P.size);
    const size = o.minSizeM * Math.pow(1 - u * (1 - tailRatio), -1 / beta);
    const draw = {
      uMix: counterUniform(o.seed, o.eventId, i, P.mixture),
      uBridge: counterUniform(o.seed, o.eventId, i, P.bridge),
      z: counterNormal(o.seed, o.eventId, i, P.areaToMass),
    };
    const chi = areaToMassLog10(size, draw, parent);
    const mass = fragmentAreaM2(size) / Math.pow(10, chi);
    if (mass > remainingKg) {
      skipped++;
      continue;
    }
    push(size, chi, mass, i);
    remainingKg -= mass;
  }
  let remnantIndex = -1;
  if (remainingKg > 1e-12 * o.massKg) {
    const size = Math.min(o.maxSizeM, Math.max(o.minSizeM, Math.cbrt(remainingKg / REMNANT_BULK_DENSITY_KG_M3)));
    remnantIndex = count;
    push(size, Math.log10(fragmentAreaM2(size) / remainingKg), remainingKg, n);
  }
  return {
    count,
    sizeM: sizeM.slice(0, count),
    areaToMassM2Kg: areaToMass.slice(0, count),
    massKg: massKg.slice(0, count),
    deltaVKmS: deltaV.slice(0, 3 * count),
    skippedCount: skipped,
    remnantIndex,
  };

  function push(size: number, chi: number, mass: number, i: number): void {
    const speedKmS = Math.pow(10, deltaVLog10Mean(chi, o.kind) + DELTA_V_LOG10_SIGMA * counterNormal(o.seed, o.eventId, i, P.deltaV)) / 1000;
    const cosPolar = 2 * counterUniform(o.seed, o.eventId, i, P.cosPolar) - 1;
    const azimuth = 2 * Math.PI * counterUniform(o.seed, o.eventId, i, P.azimuth);
    const sinPolar = Math.sqrt(1 - cosPolar * cosPolar);
    sizeM[count] = size;
    areaToMass[count] = Math.pow(10, chi);
    massKg[count] = mass;
    deltaV[3 * count] = speedKmS * sinPolar * Math.cos(azimuth);
    deltaV[3 * count + 1] = speedKmS * sinPolar * Math.sin(azimuth);
    deltaV[3 * count + 2] = speedKmS * cosPolar;
    count++;
  }
}

export interface CollisionBreakupOptions {
  collision: CollisionInput;
  minSizeM: number;
  maxSizeM: number;
  parent?: ParentKind;
  seed: number;
  eventId: number;
}

/** A collision's fragments: count from collisionFragmentCount, mass budget the mass parameter M. */
export function collisionBreakup(o: CollisionBreakupOptions): Fragments {
  return breakUp({
    kind: "collision",
    massKg: collisionMassParameterKg(o.collision),
    fragmentCount: collisionFragmentCount(o.collision, o.minSizeM),
    minSizeM: o.minSizeM,
    maxSizeM: o.maxSizeM,
    parent: o.parent ?? "spacecraft",
    seed: o.seed,
    eventId: o.eventId,
  });
}

export interface ExplosionBreakupOptions {
  parentMassKg: number;
  /** S: 1 for a rocket body (Johnson 2001) */
  scaleFactor: number;
  minSizeM: number;
  maxSizeM: number;
  parent?: ParentKind;
  seed: number;
  eventId: number;
}

/** An explosion's fragments: count 6 S Lc^-1.6, mass budget the parent's mass; A/m of a rocket body unless told. */
export function explosionBreakup(o: ExplosionBreakupOptions): Fragments {
  return breakUp({
    kind: "explosion",
    massKg: o.parentMassKg,
    fragmentCount: explosionFragmentCount(o.scaleFactor, o.minSizeM),
    minSizeM: o.minSizeM,
    maxSizeM: o.maxSizeM,
    parent: o.parent ?? "rocketBody",
    seed: o.seed,
    eventId: o.eventId,
  });
}
