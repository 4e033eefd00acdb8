/** Constellation generators: Walker delta shells (with layers and a node spread) and Suncatcher-style formations. */
import type { MeanElements } from "./elements.js";
import { BadGeneratorOptionError } from "./errors.js";
import { EARTH_RADIUS_KM, meanMotionRevPerDayFromAltKm, sunSynchronousInclinationDeg } from "./orbit.js";
import { sunRaDecDeg } from "./sun.js";

const DEG = Math.PI / 180;

/** Highest altitude with a Sun-synchronous inclination to spare: J2 turns the node too slowly above ~5,970 km. */
export const MAX_SUN_SYNCHRONOUS_ALT_KM = 5900;

export interface WalkerOptions {
  planes: number;
  satsPerPlane: number;
  /** Walker phasing parameter f, 0 <= f < planes */
  phasing: number;
  /** circular altitude above the equatorial radius, km; with layers, the middle of the shell */
  altKm: number;
  /** degrees, or "sso": each plane at the Sun-synchronous inclination of its own altitude */
  inclinationDeg: number | "sso";
  /** element epoch, UTC ms */
  epochMs: number;
  /** RAAN of the first plane, degrees (not with ltanHours). @default 0 */
  raanOffsetDeg?: number;
  /**
   * local time of the ascending node of the middle of the node spread, hours (not with
   * raanOffsetDeg): RAAN = right ascension of the Sun at epoch + 15 deg/h (ltanHours - 12)
   */
  ltanHours?: number;
  /** planes spread evenly over this many degrees of node (360: a Walker delta). @default 360 */
  raanSpreadDeg?: number;
  /** shell thickness between the lowest and highest layer's band edges, km. @default 0 */
  thicknessKm?: number;
  /** altitudes the planes are dealt over, plane p on layer p mod layers. @default 1 */
  layers?: number;
  /** SGP4 drag term, 1/earth radii. @default 0 */
  bstar?: number;
}

/** A validated Walker shell, generated one plane at a time (a million satellites never sit in one array). */
export interface WalkerLayout {
  readonly planes: number;
  readonly satsPerPlane: number;
  /** mean altitude of plane p, km */
  altKmOfPlane(plane: number): number;
  /** inclination of plane p, degrees */
  inclinationDegOfPlane(plane: number): number;
  /** plane p's satellites, slot 0 first */
  plane(plane: number): MeanElements[];
}

/**
 * Walker delta pattern i:t/p/f (Walker, "Satellite constellations", JBIS 37, 1984): t = planes x
 * satsPerPlane circular orbits at one inclination, p planes spread evenly over 360 deg of node,
 * t/p satellites evenly in each, and from one plane to the next (eastward) a phase offset of
 * f * 360 / t. The mean motion is meanMotionRevPerDayFromAltKm(altKm, inclinationDeg), so SGP4
 * flies the shell at altKm on average.
 *
 * Two generalisations for shells of many planes (SpaceX's orbital data center filing, 2026:
 * "orbital shells spanning up to 50 km each"): the planes may be spread over less than 360 deg of
 * node (raanSpreadDeg; 180 is Walker's star pattern), centred on a local time of the ascending
 * node (ltanHours), and dealt over `layers` altitudes, plane p on layer p mod layers, layer k in
 * the middle of the k-th of `layers` equal bands of the thickness: altKm - thicknessKm / 2 +
 * (k + 1/2) thicknessKm / layers. Neighbouring planes then fly at different altitudes, and every
 * mean altitude stays inside the shell. With inclinationDeg "sso" each layer has its own
 * Sun-synchronous inclination (sunSynchronousInclinationDeg). Throws BadGeneratorOptionError
 * naming the option out of range.
 */
