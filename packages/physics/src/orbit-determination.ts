/**
 * From a state vector back to elements: classical osculating elements (Vallado 2013, algorithm 9,
 * RV2COE), and the SGP4 mean elements whose propagation passes through a given state, found by
 * differential correction (Newton iterations with a finite-difference Jacobian on non-singular
 * elements a, e cos w, e sin w, i, node, u = w + M; Vallado & Crawford, "SGP4 orbit determination",
 * AIAA 2008-6770). That lets an impulsive maneuver hand SGP4 a new orbit it continues from.
 */
import { sgp4 } from "satellite.js";
import { toSatrec, type MeanElements } from "./elements.js";
import { PhysicsInputError } from "./errors.js";
import { MU_KM3_S2 } from "./orbit.js";
import type { Vec3 } from "./conjunction.js";
import { ErrorCodes } from "@orbitwin/errors";

const DEG = Math.PI / 180;
const SECONDS_PER_DAY = 86_400;

export interface OsculatingElements {
  semiMajorAxisKm: number;
  eccentricity: number;
  inclinationDeg: number;
  raanDeg: number;
  argPerigeeDeg: number;
  trueAnomalyDeg: number;
  meanAnomalyDeg: number;
  /** argument of latitude w + nu, degrees (defined for circular orbits too) */
  argLatitudeDeg: number;
}

export function osculatingElements(posKm: Vec3, velKmS: Vec3, muKm3S2 = MU_KM3_S2): OsculatingElements {
  const [x, y, z] = posKm;
  const [vx, vy, vz] = velKmS;
  const r = Math.hypot(x, y, z);
  const v2 = vx * vx + vy * vy + vz * vz;
  const h: Vec3 = [y * vz - z * vy, z * vx - x * vz, x * vy - y * vx];
  const hn = Math.hypot(...h);
  const nodeVec: Vec3 = [-h[1], h[0], 0];
  const nn = Math.hypot(nodeVec[0], nodeVec[1]);
  const rv = x * vx + y * vy + z * vz;
  const eVec: Vec3 = [((v2 - muKm3S2 / r) * x - rv * vx) / muKm3S2, ((v2 - muKm3S2 / r) * y - rv * vy) / muKm3S2, ((v2 - muKm3S2 / r) * z - rv * vz) / muKm3S2];
  const e = Math.hypot(...eVec);
  const energy = v2 / 2 - muKm3S2 / r;
  if (!(energy < 0)) throw new PhysicsInputError(ErrorCodes.badState, "the state is not on a closed orbit (energy >= 0)");
  const a = -muKm3S2 / (2 * energy);
  const inc = Math.acos(clamp(h[2] / hn));
  const raan = nn > 1e-12 ? wrap2pi(Math.atan2(nodeVec[1], nodeVec[0])) : 0;
  const nodeUnit: Vec3 = nn > 1e-12 ? [nodeVec[0] / nn, nodeVec[1] / nn, 0] : [1, 0, 0];
  const u = angleBetweenInPlane(nodeUnit, [x / r, y / r, z / r], h);
  const argp = e > 1e-12 ? angleBetweenInPlane(nodeUnit, [eVec[0] / e, eVec[1] / e, eVec[2] / e], h) : 0;
  const nu = wrap2pi(u - argp);
  const ecc = 2 * Math.atan2(Math.sqrt(1 - e) * Math.sin(nu / 2), Math.sqrt(1 + e) * Math.cos(nu / 2));
  const mean = wrap2pi(ecc - e * Math.sin(ecc));
  return {
    semiMajorAxisKm: a,
    eccentricity: e,
    inclinationDeg: inc / DEG,
    raanDeg: raan / DEG,
    argPerigeeDeg: argp / DEG,
    trueAnomalyDeg: nu / DEG,
    meanAnomalyDeg: mean / DEG,
    argLatitudeDeg: u / DEG,
  };
}

/**
 * SGP4 mean elements at epoch `epochMs` reproducing the state (posKm, velKmS) at that epoch, to
 * below a millimetre in position in a few iterations for LEO orbits. `template` supplies drag terms.
 */
export function meanElementsFromState(posKm: Vec3, velKmS: Vec3, epochMs: number, template: Partial<MeanElements> = {}): MeanElements {
  const osc = osculatingElements(posKm, velKmS);
  let p = [
    osc.semiMajorAxisKm,
    osc.eccentricity * Math.cos(osc.argPerigeeDeg * DEG),
    osc.eccentricity * Math.sin(osc.argPerigeeDeg * DEG),
    osc.inclinationDeg * DEG,
    osc.raanDeg * DEG,
    (osc.argPerigeeDeg + osc.meanAnomalyDeg) * DEG,
  ];
  const target = [...posKm, ...velKmS.map((v) => v * 1000)];
  const stateOf = (q: number[]) => {
    const pv = sgp4(toSatrec(fromParameters(q, epochMs, template)), 0);
    if (!pv) throw new PhysicsInputError(ErrorCodes.badState, "SGP4 cannot fly the fitted elements (decayed or hyperbolic)");
    return [pv.position.x, pv.position.y, pv.position.z, pv.velocity.x * 1000, pv.velocity.y * 1000, pv.velocity.z * 1000];
  };
  const steps = [1e-4, 1e-8, 1e-8, 1e-8, 1e-8, 1e-8];
  for (let iter = 0; iter < 20; iter++) {
    const s = stateOf(p);
    const residual = target.map((t, k) => t - s[k]!);
    if (Math.hypot(residual[0]!, residual[1]!, residual[2]!) < 1e-7 && Math.hypot(residual[3]!, residual[4]!, residual[5]!) < 1e-7) break;
    const jac: number[][] = [];
    for (let j = 0; j < 6; j++) {
      const q = [...p];
      q[j] = q[j]! + steps[j]!;
      const sj = stateOf(q);
      jac.push(sj.map((value, k) => (value - s[k]!) / steps[j]!));
    }
    const delta = solve6(jac, residual);
    p = p.map((value, j) => value + delta[j]!);
  }
  return fromParameters(p, epochMs, template);
}

