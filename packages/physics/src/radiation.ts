/**
 * Radiation in low Earth orbit for electronics behind typical shielding: a position-dependent
 * dose rate (trapped protons concentrated in the South Atlantic Anomaly, trapped electrons in the
 * polar horns, a galactic background), solar particle events as multipliers, single-event effects
 * as Poisson processes, and hard failures from total ionizing dose (Weibull) plus a random rate.
 *
 * The dose-rate map is an engineering fit, not AP-8/AE-8: its constants are set so that orbit
 * averages behind 2.5 mm Al land in the published LEO range (ISS ~0.1-0.2 krad(Si)/yr; ~0.5-1
 * krad/yr at 550 km, 53 deg; several krad/yr at 800 km; >10 krad/yr near 1,200 km as the inner
 * belt is reached: ECSS-E-ST-10-04C annex; Holmes-Siedle & Adams, Handbook of Radiation Effects).
 * Expect a factor of about 2. It makes the SAA and altitude matter as they do, deterministically.
 */
import { BadModelInputError } from "./errors.js";
import { counterPoisson, counterUniform } from "./rng.js";

/** South Atlantic Anomaly centre and size at ~500 km (Heirtzler 2002: ~-26 deg lat, ~-50 deg lon). */
const SAA_LAT_DEG = -26;
const SAA_LON_DEG = -50;
const SAA_SIGMA_LAT_DEG = 12;
const SAA_SIGMA_LON_DEG = 28;
/** Scale height of trapped-particle dose with altitude in LEO, km. */
const DOSE_SCALE_HEIGHT_KM = 190;
/** Dose rates at 550 km behind 2.5 mm Al, rad(Si)/day. */
const SAA_PEAK_RAD_PER_DAY = 40;
const HORN_RAD_PER_DAY = 1.2;
const BACKGROUND_RAD_PER_DAY = 0.08;

export interface DoseRateInput {
  latDeg: number;
  lonDeg: number;
  altKm: number;
  /** equivalent aluminium shielding, mm. @default 2.5 */
  shieldingMmAl?: number;
  /** solar particle event multiplier on the polar and background terms (1 = quiet). @default 1 */
  solarEventFactor?: number;
}

/** Total ionizing dose rate, rad(Si)/s, at one position. */
export function doseRateRadPerS(p: DoseRateInput): number {
  return doseRateAt(p.latDeg, p.lonDeg, p.altKm, shieldingFactor(p.shieldingMmAl ?? 2.5), p.solarEventFactor ?? 1);
}

/** Dose attenuation relative to 2.5 mm Al: roughly exp(-t / 1.8 mm) for LEO trapped spectra. */
export function shieldingFactor(shieldingMmAl: number): number {
  return Math.exp(-(Math.max(0, shieldingMmAl) - 2.5) / 1.8);
}

/** doseRateRadPerS with plain arguments, for per-satellite loops (no allocation). */
export function doseRateAt(latDeg: number, lonDeg: number, altKm: number, shielding: number, solarEventFactor: number): number {
  const altitudeFactor = Math.exp((altKm - 550) / DOSE_SCALE_HEIGHT_KM);
  const dLat = (latDeg - SAA_LAT_DEG) / SAA_SIGMA_LAT_DEG;
  const dLon = wrap180(lonDeg - SAA_LON_DEG) / SAA_SIGMA_LON_DEG;
  const saa = SAA_PEAK_RAD_PER_DAY * Math.exp(-0.5 * (dLat * dLat + dLon * dLon));
  const h = (Math.abs(latDeg) - 65) / 6;
  const horn = HORN_RAD_PER_DAY * Math.exp(-0.5 * h * h);
  const radPerDay = (saa + horn * solarEventFactor) * altitudeFactor * shielding + BACKGROUND_RAD_PER_DAY * solarEventFactor;
  return radPerDay / 86_400;
}

export interface SingleEventRates {
  /** silent data corruptions per device-day at the reference dose rate */
  sdcPerDay: number;
  /** uncorrectable memory errors per device-day at the reference dose rate */
  uncorrectablePerDay: number;
  /** functional interrupts (hangs needing a reset) per device-day at the reference dose rate */
  functionalInterruptPerDay: number;
  /** the dose rate the rates were measured at, rad/day (they scale linearly with flux) */
  referenceRadPerDay: number;
}

/**
 * Measured memory upset rate of legacy SRAM in LEO: 4.04e-7 upsets per bit per day (Alsat-1,
 * 686 km, 98 deg, 8-year study; physics-cases 19).
 */
export const ALSAT1_SEU_PER_BIT_DAY = 4.04e-7;

export const SeePurposes = { sdc: 101, uncorrectable: 102, functionalInterrupt: 103, hardFailure: 104 } as const;

