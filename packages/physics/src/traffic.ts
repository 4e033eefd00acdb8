/**
 * Orbital traffic of a shell by kinetic gas theory (Kessler & Cour-Palais 1978, physics-cases 24):
 * objects spread uniformly through the shell's volume V pass one another at a mean relative speed
 * v, so a satellite meets the others within a distance d at the rate n pi d^2 v, n the density of
 * the others. That gives close approaches (passes inside the screening distance) per day.
 *
 * Avoidance maneuvers: in the encounter plane a pass's miss distance r is spread uniformly over
 * area (rate density n v 2 pi r dr), and with an isotropic combined position error sigma and a
 * hard-body radius R << sigma its collision probability is Pc(r) = (R^2 / 2 sigma^2)
 * exp(-r^2 / 2 sigma^2), the first term of Chan's series (Chan, Spacecraft Collision Probability,
 * 2008, ch. 5; collision-probability.ts). Pc >= P inside r_m^2 = 2 sigma^2 ln(R^2 / (2 sigma^2 P)),
 * so maneuvers happen at n pi r_m^2 v, and the collisions left after them are the unmitigated rate
 * n pi R^2 v times exp(-r_m^2 / 2 sigma^2) (the integral of Pc outside r_m). A maneuver needs the
 * pass to be screened first: r_m is capped at d.
 *
 * The uniform density ignores the structure of a Walker shell (its satellites are phased not to
 * meet) and the relative speed is one mean figure: the rates are an order-of-magnitude estimate
 * that grows as it must with the number of objects, not a screening.
 */
import { PhysicsInputError } from "./errors.js";
import { SECONDS_PER_JULIAN_YEAR, shellVolumeKm3 } from "./kessler.js";
import { ErrorCodes } from "@orbitwin/errors";

/** Mean LEO collision speed, km/s (physics-cases 20). */
export const MEAN_LEO_REL_SPEED_KMS = 10;

export interface ShellTrafficInput {
  /** satellites of the fleet in the shell */
  satellites: number;
  /** middle of the shell, km */
  altKm: number;
  /** from the shell's lowest to its highest altitude, km */
  thicknessKm: number;
  /** other objects (debris, other fleets) in the same shell @default 0 */
  otherObjects?: number;
  /** screening distance: passes closer than this are close approaches, km */
  screeningKm: number;
  /** maneuver when the collision probability reaches this */
  maneuverPc: number;
  /** combined 1-sigma position error in the encounter plane (isotropic), km */
  combinedSigmaKm: number;
  /** combined hard-body radius of the two objects, m */
  hardBodyRadiusM: number;
  /** mean relative speed at a pass, km/s @default 10 (physics-cases 20) */
  relSpeedKmS?: number;
}

export interface ShellTraffic {
  volumeKm3: number;
  /** fleet satellites and other objects per km^3 */
  densityPerKm3: number;
  /** close approaches (passes within screeningKm) in the whole fleet per day: fleet pairs once, fleet-other pairs once */
  closeApproachesPerDay: number;
  /** close approaches one fleet satellite takes part in per day */
  closeApproachesPerSatPerDay: number;
  /** miss distance under which Pc reaches maneuverPc, km (0: never; capped at screeningKm) */
  maneuverRadiusKm: number;
  /** avoidance maneuvers in the fleet per day (one per conjunction over the threshold) */
  maneuversPerDay: number;
  maneuversPerSatPerDay: number;
  /** collisions per year in the fleet with no maneuver at all */
  unmitigatedCollisionsPerYear: number;
  /** collisions per year left with every conjunction over the threshold avoided */
  residualCollisionsPerYear: number;
}

function bad(message: string): PhysicsInputError {
  return new PhysicsInputError(ErrorCodes.badPhysicsInput, `traffic: ${message}`);
}