export function walkerLayout(options: WalkerOptions): WalkerLayout {
  const { planes, satsPerPlane, phasing, altKm, epochMs } = options;
  const fail = (message: string): never => {
    throw new BadGeneratorOptionError(`walker ${message}`);
  };
  if (!Number.isInteger(planes) || planes < 1) fail(`planes = ${planes}: must be a whole number >= 1`);
  if (!Number.isInteger(satsPerPlane) || satsPerPlane < 1) fail(`satsPerPlane = ${satsPerPlane}: must be a whole number >= 1`);
  if (!Number.isInteger(phasing) || phasing < 0 || phasing >= planes) fail(`phasing = ${phasing}: must be a whole number in [0, planes)`);
  const thicknessKm = options.thicknessKm ?? 0;
  const layers = options.layers ?? 1;
  if (!(thicknessKm >= 0 && Number.isFinite(thicknessKm))) fail(`thicknessKm = ${thicknessKm}: must be finite and >= 0 km`);
  if (!Number.isInteger(layers) || layers < 1 || layers > planes) fail(`layers = ${layers}: must be a whole number in [1, planes]`);
  const lowKm = altKm - thicknessKm / 2;
  const highKm = altKm + thicknessKm / 2;
  if (!(lowKm >= 150 && highKm <= 40_000))
    fail(`altKm = ${altKm}${thicknessKm > 0 ? ` with thicknessKm = ${thicknessKm}` : ""}: the shell must lie in [150, 40000] km`);
  const inclination = options.inclinationDeg;
  if (inclination === "sso") {
    if (highKm > MAX_SUN_SYNCHRONOUS_ALT_KM)
      fail(`inclinationDeg = sso: the shell reaches ${highKm} km; higher than ${MAX_SUN_SYNCHRONOUS_ALT_KM} km there is no Sun-synchronous inclination`);
  } else if (!(inclination >= 0 && inclination <= 180)) fail(`inclinationDeg = ${inclination}: must be in [0, 180] or sso`);
  if (!Number.isFinite(epochMs)) fail(`epochMs = ${epochMs}: must be a finite UTC time in ms`);
  if (options.raanOffsetDeg !== undefined && options.ltanHours !== undefined) fail("raanOffsetDeg and ltanHours: give one of them, not both");
  if (!Number.isFinite(options.raanOffsetDeg ?? 0)) fail(`raanOffsetDeg = ${options.raanOffsetDeg}: must be a finite angle in degrees`);
  const ltanHours = options.ltanHours;
  if (ltanHours !== undefined && !(ltanHours >= 0 && ltanHours < 24)) fail(`ltanHours = ${ltanHours}: must be in [0, 24) hours`);
  const spreadDeg = options.raanSpreadDeg ?? 360;
  if (!(spreadDeg > 0 && spreadDeg <= 360)) fail(`raanSpreadDeg = ${spreadDeg}: must be in (0, 360] degrees`);
  const bstar = options.bstar ?? 0;
  if (!Number.isFinite(bstar)) fail(`bstar = ${bstar}: must be finite (1/earth radii)`);

  const firstRaanDeg =
    ltanHours === undefined ? (options.raanOffsetDeg ?? 0) : sunRaDecDeg(epochMs).raDeg + 15 * (ltanHours - 12) - spreadDeg / 2 + spreadDeg / (2 * planes);
  const layerAltKm = Array.from({ length: layers }, (_, k) => lowKm + ((k + 0.5) * thicknessKm) / layers);
  const layerIncDeg = layerAltKm.map((h) => (inclination === "sso" ? sunSynchronousInclinationDeg(h) : inclination));
  const layerMeanMotion = layerAltKm.map((h, k) => meanMotionRevPerDayFromAltKm(h, layerIncDeg[k]));
  const total = planes * satsPerPlane;
  const layerOf = (p: number): number => {
    if (!Number.isInteger(p) || p < 0 || p >= planes) fail(`plane ${p}: must be a whole number in [0, ${planes})`);
    return p % layers;
  };
  return {
    planes,
    satsPerPlane,
    altKmOfPlane: (p) => layerAltKm[layerOf(p)]!,
    inclinationDegOfPlane: (p) => layerIncDeg[layerOf(p)]!,
    plane(p) {
      const layer = layerOf(p);
      const raanDeg = normalizeDeg(firstRaanDeg + (p * spreadDeg) / planes);
      const out: MeanElements[] = new Array<MeanElements>(satsPerPlane);
      for (let s = 0; s < satsPerPlane; s++) {
        out[s] = {
          epochMs,
          meanMotionRevPerDay: layerMeanMotion[layer]!,
          eccentricity: 0,
          inclinationDeg: layerIncDeg[layer]!,
          raanDeg,
          argPerigeeDeg: 0,
          meanAnomalyDeg: normalizeDeg((s * 360) / satsPerPlane + (p * phasing * 360) / total),
          bstar,
        };
      }
      return out;
    },
  };
}

/** Every satellite of walkerLayout(options), plane by plane (plane 0 slots 0..s-1, then plane 1, ...). */
export function walkerDelta(options: WalkerOptions): MeanElements[] {
  const layout = walkerLayout(options);
  const out: MeanElements[] = [];
  for (let p = 0; p < layout.planes; p++) for (const el of layout.plane(p)) out.push(el);
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
  if (!(altKm >= 150 && altKm <= MAX_SUN_SYNCHRONOUS_ALT_KM))
    throw new BadGeneratorOptionError(`formation altKm = ${altKm}: must be in [150, 5900] km (higher orbits have no Sun-synchronous inclination)`);
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
  if (!Number.isInteger(count) || count < 1 || count > 10_000)
    throw new BadGeneratorOptionError(`formation count = ${count}: must be a whole number in [1, 10000]`);
  if (!(radiusM > 0 && radiusM <= 1e6))
    throw new BadGeneratorOptionError(
      `formation radiusM = ${radiusM}: must be in (0, 1e6] m (the HCW design is linear: beyond a few km the formation distorts)`,
    );
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