export interface ManeuverResult {
  elements: MeanElements;
  /** state just after the burn, TEME */
  posKm: Vec3;
  velKmS: Vec3;
}

/**
 * An impulsive burn at `timeMs`: propagate the current elements there, add `deltaVKmS` (TEME,
 * or along radial / along-track / cross-track when `frame` is "rtn"), and fit new mean elements
 * with epoch at the burn, from which SGP4 continues.
 */
export function applyImpulsiveManeuver(current: MeanElements, timeMs: number, deltaVKmS: Vec3, frame: "teme" | "rtn" = "rtn"): ManeuverResult {
  const pv = sgp4(toSatrec(current), (timeMs - current.epochMs) / 60_000);
  if (!pv) throw new PhysicsInputError(ErrorCodes.badElements, "cannot propagate the orbit to the burn time (decayed?)");
  const pos: Vec3 = [pv.position.x, pv.position.y, pv.position.z];
  const vel: Vec3 = [pv.velocity.x, pv.velocity.y, pv.velocity.z];
  const dv = frame === "teme" ? deltaVKmS : rtnToInertial(pos, vel, deltaVKmS);
  const after: Vec3 = [vel[0] + dv[0], vel[1] + dv[1], vel[2] + dv[2]];
  const template: Partial<MeanElements> = {
    bstar: current.bstar,
    ...(current.noradId === undefined ? {} : { noradId: current.noradId }),
    ...(current.name === undefined ? {} : { name: current.name }),
  };
  return { elements: meanElementsFromState(pos, after, timeMs, template), posKm: pos, velKmS: after };
}

/** A vector given along radial, along-track and cross-track axes, in the inertial frame. */
export function rtnToInertial(posKm: Vec3, velKmS: Vec3, rtn: Vec3): Vec3 {
  const r = Math.hypot(...posKm);
  const R: Vec3 = [posKm[0] / r, posKm[1] / r, posKm[2] / r];
  const h: Vec3 = [posKm[1] * velKmS[2] - posKm[2] * velKmS[1], posKm[2] * velKmS[0] - posKm[0] * velKmS[2], posKm[0] * velKmS[1] - posKm[1] * velKmS[0]];
  const hn = Math.hypot(...h);
  const N: Vec3 = [h[0] / hn, h[1] / hn, h[2] / hn];
  const T: Vec3 = [N[1] * R[2] - N[2] * R[1], N[2] * R[0] - N[0] * R[2], N[0] * R[1] - N[1] * R[0]];
  return [0, 1, 2].map((k) => rtn[0] * R[k]! + rtn[1] * T[k]! + rtn[2] * N[k]!) as Vec3;
}

function fromParameters(p: number[], epochMs: number, template: Partial<MeanElements>): MeanElements {
  const [aKm, ex, ey, inc, raan, u] = p as [number, number, number, number, number, number];
  const e = Math.hypot(ex, ey);
  const argp = e > 0 ? Math.atan2(ey, ex) : 0;
  const nRadS = Math.sqrt(MU_KM3_S2 / (aKm * aKm * aKm));
  return {
    ...template,
    epochMs,
    meanMotionRevPerDay: (nRadS * SECONDS_PER_DAY) / (2 * Math.PI),
    eccentricity: e,
    inclinationDeg: inc / DEG,
    raanDeg: wrap2pi(raan) / DEG,
    argPerigeeDeg: wrap2pi(argp) / DEG,
    meanAnomalyDeg: wrap2pi(u - argp) / DEG,
    bstar: template.bstar ?? 0,
  };
}

function solve6(jacColumns: number[][], rhs: number[]): number[] {
  const n = 6;
  const m = Array.from({ length: n }, (_, i) => [...jacColumns.map((col) => col[i]!), rhs[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

function angleBetweenInPlane(from: Vec3, to: Vec3, normal: Vec3): number {
  const cross: Vec3 = [from[1] * to[2] - from[2] * to[1], from[2] * to[0] - from[0] * to[2], from[0] * to[1] - from[1] * to[0]];
  const sin = (cross[0] * normal[0] + cross[1] * normal[1] + cross[2] * normal[2]) / Math.hypot(...normal);
  const cos = from[0] * to[0] + from[1] * to[1] + from[2] * to[2];
  return wrap2pi(Math.atan2(sin, cos));
}

function wrap2pi(x: number): number {
  const t = x % (2 * Math.PI);
  return t < 0 ? t + 2 * Math.PI : t;
}

function clamp(x: number): number {
  return Math.max(-1, Math.min(1, x));
}
