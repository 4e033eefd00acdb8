/**
 * Linear relative motion about a circular orbit: the closed-form Hill-Clohessy-Wiltshire solution
 * (Clohessy & Wiltshire, "Terminal guidance system for satellite rendezvous", J. Aerospace
 * Sciences 27(9), 1960; Vallado 2013, sec. 6.8). Frame: x radial (outward), y along-track (the
 * direction of motion), z cross-track (along the orbit normal); positions m, velocities m/s.
 * Valid while the separation is small against the orbit radius (errors grow as (d / r)^2 per
 * orbit) and the reference orbit is near circular; no J2, no drag.
 */
export interface RelativeState {
  xM: number;
  yM: number;
  zM: number;
  vxMS: number;
  vyMS: number;
  vzMS: number;
}

/** Relative state `tS` seconds after `s0`, about a reference of mean motion `nRadS` (rad/s). */
export function hcwPropagate(s0: RelativeState, nRadS: number, tS: number): RelativeState {
  const nt = nRadS * tS;
  const c = Math.cos(nt);
  const s = Math.sin(nt);
  const { xM: x0, yM: y0, zM: z0, vxMS: vx0, vyMS: vy0, vzMS: vz0 } = s0;
  const n = nRadS;
  return {
    xM: (4 - 3 * c) * x0 + (s / n) * vx0 + (2 / n) * (1 - c) * vy0,
    yM: 6 * (s - nt) * x0 + y0 - (2 / n) * (1 - c) * vx0 + ((4 * s - 3 * nt) / n) * vy0,
    zM: c * z0 + (s / n) * vz0,
    vxMS: 3 * n * s * x0 + c * vx0 + 2 * s * vy0,
    vyMS: -6 * n * (1 - c) * x0 - 2 * s * vx0 + (4 * c - 3) * vy0,
    vzMS: -n * s * z0 + c * vz0,
  };
}

/** The along-track velocity that cancels secular drift: ydot0 = -2 n x0, m/s (physics-cases 7). */
export function noDriftAlongTrackVelocityMS(xM: number, nRadS: number): number {
  return -2 * nRadS * xM;
}
