/**
 * The debris a constellation leaves in its shell over decades: a source-sink model of one shell,
 * the particle-in-a-box idea of Talent ("Analytic model for orbital debris environmental
 * management", J. Spacecraft and Rockets 29(4), 1992) in the three-species form of the MIT
 * source-sink models (MOCAT-SSEM): active satellites S, derelicts D (satellites that failed to
 * dispose, or were disabled) and fragments F >= fragmentMinSizeM. Every rate is kinetic gas theory
 * (Kessler & Cour-Palais 1978, physics-cases 24): a pair of populations collides at
 * sigma v N_i N_j / V, fragments follow the NASA standard breakup model (physics-cases 23), drag
 * removes derelicts and fragments at the rate they sink through their band (exponential
 * atmosphere, atmosphere.ts), and launches replace what retires or is lost, to hold the size.
 *
 * Runaway: Kessler's critical density (Kessler, "Collisional cascading: the limits of population
 * growth in low Earth orbit", Adv. Space Res. 11(12), 1991) is the density of intact objects
 * above which collisions make fragments faster than drag removes them, so the fragments grow
 * with no launch at all. Here it is the reproduction number of a fragment: the fragments one
 * fragment breeds by hitting intact objects over its time in the band, R = tau_F F sigma v N / V.
 * R >= 1 is runaway: each fragment replaces itself before it decays.
 *
 * Assumptions (say so where a figure comes from them): uniform density in the shell; fragments
 * spread uniformly over a band of fragmentBandKm around the shell (the breakup's delta-v of
 * ~100 m/s moves a fragment's mean altitude by tens of km); every hit of a tracked fragment on an
 * active satellite that is not avoided disables it (a derelict) or, when catastrophic, destroys
 * it; fragment-fragment collisions are left out (their cross-section is ~1e-3 of the others');
 * one mean relative speed.
 */
import { atmosphereDensityKgM3 } from "./atmosphere.js";
import { collisionFragmentCount, fragmentAreaM2, isCatastrophic } from "./breakup.js";
import { PhysicsInputError } from "./errors.js";
import { SECONDS_PER_JULIAN_YEAR, shellVolumeKm3 } from "./kessler.js";
import { EARTH_RADIUS_KM, MU_KM3_S2 } from "./orbit.js";
import { MEAN_LEO_REL_SPEED_KMS } from "./traffic.js";
import { ErrorCodes } from "@orbitwin/errors";

export interface ConstellationDebrisInput {
  /** satellites the operator holds in the shell */
  satellites: number;
  /** middle of the shell, km */
  altKm: number;
  /** from the shell's lowest to its highest altitude, km */
  thicknessKm: number;
  satelliteMassKg: number;
  /** a satellite's mean cross-section, m^2 */
  satelliteAreaM2: number;
  /** service life, years: retirements per year are satellites / lifetime */
  lifetimeYears: number;
  /** fraction of retiring satellites that deorbit (post-mission disposal reliability) */
  disposalReliability: number;
  /** fraction of collisions with an active satellite it avoids @default 0.99 (as cascade.ts) */
  avoidanceSuccess?: number;
  years: number;
  /** launches replace retirements and losses until then, years; none after @default years */
  launchesUntilYears?: number;
  /** derelicts in the shell at the start @default 0 */
  initialDerelicts?: number;
  /** fragments in the band at the start @default 0 */
  initialFragments?: number;
  /** smallest fragment counted, m @default 0.1 (the tracked limit) */
  fragmentMinSizeM?: number;
  /** fragment area-to-mass, m^2/kg @default 0.1 (the NASA SBM's median log10 A/m = -1 at 10 cm, breakup.ts) */
  fragmentAreaToMassM2Kg?: number;
  /** altitude band the fragments spread over, km @default 100 */
  fragmentBandKm?: number;
  /** @default 10 km/s (physics-cases 20) */
  relSpeedKmS?: number;
  /** a row every this many years @default 1 */
  reportEveryYears?: number;
}

export interface ConstellationDebrisRow {
  years: number;
  active: number;
  derelicts: number;
  fragments: number;
  /** collisions per year at that moment */
  collisionsPerYear: number;
  /** collisions since the start */
  collisions: number;
  /** launches per year at that moment (retirements and losses replaced) */
  launchesPerYear: number;
  /** fragments a fragment breeds before it decays; >= 1 is runaway */
  reproduction: number;
}

export interface ConstellationDebris {
  rows: ConstellationDebrisRow[];
  /** years a fragment stays in its band against drag */
  fragmentLifetimeYears: number;
  /** years a derelict stays in the shell against drag */
  derelictLifetimeYears: number;
  /** derelicts alone (no active satellite) at which R = 1: Kessler's critical density times the band's volume */
  criticalDerelicts: number;
  /** first row with R >= 1, years; null if none */
  runawayFromYears: number | null;
  /** years at which fragments passed 1e12 and the projection stopped; null if it ran to the end */
  stoppedAtYears: number | null;
}

