/**
 * A CCSDS Conjunction Data Message (CCSDS 508.0-B-1), KVN. States are given in ITRF: the TEME
 * state rotated by GMST (polar motion neglected, under 15 m), velocity corrected for Earth's
 * rotation. The covariance is the model debris-watch rated the encounter with, in RTN.
 */
import { gmstRad, type Vec3 } from "@orbitwin/physics";
import type { Conjunction } from "@orbitwin/protocol";
import type { RtnSigmas } from "./config.js";

const EARTH_RATE_RAD_S = 7.2921158553e-5;

export interface CdmObject {
  id: string;
  kind: "fleet" | "debris" | "fragment";
  maneuverable: boolean;
  posKm: Vec3;
  velKmS: Vec3;
  sigmas: RtnSigmas;
}

export interface CdmInput {
  conjunction: Conjunction;
  creationMs: number;
  run: string;
  objects: [CdmObject, CdmObject];
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "");
const num = (v: number, digits = 6) => (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(digits) : v.toFixed(digits));

function toItrf(posKm: Vec3, velKmS: Vec3, tMs: number): { posKm: Vec3; velKmS: Vec3 } {
  const g = gmstRad(tMs);
  const c = Math.cos(g);
  const s = Math.sin(g);
  const p: Vec3 = [c * posKm[0] + s * posKm[1], -s * posKm[0] + c * posKm[1], posKm[2]];
  const v: Vec3 = [c * velKmS[0] + s * velKmS[1] + EARTH_RATE_RAD_S * p[1], -s * velKmS[0] + c * velKmS[1] - EARTH_RATE_RAD_S * p[0], velKmS[2]];
  return { posKm: p, velKmS: v };
}

/** Unit radial, along-track and cross-track axes of an object's own state. */
function rtnAxes(posKm: Vec3, velKmS: Vec3): [Vec3, Vec3, Vec3] {
  const unit = (a: Vec3): Vec3 => {
    const n = Math.hypot(...a);
    return [a[0] / n, a[1] / n, a[2] / n];
  };
  const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const r = unit(posKm);
  const n = unit(cross(posKm, velKmS));
  return [r, cross(n, r), n];
}

export function formatCdm(input: CdmInput): string {
  const c = input.conjunction;
  const [o1, o2] = input.objects;
  const [R, T, N] = rtnAxes(o1.posKm, o1.velKmS);
  const relP: Vec3 = [o2.posKm[0] - o1.posKm[0], o2.posKm[1] - o1.posKm[1], o2.posKm[2] - o1.posKm[2]];
  const relV: Vec3 = [o2.velKmS[0] - o1.velKmS[0], o2.velKmS[1] - o1.velKmS[1], o2.velKmS[2] - o1.velKmS[2]];
  const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const lines = [
    "CCSDS_CDM_VERS = 1.0",
    `CREATION_DATE = ${iso(input.creationMs)}`,
    "ORIGINATOR = ORBITWIN-DEBRIS-WATCH",
    `MESSAGE_FOR = ${input.run.toUpperCase()}`,
    `MESSAGE_ID = ${input.run}-${c.id}`,
    `TCA = ${iso(c.tcaMs)}`,
    `MISS_DISTANCE = ${num(c.missKm * 1000, 3)} [m]`,
    `RELATIVE_SPEED = ${num(c.relSpeedKmS * 1000, 3)} [m/s]`,
    `RELATIVE_POSITION_R = ${num(dot(relP, R) * 1000, 3)} [m]`,
    `RELATIVE_POSITION_T = ${num(dot(relP, T) * 1000, 3)} [m]`,
    `RELATIVE_POSITION_N = ${num(dot(relP, N) * 1000, 3)} [m]`,
    `RELATIVE_VELOCITY_R = ${num(dot(relV, R) * 1000, 3)} [m/s]`,
    `RELATIVE_VELOCITY_T = ${num(dot(relV, T) * 1000, 3)} [m/s]`,
    `RELATIVE_VELOCITY_N = ${num(dot(relV, N) * 1000, 3)} [m/s]`,
    `COLLISION_PROBABILITY = ${c.pc.toExponential(4)}`,
    "COLLISION_PROBABILITY_METHOD = FOSTER-1992",
  ];
  input.objects.forEach((o, k) => {
    const itrf = toItrf(o.posKm, o.velKmS, c.tcaMs);
    // Velocity variances from the position ones over the orbit's rate (n ~ v / r).
    const rate = Math.hypot(...o.velKmS) / Math.hypot(...o.posKm);
    const pr = (o.sigmas.radialKm * 1000) ** 2;
    const pt = (o.sigmas.alongTrackKm * 1000) ** 2;
    const pn = (o.sigmas.crossTrackKm * 1000) ** 2;
    lines.push(
      `OBJECT = OBJECT${k + 1}`,
      `OBJECT_DESIGNATOR = ${o.id}`,
      `CATALOG_NAME = ${o.kind === "fleet" ? "ORBITWIN-FLEET" : "ORBITWIN-CATALOG"}`,
      `OBJECT_NAME = ${o.id.toUpperCase()}`,
      "INTERNATIONAL_DESIGNATOR = UNKNOWN",
      `OBJECT_TYPE = ${o.kind === "fleet" ? "PAYLOAD" : "DEBRIS"}`,
      "EPHEMERIS_NAME = NONE",
      "COVARIANCE_METHOD = DEFAULT",
      `MANEUVERABLE = ${o.maneuverable ? "YES" : "NO"}`,
      "REF_FRAME = ITRF",
      `X = ${num(itrf.posKm[0])} [km]`,
      `Y = ${num(itrf.posKm[1])} [km]`,
      `Z = ${num(itrf.posKm[2])} [km]`,
      `X_DOT = ${num(itrf.velKmS[0])} [km/s]`,
      `Y_DOT = ${num(itrf.velKmS[1])} [km/s]`,
      `Z_DOT = ${num(itrf.velKmS[2])} [km/s]`,
      `CR_R = ${pr.toExponential(4)} [m**2]`,
      "CT_R = 0.0000e+0 [m**2]",
      `CT_T = ${pt.toExponential(4)} [m**2]`,
      "CN_R = 0.0000e+0 [m**2]",
      "CN_T = 0.0000e+0 [m**2]",
      `CN_N = ${pn.toExponential(4)} [m**2]`,
      "CRDOT_R = 0.0000e+0 [m**2/s]",
      "CRDOT_T = 0.0000e+0 [m**2/s]",
      "CRDOT_N = 0.0000e+0 [m**2/s]",
      `CRDOT_RDOT = ${(pr * rate * rate).toExponential(4)} [m**2/s**2]`,
      "CTDOT_R = 0.0000e+0 [m**2/s]",
      "CTDOT_T = 0.0000e+0 [m**2/s]",
      "CTDOT_N = 0.0000e+0 [m**2/s]",
      "CTDOT_RDOT = 0.0000e+0 [m**2/s**2]",
      `CTDOT_TDOT = ${(pt * rate * rate).toExponential(4)} [m**2/s**2]`,
      "CNDOT_R = 0.0000e+0 [m**2/s]",
      "CNDOT_T = 0.0000e+0 [m**2/s]",
      "CNDOT_N = 0.0000e+0 [m**2/s]",
      "CNDOT_RDOT = 0.0000e+0 [m**2/s**2]",
      "CNDOT_TDOT = 0.0000e+0 [m**2/s**2]",
      `CNDOT_NDOT = ${(pn * rate * rate).toExponential(4)} [m**2/s**2]`,
    );
  });
  return lines.join("\n") + "\n";
}
