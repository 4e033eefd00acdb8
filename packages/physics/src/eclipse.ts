/**
 * Eclipse prediction: entry and exit times along an SGP4 trajectory with the conical shadow, and
 * eclipse seasons over long spans for a circular orbit from the beta angle, with the node
 * precessing at the J2 rate (the orbit's plane against the Sun's yearly motion).
 */
import { sgp4, type SatRec } from "satellite.js";
import { satrecEpochMs } from "./orbit-batch.js";
import { EARTH_RADIUS_KM, nodalPrecessionDegPerDay, orbitalPeriodS } from "./orbit.js";
import { betaAngleDeg, eclipseFractionCylindrical, inShadow, sunlitFraction, sunPositionKm, sunRaDecDeg } from "./sun.js";

export interface EclipseInterval {
  /** when the sunlit fraction falls through 0.5 (mid-penumbra), UTC ms */
  entryMs: number;
  /** when it rises back through 0.5, UTC ms */
  exitMs: number;
  durationS: number;
}

/** Sunlit fraction of `satrec` at `timeMs` (0 when SGP4 fails). */
export function sunlitFractionAt(satrec: SatRec, timeMs: number): number {
  const pv = sgp4(satrec, (timeMs - satrecEpochMs(satrec)) / 60_000);
  if (!pv) return 0;
  return sunlitFraction(pv.position.x, pv.position.y, pv.position.z, sunPositionKm(timeMs));
}

/**
 * Shadow passages between `startMs` and `endMs`, found on a `stepMs` grid (default 30 s, shorter
 * than any LEO eclipse) and refined by bisection to `toleranceMs`. A passage already under way at
 * the start, or unfinished at the end, is clipped to the span.
 */
export function predictEclipses(satrec: SatRec, startMs: number, endMs: number, stepMs = 30_000, toleranceMs = 10): EclipseInterval[] {
  const inShadowAt = (t: number) => inShadow(sunlitFractionAt(satrec, t));
  const edge = (a: number, b: number, shadowAtA: boolean) => {
    let lo = a;
    let hi = b;
    while (hi - lo > toleranceMs) {
      const mid = (lo + hi) / 2;
      if (inShadowAt(mid) === shadowAtA) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const out: EclipseInterval[] = [];
  let prevT = startMs;
  let prevShadow = inShadowAt(startMs);
  let entry: number | undefined = prevShadow ? startMs : undefined;
  for (let t = startMs + stepMs; t < endMs + stepMs; t += stepMs) {
    const now = Math.min(t, endMs);
    const shadow = inShadowAt(now);
    if (shadow && !prevShadow) entry = edge(prevT, now, false);
    if (!shadow && prevShadow && entry !== undefined) {
      const exit = edge(prevT, now, true);
      out.push({ entryMs: entry, exitMs: exit, durationS: (exit - entry) / 1000 });
      entry = undefined;
    }
    prevT = now;
    prevShadow = shadow;
    if (now >= endMs) break;
  }
  if (entry !== undefined) out.push({ entryMs: entry, exitMs: endMs, durationS: (endMs - entry) / 1000 });
  return out;
}

export interface EclipseSeason {
  /** time-average of the sunlit fraction over the span, 0..1 */
  sunlitFraction: number;
  /** days with any shadow */
  eclipseDays: number;
  /** longest shadow passage of the span, minutes */
  maxEclipseMinutes: number;
  betaMinDeg: number;
  betaMaxDeg: number;
  /** beta angle and shadow minutes per orbit, one entry per day */
  days: { dayStartMs: number; betaDeg: number; eclipseMinutesPerOrbit: number }[];
}

/**
 * Eclipse season of a circular orbit (altitude, inclination, node at `startMs`) between two
 * times, one sample a day: beta from the Sun's position and the J2-precessing node, shadow from
 * the cylindrical model (physics-cases 8-10). Dawn-dusk Sun-synchronous orbits come out with
 * their solstice seasons: they are not assumed always lit.
 */
export function eclipseSeason(options: { altKm: number; inclinationDeg: number; raanDeg: number; startMs: number; endMs: number }): EclipseSeason {
  const { altKm, inclinationDeg, startMs, endMs } = options;
  const nodeRate = nodalPrecessionDegPerDay(EARTH_RADIUS_KM + altKm, 0, inclinationDeg);
  const periodMin = orbitalPeriodS(altKm) / 60;
  const days: EclipseSeason["days"] = [];
  let sumSunlit = 0;
  let maxMinutes = 0;
  let betaMin = Infinity;
  let betaMax = -Infinity;
  let eclipseDays = 0;
  for (let t = startMs; t < endMs; t += 86_400_000) {
    const elapsedDays = (t - startMs) / 86_400_000;
    const sun = sunRaDecDeg(t);
    const beta = betaAngleDeg(inclinationDeg, options.raanDeg + nodeRate * elapsedDays, sun.raDeg, sun.decDeg);
    const fraction = eclipseFractionCylindrical(altKm, beta);
    const minutes = fraction * periodMin;
    days.push({ dayStartMs: t, betaDeg: beta, eclipseMinutesPerOrbit: minutes });
    sumSunlit += 1 - fraction;
    maxMinutes = Math.max(maxMinutes, minutes);
    betaMin = Math.min(betaMin, beta);
    betaMax = Math.max(betaMax, beta);
    if (fraction > 0) eclipseDays++;
  }
  return {
    sunlitFraction: days.length ? sumSunlit / days.length : 1,
    eclipseDays,
    maxEclipseMinutes: maxMinutes,
    betaMinDeg: betaMin,
    betaMaxDeg: betaMax,
    days,
  };
}

/** RAAN for a Sun-synchronous orbit whose ascending node is at local mean time `ltanHours`. */
export function raanForLtanDeg(ltanHours: number, timeMs: number): number {
  const sunRa = sunRaDecDeg(timeMs).raDeg;
  return (((sunRa + (ltanHours - 12) * 15) % 360) + 360) % 360;
}