const DRAG_COEFFICIENT = 2.2;
const FRAGMENT_CAP = 1e12;

function bad(message: string): PhysicsInputError {
  return new PhysicsInputError(ErrorCodes.badCascade, `constellation debris: ${message}`);
}

function check(i: ConstellationDebrisInput): void {
  const positive: [string, number | undefined][] = [
    ["thicknessKm", i.thicknessKm],
    ["satelliteMassKg", i.satelliteMassKg],
    ["satelliteAreaM2", i.satelliteAreaM2],
    ["lifetimeYears", i.lifetimeYears],
    ["years", i.years],
    ["fragmentMinSizeM", i.fragmentMinSizeM],
    ["fragmentAreaToMassM2Kg", i.fragmentAreaToMassM2Kg],
    ["fragmentBandKm", i.fragmentBandKm],
    ["relSpeedKmS", i.relSpeedKmS],
    ["reportEveryYears", i.reportEveryYears],
  ];
  for (const [name, v] of positive) if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw bad(`${name} = ${v}: must be finite and > 0`);
  if (!(Number.isInteger(i.satellites) && i.satellites >= 0 && i.satellites <= 1e8))
    throw bad(`satellites = ${i.satellites}: must be a whole number within 0..1e8`);
  if (!(i.altKm >= 200 && i.altKm <= 2000)) throw bad(`altKm = ${i.altKm}: must be within 200..2000 km (LEO, where the atmosphere model holds)`);
  if (!(i.years <= 500)) throw bad(`years = ${i.years}: must be at most 500`);
  for (const [name, v] of [
    ["disposalReliability", i.disposalReliability],
    ["avoidanceSuccess", i.avoidanceSuccess],
  ] as const)
    if (v !== undefined && !(v >= 0 && v <= 1)) throw bad(`${name} = ${v}: must be within 0..1`);
  for (const [name, v] of [
    ["initialDerelicts", i.initialDerelicts],
    ["initialFragments", i.initialFragments],
    ["launchesUntilYears", i.launchesUntilYears],
  ] as const)
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) throw bad(`${name} = ${v}: must be finite and >= 0`);
}

/** Years an object of this area-to-mass takes to sink through `bandKm` at `altKm`: bandKm / |dh/dt|, dh/dt = -rho C_D (A/m) sqrt(mu r) (near-circular). */
export function bandLifetimeYears(altKm: number, bandKm: number, areaToMassM2Kg: number): number {
  const sinkMS = atmosphereDensityKgM3(altKm) * DRAG_COEFFICIENT * areaToMassM2Kg * Math.sqrt(MU_KM3_S2 * 1e9 * (EARTH_RADIUS_KM + altKm) * 1000);
  return (bandKm * 1000) / sinkMS / SECONDS_PER_JULIAN_YEAR;
}