/** Single-event effects of one device in one step, drawn as Poisson counts from the keyed generator. */
export function drawSingleEvents(
  rates: SingleEventRates,
  doseRateRadPerS: number,
  dtS: number,
  key: { seed: number; entity: number; tick: number },
): { sdc: number; uncorrectable: number; functionalInterrupts: number } {
  const scale = ((doseRateRadPerS * 86_400) / rates.referenceRadPerDay) * (dtS / 86_400);
  return {
    sdc: counterPoisson(rates.sdcPerDay * scale, key.seed, key.entity, key.tick, SeePurposes.sdc),
    uncorrectable: counterPoisson(rates.uncorrectablePerDay * scale, key.seed, key.entity, key.tick, SeePurposes.uncorrectable),
    functionalInterrupts: counterPoisson(rates.functionalInterruptPerDay * scale, key.seed, key.entity, key.tick, SeePurposes.functionalInterrupt),
  };
}

export interface HardFailureModel {
  /** dose at which 63 % of parts have failed (Weibull scale), rad(Si) */
  tidScaleRad: number;
  /** Weibull shape (> 1: wear-out) */
  tidShape: number;
  /** random failures in time, per 1e9 device-hours (FIT) */
  fit: number;
}

/**
 * Probability that a part alive at dose `doseRad` fails while the dose grows by `dDoseRad` over
 * `dtS`: 1 - exp(-(H(D + dD) - H(D)) - lambda dt), with Weibull cumulative hazard H = (D / D63)^beta
 * (a standard TID failure distribution) and constant random rate lambda = FIT / 1e9 h.
 */
export function hardFailureProbability(model: HardFailureModel, doseRad: number, dDoseRad: number, dtS: number): number {
  const h = (d: number) => Math.pow(Math.max(0, d) / model.tidScaleRad, model.tidShape);
  const hazard = h(doseRad + dDoseRad) - h(doseRad) + (model.fit / 1e9) * (dtS / 3600);
  return 1 - Math.exp(-hazard);
}

/** Draws whether a part fails this step, reproducibly. */
export function drawHardFailure(
  model: HardFailureModel,
  doseRad: number,
  dDoseRad: number,
  dtS: number,
  key: { seed: number; entity: number; tick: number },
): boolean {
  return counterUniform(key.seed, key.entity, key.tick, SeePurposes.hardFailure) < hardFailureProbability(model, doseRad, dDoseRad, dtS);
}

/** Brings spares online for failed active units: returns the new active and spare counts. */
export function replaceWithSpares(active: number, spares: number, failedActive: number): { active: number; spares: number; replaced: number } {
  const replaced = Math.min(spares, failedActive);
  return { active: active - failedActive + replaced, spares: spares - replaced, replaced };
}

export interface OrbitDoseInput {
  /** circular orbit altitude, km */
  altKm: number;
  inclinationDeg: number;
  /** equivalent aluminium shielding, mm. @default 2.5 */
  shieldingMmAl?: number;
  /** solar particle event multiplier (1 = quiet). @default 1 */
  solarEventFactor?: number;
}

/**
 * Long-term average dose rate of a circular orbit, rad(Si)/s: doseRateAt averaged over the
 * argument of latitude and over the longitude of the node relative to the Earth (a
 * non-repeating ground track samples every node longitude), spherical Earth, on a 360 x 72
 * grid. Use it to size shielding and to compare with published orbit averages.
 */
export function orbitAverageDoseRateRadPerS(o: OrbitDoseInput): number {
  if (!(o.altKm >= 0 && o.inclinationDeg >= 0 && o.inclinationDeg <= 180))
    throw new BadModelInputError(`orbitAverageDoseRateRadPerS: altKm = ${o.altKm} must be >= 0 and inclinationDeg = ${o.inclinationDeg} in [0, 180]`);
  const shielding = shieldingFactor(o.shieldingMmAl ?? 2.5);
  const solar = o.solarEventFactor ?? 1;
  const sinI = Math.sin((o.inclinationDeg * Math.PI) / 180);
  const cosI = Math.cos((o.inclinationDeg * Math.PI) / 180);
  const U_STEPS = 360;
  const NODE_STEPS = 72;
  let sum = 0;
  for (let k = 0; k < U_STEPS; k++) {
    const u = ((k + 0.5) * 2 * Math.PI) / U_STEPS;
    const latDeg = (Math.asin(sinI * Math.sin(u)) * 180) / Math.PI;
    const lonInPlaneDeg = (Math.atan2(cosI * Math.sin(u), Math.cos(u)) * 180) / Math.PI;
    for (let m = 0; m < NODE_STEPS; m++) sum += doseRateAt(latDeg, lonInPlaneDeg + (m * 360) / NODE_STEPS, o.altKm, shielding, solar);
  }
  return sum / (U_STEPS * NODE_STEPS);
}

/** rad(Si)/s to krad(Si)/year (Julian year). */
export function kradPerYear(radPerS: number): number {
  return (radPerS * 365.25 * 86_400) / 1000;
}

/**
 * ((deg + 180) % 360 + 360) % 360 - 180, bit for bit, with the floating-point remainders (a
 * library call each) replaced by subtractions where they are exact: x % 360 is x - 360 for x in
 * [360, 720) by Sterbenz's lemma, and x itself for x in [0, 360).
 */
function wrap180(deg: number): number {
  const d = mod360(mod360(deg + 180) + 360);
  return d - 180;
}

function mod360(x: number): number {
  if (x >= 0 && x < 360) return x;
  if (x >= 360 && x < 720) return x - 360;
  return x % 360;
}