function checkInput(t: ShellTrafficInput): void {
  if (!(Number.isInteger(t.satellites) && t.satellites >= 0)) throw bad(`satellites = ${t.satellites}: must be a whole number >= 0`);
  const others = t.otherObjects ?? 0;
  if (!(others >= 0 && Number.isFinite(others))) throw bad(`otherObjects = ${others}: must be finite and >= 0`);
  if (!(t.thicknessKm > 0 && Number.isFinite(t.thicknessKm))) throw bad(`thicknessKm = ${t.thicknessKm}: must be > 0 km`);
  if (!(t.altKm - t.thicknessKm / 2 >= 100)) throw bad(`altKm = ${t.altKm} with thicknessKm = ${t.thicknessKm}: the shell's bottom must be at or above 100 km`);
  if (!(t.screeningKm > 0 && Number.isFinite(t.screeningKm))) throw bad(`screeningKm = ${t.screeningKm}: must be > 0 km`);
  if (!(t.maneuverPc > 0 && t.maneuverPc < 1)) throw bad(`maneuverPc = ${t.maneuverPc}: must be within (0, 1)`);
  if (!(t.combinedSigmaKm > 0 && Number.isFinite(t.combinedSigmaKm))) throw bad(`combinedSigmaKm = ${t.combinedSigmaKm}: must be > 0 km`);
  if (!(t.hardBodyRadiusM > 0 && t.hardBodyRadiusM / 1000 < t.combinedSigmaKm))
    throw bad(`hardBodyRadiusM = ${t.hardBodyRadiusM}: must be > 0 and below the combined sigma (${t.combinedSigmaKm * 1000} m) for the small-body Pc`);
  const v = t.relSpeedKmS ?? MEAN_LEO_REL_SPEED_KMS;
  if (!(v > 0 && v < 20)) throw bad(`relSpeedKmS = ${v}: must be within (0, 20) km/s`);
}

/** Miss distance under which the small-body Pc of an isotropic encounter reaches `pc`, km; 0 when even a zero miss stays below it. */
export function maneuverRadiusKm(pc: number, combinedSigmaKm: number, hardBodyRadiusKm: number): number {
  const peakPc = (hardBodyRadiusKm * hardBodyRadiusKm) / (2 * combinedSigmaKm * combinedSigmaKm);
  if (!(peakPc > pc)) return 0;
  return combinedSigmaKm * Math.sqrt(2 * Math.log(peakPc / pc));
}

/** Close approaches, avoidance maneuvers and collisions of a fleet shell among other objects (module comment). */
export function shellTraffic(t: ShellTrafficInput): ShellTraffic {
  checkInput(t);
  const n = t.satellites;
  const others = t.otherObjects ?? 0;
  const v = t.relSpeedKmS ?? MEAN_LEO_REL_SPEED_KMS;
  const volumeKm3 = shellVolumeKm3(t.altKm - t.thicknessKm / 2, t.altKm + t.thicknessKm / 2);
  // Pairs that can meet: fleet-fleet once each, fleet-other once each.
  const pairs = (n * (n - 1)) / 2 + n * others;
  const pairRatePerKm2PerS = (pairs * v) / volumeKm3;
  const radiusKm = t.hardBodyRadiusM / 1000;
  const rm = Math.min(t.screeningKm, maneuverRadiusKm(t.maneuverPc, t.combinedSigmaKm, radiusKm));
  const closeApproachesPerDay = pairRatePerKm2PerS * Math.PI * t.screeningKm ** 2 * 86_400;
  const maneuversPerDay = pairRatePerKm2PerS * Math.PI * rm * rm * 86_400;
  const unmitigated = pairRatePerKm2PerS * Math.PI * radiusKm * radiusKm * SECONDS_PER_JULIAN_YEAR;
  return {
    volumeKm3,
    densityPerKm3: (n + others) / volumeKm3,
    closeApproachesPerDay,
    // one satellite meets the n - 1 others of its fleet and every other object
    closeApproachesPerSatPerDay: n === 0 ? 0 : ((n - 1 + others) * v * Math.PI * t.screeningKm ** 2 * 86_400) / volumeKm3,
    maneuverRadiusKm: rm,
    maneuversPerDay,
    maneuversPerSatPerDay: n === 0 ? 0 : maneuversPerDay / n,
    unmitigatedCollisionsPerYear: unmitigated,
    residualCollisionsPerYear: unmitigated * Math.exp(-(rm * rm) / (2 * t.combinedSigmaKm ** 2)),
  };
}