/** Projects the shell's active satellites, derelicts and fragments over the years (module comment). */
export function projectConstellationDebris(input: ConstellationDebrisInput): ConstellationDebris {
  check(input);
  const alpha = input.avoidanceSuccess ?? 0.99;
  const lc = input.fragmentMinSizeM ?? 0.1;
  const fragmentAm = input.fragmentAreaToMassM2Kg ?? 0.1;
  const bandKm = Math.max(input.fragmentBandKm ?? 100, input.thicknessKm);
  const v = input.relSpeedKmS ?? MEAN_LEO_REL_SPEED_KMS;
  const launchesUntil = input.launchesUntilYears ?? input.years;
  const every = input.reportEveryYears ?? 1;
  const target = input.satellites;
  const lifetime = input.lifetimeYears;
  const pmd = input.disposalReliability;
  const vShell = shellVolumeKm3(input.altKm - input.thicknessKm / 2, input.altKm + input.thicknessKm / 2);
  const vBand = shellVolumeKm3(input.altKm - bandKm / 2, input.altKm + bandKm / 2);
  // km swept per year per km^2 of cross-section
  const sweep = v * SECONDS_PER_JULIAN_YEAR;
  const satRadiusKm = Math.sqrt(input.satelliteAreaM2 / Math.PI) / 1000;
  const fragRadiusKm = lc / 2000;
  const sigmaIntact = Math.PI * (2 * satRadiusKm) ** 2;
  const sigmaFragment = Math.PI * (satRadiusKm + fragRadiusKm) ** 2;
  const m = input.satelliteMassKg;
  const fragmentMassKg = fragmentAreaM2(lc) / fragmentAm;
  const intactHit = { projectileMassKg: m, targetMassKg: m, relSpeedKmS: v };
  const fragmentHit = { projectileMassKg: fragmentMassKg, targetMassKg: m, relSpeedKmS: v };
  const fragmentsIntact = collisionFragmentCount(intactHit, lc);
  const fragmentsFromHit = collisionFragmentCount(fragmentHit, lc);
  const hitDestroys = isCatastrophic(fragmentHit);
  const tauF = bandLifetimeYears(input.altKm, bandKm, fragmentAm);
  const tauD = bandLifetimeYears(input.altKm, input.thicknessKm, input.satelliteAreaM2 / m);

  // Launching is decided at the start of a step (a step never straddles the switch).
  const launching = (t: number) => t < launchesUntil || launchesUntil >= input.years;
  /** d[S, D, F, C]/dt per year, and the launch rate. */
  const rates = (launch: boolean, y: readonly number[]) => {
    const [s, d, f] = y as [number, number, number];
    const rSS = (0.5 * sigmaIntact * sweep * s * s * (1 - alpha)) / vShell;
    const rSD = (sigmaIntact * sweep * s * d * (1 - alpha)) / vShell;
    const rDD = (0.5 * sigmaIntact * sweep * d * d) / vShell;
    const rSF = (sigmaFragment * sweep * s * f * (1 - alpha)) / vBand;
    const rDF = (sigmaFragment * sweep * d * f) / vBand;
    const satLosses = 2 * rSS + rSD + rSF;
    const launches = launch ? target / lifetime + satLosses : 0;
    const dS = launches - s / lifetime - satLosses;
    const dD = (1 - pmd) * (s / lifetime) - d / tauD - rSD - 2 * rDD - (hitDestroys ? rDF : 0) + (hitDestroys ? 0 : rSF);
    const dF = fragmentsIntact * (rSS + rSD + rDD) + fragmentsFromHit * (rSF + rDF) - f / tauF;
    const collisions = rSS + rSD + rDD + rSF + rDF;
    return { derivative: [dS, dD, dF, collisions], collisions, launches };
  };
  const reproduction = (s: number, d: number) => (tauF * fragmentsFromHit * sigmaFragment * sweep * (s * (1 - alpha) + d)) / vBand;

  const y = [target, input.initialDerelicts ?? 0, input.initialFragments ?? 0, 0];
  // RK4, with steps well under the fastest time constant (drag at low altitude is fast).
  const h = Math.min(every / 20, 0.02, 0.25 * Math.min(tauF, tauD, lifetime));
  const rows: ConstellationDebrisRow[] = [];
  let runawayFromYears: number | null = null;
  let stoppedAtYears: number | null = null;
  const report = (t: number) => {
    const r = rates(launching(t), y);
    const row: ConstellationDebrisRow = {
      years: t,
      active: y[0]!,
      derelicts: y[1]!,
      fragments: y[2]!,
      collisionsPerYear: r.collisions,
      collisions: y[3]!,
      launchesPerYear: r.launches,
      reproduction: reproduction(y[0]!, y[1]!),
    };
    rows.push(row);
    if (runawayFromYears === null && row.reproduction >= 1) runawayFromYears = t;
  };
  report(0);
  const reports = Math.ceil(input.years / every - 1e-9);
  for (let k = 1; k <= reports && stoppedAtYears === null; k++) {
    const from = (k - 1) * every;
    const to = Math.min(input.years, k * every);
    const n = Math.ceil((to - from) / h);
    const dt = (to - from) / n;
    for (let j = 0; j < n; j++) {
      const t = from + j * dt;
      const launch = launching(t + dt / 2);
      const k1 = rates(launch, y).derivative;
      const k2 = rates(
        launch,
        y.map((v0, i) => v0 + (dt / 2) * k1[i]!),
      ).derivative;
      const k3 = rates(
        launch,
        y.map((v0, i) => v0 + (dt / 2) * k2[i]!),
      ).derivative;
      const k4 = rates(
        launch,
        y.map((v0, i) => v0 + dt * k3[i]!),
      ).derivative;
      for (let i = 0; i < 4; i++) y[i] = Math.max(0, y[i]! + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
      if (y[2]! > FRAGMENT_CAP) {
        stoppedAtYears = t + dt;
        break;
      }
    }
    report(stoppedAtYears ?? to);
  }
  return {
    rows,
    fragmentLifetimeYears: tauF,
    derelictLifetimeYears: tauD,
    criticalDerelicts: vBand / (tauF * fragmentsFromHit * sigmaFragment * sweep),
    runawayFromYears,
    stoppedAtYears,
  };
}
