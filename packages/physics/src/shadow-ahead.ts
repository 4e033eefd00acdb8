/**
 * When a satellite next enters the Earth's shadow, from its present state vector: the orbit is
 * carried ahead as a circle in the plane of r and v at the angular rate |r x v| / |r|^2 (two-body
 * motion; over the next orbit, J2 and drag move a LEO satellite's shadow entry by seconds, less
 * than a scheduling tick), and sampled against the conical shadow (sun.ts) with the Sun held
 * where it is (it moves 0.04 deg an hour).
 */
import { inShadow, sunlitFraction } from "./sun.js";

/**
 * Seconds from now until the satellite's sunlit fraction first falls below one half, sampled
 * every `stepS`: 0 when it is in shadow now, Infinity when it stays lit for `horizonS`.
 * `pos` / `vel` are TEME km and km/s at offset `i3` (interleaved x, y, z); `sun` the Sun, km.
 * `litUntilS`: the caller already knows it stays lit that long (sampling starts past it).
 */
export function secondsToShadow(
  posKm: ArrayLike<number>,
  velKmS: ArrayLike<number>,
  i3: number,
  sun: Float64Array,
  horizonS: number,
  stepS: number,
  litUntilS = 0,
): number {
  const rx = posKm[i3]!;
  const ry = posKm[i3 + 1]!;
  const rz = posKm[i3 + 2]!;
  if (!Number.isFinite(rx)) return 0;
  if (inShadow(sunlitFraction(rx, ry, rz, sun))) return 0;
  const r = Math.hypot(rx, ry, rz);
  const vx = velKmS[i3]!;
  const vy = velKmS[i3 + 1]!;
  const vz = velKmS[i3 + 2]!;
  // h = r x v; the in-plane direction 90 degrees ahead of r is (h x r) / (|h| |r|).
  const hx = ry * vz - rz * vy;
  const hy = rz * vx - rx * vz;
  const hz = rx * vy - ry * vx;
  const h = Math.hypot(hx, hy, hz);
  if (h === 0 || r === 0) return Infinity;
  const ux = (hy * rz - hz * ry) / (h * r);
  const uy = (hz * rx - hx * rz) / (h * r);
  const uz = (hx * ry - hy * rx) / (h * r);
  const rateRadS = h / (r * r);
  for (let t = stepS * Math.max(1, Math.floor(litUntilS / stepS)); t <= horizonS; t += stepS) {
    const c = Math.cos(rateRadS * t);
    const s = Math.sin(rateRadS * t);
    if (inShadow(sunlitFraction(rx * c + r * ux * s, ry * c + r * uy * s, rz * c + r * uz * s, sun))) return t;
  }
  return Infinity;
}
