/** Constellation generators: Walker delta shells and Suncatcher-style formations. */
import type { MeanElements } from "./elements.js";
import { BadGeneratorOptionError } from "./errors.js";
import { EARTH_RADIUS_KM, meanMotionRevPerDayFromAltKm, sunSynchronousInclinationDeg } from "./orbit.js";
import { sunRaDecDeg } from "./sun.js";

const DEG = Math.PI / 180;

export interface WalkerOptions {
  planes: number;
  satsPerPlane: number;
  /** Walker phasing parameter f, 0 <= f < planes */
  phasing: number;
  /** circular altitude above the equatorial radius, km */
  altKm: number;
  inclinationDeg: number;
  /** element epoch, UTC ms */
  epochMs: number;
  /** RAAN of the first plane, degrees. @default 0 */
  raanOffsetDeg?: number;
  /** SGP4 drag term, 1/earth radii. @default 0 */
  bstar?: number;
}

/**
 * Walker delta pattern i:t/p/f (Walker 1984): p planes spread over 360 deg of node, t/p
 * satellites evenly in each, and between adjacent planes a phase offset of f * 360 / t.
 * Returned plane by plane (plane 0 slots 0..s-1, then plane 1, ...).
 */
export function walkerDelta(options: WalkerOptions): MeanElements[] {
  const { planes, satsPerPlane, phasing, altKm, inclinationDeg, epochMs } = options;
  const positiveInt = (v: number, name: string) => {
    if (!Number.isInteger(v) || v < 1) throw new BadGeneratorOptionError(`walker ${name} = ${v}: must be a whole number >= 1`);
  };
  positiveInt(planes, "planes");
  positiveInt(satsPerPlane, "satsPerPlane");
  if (!Number.isInteger(phasing) || phasing < 0 || phasing >= planes) throw new BadGeneratorOptionError(`walker phasing = ${phasing}: must be a whole number in [0, planes)`);
  if (!(altKm >= 150 && altKm <= 40_000)) throw new BadGeneratorOptionError(`walker altKm = ${altKm}: must be in [150, 40000] km`);
  if (!(inclinationDeg >= 0 && inclinationDeg <= 180)) throw new BadGeneratorOptionError(`walker inclinationDeg = ${inclinationDeg}: must be in [0, 180]`);
  const total = planes * satsPerPlane;
  const meanMotionRevPerDay = meanMotionRevPerDayFromAltKm(altKm, inclinationDeg);
  const out: MeanElements[] = [];
  for (let p = 0; p < planes; p++) {
    for (let s = 0; s < satsPerPlane; s++) {
      out.push({
        epochMs,
        meanMotionRevPerDay,
        eccentricity: 0,
        inclinationDeg,
        raanDeg: normalizeDeg((options.raanOffsetDeg ?? 0) + (p * 360) / planes),
        argPerigeeDeg: 0,
        meanAnomalyDeg: normalizeDeg((s * 360) / satsPerPlane + (p * phasing * 360) / total),
        bstar: options.bstar ?? 0,
      });
    }
  }
  return out;
}

export interface FormationOptions {
  /** @default 81 */
  count?: number;
  /** largest distance from the reference satellite, m. @default 1000 */
  radiusM?: number;
  /** reference orbit altitude, km. @default 650 */
  altKm?: number;
  epochMs: number;
}

/**
 * The reference orbit of a Suncatcher-style formation: circular, Sun-synchronous, dawn-dusk
 * (ascending node at 18:00 local time: RAAN = right ascension of the Sun + 90 deg).
 */
export function formationReference(options: FormationOptions): MeanElements {
  const altKm = options.altKm ?? 650;
  const inclinationDeg = sunSynchronousInclinationDeg(altKm);
  return {
    epochMs: options.epochMs,
    meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(altKm, inclinationDeg),
    eccentricity: 0,
    inclinationDeg,
    raanDeg: normalizeDeg(sunRaDecDeg(options.epochMs).raDeg + 90),
    argPerigeeDeg: 0,
    meanAnomalyDeg: 0,
    bstar: 0,
  };
}

/**
 * A Suncatcher-style formation (Google, "Towards a future space-based, highly scalable AI
 * infrastructure system design", 2025: 81 satellites within 1 km at 650 km). Each satellite flies
 * a bounded Hill-Clohessy-Wiltshire relative orbit about the reference: radial -rho cos(u - phi),
 * along-track y0 + 2 rho sin(u - phi), cross-track rhoZ sin(u + psi), realised as differential
 * mean elements (eccentricity vector, inclination and node offsets, argument of latitude) with
 * the reference's semi-major axis, so there is no secular drift to first order (Schaub &
 * Junkins, Analytical Mechanics of Space Systems, ch. 14). Geometry: along-track offsets on a
 * 9-step line (|y0| <= 0.5 R), rho = 0.1 R, rhoZ up to 0.5 R, so every satellite stays within
 * 0.86 R of the reference in the linear solution.
 */
export function suncatcherFormation(options: FormationOptions): MeanElements[] {
  const count = options.count ?? 81;
  const radiusM = options.radiusM ?? 1000;
  if (!Number.isInteger(count) || count < 1) throw new BadGeneratorOptionError(`formation count = ${count}: must be a whole number >= 1`);
  if (!(radiusM > 0 && radiusM <= 1e6)) throw new BadGeneratorOptionError(`formation radiusM = ${radiusM}: must be in (0, 1e6] m`);
  const ref = formationReference(options);
  const aKm = EARTH_RADIUS_KM + (options.altKm ?? 650);
  const radiusKm = radiusM / 1000;
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  const sinI = Math.sin(ref.inclinationDeg * DEG);
  const cosI = Math.cos(ref.inclinationDeg * DEG);
  const out: MeanElements[] = [];
  for (let k = 0; k < count; k++) {
    const column = k % columns;
    const row = Math.floor(k / columns);
    const rows = Math.ceil(count / columns);
    const y0Km = columns === 1 ? 0 : ((column - (columns - 1) / 2) / ((columns - 1) / 2)) * 0.5 * radiusKm;
    const rhoKm = 0.1 * radiusKm;
    const phi = (2 * Math.PI * row) / rows;
    const rhoZKm = (0.5 * radiusKm * (row + 1)) / rows;
    const psi = (2 * Math.PI * column) / columns;
    const dex = (rhoKm / aKm) * Math.cos(phi);
    const dey = (rhoKm / aKm) * Math.sin(phi);
    const dIncRad = (rhoZKm / aKm) * Math.cos(psi);
    const dRaanRad = -((rhoZKm / aKm) * Math.sin(psi)) / sinI;
    const eccentricity = Math.hypot(dex, dey);
    const argPerigeeRad = Math.atan2(dey, dex);
    const meanArgLatRad = y0Km / aKm - cosI * dRaanRad;
    out.push({
      ...ref,
      eccentricity,
      inclinationDeg: ref.inclinationDeg + dIncRad / DEG,
      raanDeg: normalizeDeg(ref.raanDeg + dRaanRad / DEG),
      argPerigeeDeg: normalizeDeg(argPerigeeRad / DEG),
      meanAnomalyDeg: normalizeDeg((meanArgLatRad - argPerigeeRad) / DEG),
    });
  }
  return out;
}

function normalizeDeg(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d;
}
