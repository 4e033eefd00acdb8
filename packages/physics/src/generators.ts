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
 * Walker delta pattern i:t/p/f (Walker, "Satellite constellations", JBIS 37, 1984): t = planes x
 * satsPerPlane circular orbits at one inclination, p planes spread evenly over 360 deg of node,
 * t/p satellites evenly in each, and from one plane to the next (eastward) a phase offset of
 * f * 360 / t. The mean motion is meanMotionRevPerDayFromAltKm(altKm, inclinationDeg), so SGP4
 * flies the shell at altKm on average. Returned plane by plane (plane 0 slots 0..s-1, then
 * plane 1, ...). Throws BadGeneratorOptionError naming the option out of range.
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
  if (!Number.isFinite(epochMs)) throw new BadGeneratorOptionError(`walker epochMs = ${epochMs}: must be a finite UTC time in ms`);
  if (!Number.isFinite(options.raanOffsetDeg ?? 0)) throw new BadGeneratorOptionError(`walker raanOffsetDeg = ${options.raanOffsetDeg}: must be a finite angle in degrees`);
  if (!Number.isFinite(options.bstar ?? 0)) throw new BadGeneratorOptionError(`walker bstar = ${options.bstar}: must be finite (1/earth radii)`);
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
  /** number of satellites, the reference included (slot 0). @default 81 */
  count?: number;
  /** largest distance from the reference satellite, m. @default 1000 */
  radiusM?: number;
  /** reference orbit altitude above the equatorial radius, km. @default 650 */
  altKm?: number;
  /** element epoch, UTC ms */
  epochMs: number;
}

/**
 * The reference orbit of a Suncatcher-style formation: circular, Sun-synchronous
 * (sunSynchronousInclinationDeg), dawn-dusk (ascending node at 18:00 local mean time: RAAN =
 * right ascension of the Sun at epoch + 90 deg), so the orbit normal points near the Sun.
 */
export function formationReference(options: FormationOptions): MeanElements {
  const altKm = options.altKm ?? 650;
  // Above ~5,970 km J2 cannot turn the node fast enough: no Sun-synchronous inclination exists.
  if (!(altKm >= 150 && altKm <= 5900)) throw new BadGeneratorOptionError(`formation altKm = ${altKm}: must be in [150, 5900] km (higher orbits have no Sun-synchronous inclination)`);
  if (!Number.isFinite(options.epochMs)) throw new BadGeneratorOptionError(`formation epochMs = ${options.epochMs}: must be a finite UTC time in ms`);
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
 * The linear design fills 98 % of the radius: SGP4's short-period J2 terms and the nonlinearity
 * of the mapping to elements add about 0.1 % of the radius at 1 km, and grow with it.
 */
const DESIGN_MARGIN = 0.98;

/** One member's relative orbit (see formationMembers). */
export interface FormationMember {
  /** in-plane amplitude of the relative ellipse: radial semi-axis, m (the along-track one is twice it) */
  rhoM: number;
  /** phase of the relative ellipse: the member is at its lowest point when u = phi, rad */
  phiRad: number;
}

/**
 * Each member's Hill-Clohessy-Wiltshire relative motion (Clohessy & Wiltshire 1960) about the
 * reference, in the form x = -rho cos(u - phi), y = 2 rho sin(u - phi), z = 0 (x radial, y
 * along-track, u the reference's argument of latitude). That is the bounded solution: its
 * along-track velocity at any time is ydot = -2 n x, so there is no drift (physics-cases 7).
 * The in-plane amplitudes a_k = rho_k e^(i phi_k) sit on a hexagonal lattice, the 1 + 6 + 6 + ...
 * points nearest the origin, scaled so the largest |a_k| is 0.98 radiusM / 2. Two members k, l are then
 * |(x, y)_k - (x, y)_l| >= |a_k - a_l| >= the lattice spacing apart at every moment (the 1:2
 * ellipse never shrinks a vector below its x amplitude), and every member is within 2 |a_k| <=
 * 0.98 radiusM of the reference, so the whole formation spans at most 2 radiusM along track. All members lie in the orbit plane, the plane facing the Sun in a
 * dawn-dusk orbit, so none shades another. Slot 0 is the reference itself.
 */
export function formationMembers(options: Pick<FormationOptions, "count" | "radiusM">): { members: FormationMember[]; minSeparationM: number } {
  const count = options.count ?? 81;
  const radiusM = options.radiusM ?? 1000;
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new BadGeneratorOptionError(`formation count = ${count}: must be a whole number in [1, 10000]`);
  if (!(radiusM > 0 && radiusM <= 1e6)) throw new BadGeneratorOptionError(`formation radiusM = ${radiusM}: must be in (0, 1e6] m (the HCW design is linear: beyond a few km the formation distorts)`);
  const rings = Math.ceil(Math.sqrt(count)) + 2;
  const points: { x: number; y: number; normSq: number; angle: number }[] = [];
  for (let j = -rings; j <= rings; j++) {
    for (let i = -rings; i <= rings; i++) {
      const x = i + j / 2;
      const y = (j * Math.sqrt(3)) / 2;
      // |i a1 + j a2|^2 for unit lattice vectors 60 deg apart, exact in integers.
      points.push({ x, y, normSq: i * i + i * j + j * j, angle: Math.atan2(y, x) });
    }
  }
  // Nearest first; within a ring, by angle from -pi: a fixed order.
  points.sort((p, q) => p.normSq - q.normSq || p.angle - q.angle);
  const chosen = points.slice(0, count);
  const outer = Math.sqrt(chosen[chosen.length - 1]!.normSq);
  const scaleM = outer === 0 ? 0 : (DESIGN_MARGIN * radiusM) / 2 / outer;
  return {
    members: chosen.map((p) => ({ rhoM: Math.sqrt(p.normSq) * scaleM, phiRad: p.normSq === 0 ? 0 : p.angle })),
    minSeparationM: count === 1 ? Number.POSITIVE_INFINITY : scaleM,
  };
}

/**
 * A Suncatcher-style formation (Google, "Towards a future space-based, highly scalable AI
 * infrastructure system design", 2025: 81 satellites within 1 km, at 650 km, dawn-dusk
 * Sun-synchronous). The HCW relative orbits of formationMembers become differential mean
 * elements of the reference (Schaub & Junkins, Analytical Mechanics of Space Systems, 2003,
 * ch. 14: to first order in e, r = a (1 - e cos M) and the along-track lead is 2 a e sin M): a
 * member has the reference's mean motion, inclination and node, eccentricity rho / a, argument of
 * perigee phi and the reference's mean argument of latitude. Same a, e ~ 1e-4 and the same i give
 * SGP4 the same secular rates, so the formation holds: within 0.85 radiusM for 30 orbits at
 * 650 km (generators.test.ts).
 */
export function suncatcherFormation(options: FormationOptions): MeanElements[] {
  const ref = formationReference(options);
  const { members } = formationMembers(options);
  const aM = (EARTH_RADIUS_KM + (options.altKm ?? 650)) * 1000;
  return members.map((m, k) => {
    if (m.rhoM === 0) return { ...ref, name: `formation-${k}` };
    const argPerigeeDeg = normalizeDeg(m.phiRad / DEG);
    return {
      ...ref,
      name: `formation-${k}`,
      eccentricity: m.rhoM / aM,
      argPerigeeDeg,
      // u = omega + M stays the reference's (0 at epoch).
      meanAnomalyDeg: normalizeDeg(-argPerigeeDeg),
    };
  });
}

function normalizeDeg(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d;
}
