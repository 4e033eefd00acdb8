/**
 * The traffic of a real fleet (its satellites' mean altitudes, e.g. from element sets) among other
 * objects: the altitudes are binned into thin shells and each bin's kinetic-gas rates
 * (traffic.ts) are summed. Eccentric objects are counted at their mean altitude, where they spend
 * the middle of their time; for the near-circular LEO population that is within a bin or two.
 *
 * With the rates, the operator's own published figures: SpaceX's semi-annual constellation status
 * reports to the FCC give the collision-avoidance maneuvers of the Starlink fleet per six months.
 */
import { PhysicsInputError } from "./errors.js";
import { shellTraffic, type ShellTrafficInput } from "./traffic.js";
import { ErrorCodes } from "@orbitwin/errors";

export interface FleetTrafficOptions extends Omit<ShellTrafficInput, "satellites" | "altKm" | "thicknessKm" | "otherObjects"> {
  /** mean altitude of each fleet satellite, km */
  fleetAltitudesKm: ArrayLike<number>;
  /** mean altitude of each other object (debris, other fleets), km */
  otherAltitudesKm?: ArrayLike<number>;
  /** bin thickness, km @default 10 */
  binKm?: number;
  /**
   * count passes between two fleet satellites (false: an operator whose own satellites are phased
   * or coordinated never to need a maneuver against one another) @default true
   */
  countOwnFleet?: boolean;
}

export interface FleetTrafficBin {
  /** bottom of the bin, km */
  fromKm: number;
  satellites: number;
  others: number;
  closeApproachesPerDay: number;
  maneuversPerDay: number;
}

export interface FleetTraffic {
  satellites: number;
  closeApproachesPerDay: number;
  maneuversPerDay: number;
  maneuversPerSatPerDay: number;
  /** maneuvers over 182.5 days, the span of one semi-annual report */
  maneuversPerHalfYear: number;
  residualCollisionsPerYear: number;
  /** the bins that hold fleet satellites, lowest first */
  bins: FleetTrafficBin[];
}

function histogram(altitudes: ArrayLike<number>, binKm: number, what: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < altitudes.length; i++) {
    const h = altitudes[i]!;
    if (!Number.isFinite(h)) throw new PhysicsInputError(ErrorCodes.badPhysicsInput, `fleet traffic: ${what}[${i}] = ${h}: must be a finite altitude, km`);
    const bin = Math.floor(h / binKm);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return counts;
}

export function fleetTraffic(o: FleetTrafficOptions): FleetTraffic {
  const binKm = o.binKm ?? 10;
  if (!(binKm >= 1 && binKm <= 500)) throw new PhysicsInputError(ErrorCodes.badPhysicsInput, `fleet traffic: binKm = ${binKm}: must be within 1..500 km`);
  const fleet = histogram(o.fleetAltitudesKm, binKm, "fleetAltitudesKm");
  const others = histogram(o.otherAltitudesKm ?? [], binKm, "otherAltitudesKm");
  const rates = {
    screeningKm: o.screeningKm,
    maneuverPc: o.maneuverPc,
    combinedSigmaKm: o.combinedSigmaKm,
    hardBodyRadiusM: o.hardBodyRadiusM,
    ...(o.relSpeedKmS === undefined ? {} : { relSpeedKmS: o.relSpeedKmS }),
  };
  const out: FleetTraffic = {
    satellites: o.fleetAltitudesKm.length,
    closeApproachesPerDay: 0,
    maneuversPerDay: 0,
    maneuversPerSatPerDay: 0,
    maneuversPerHalfYear: 0,
    residualCollisionsPerYear: 0,
    bins: [],
  };
  for (const bin of [...fleet.keys()].sort((a, b) => a - b)) {
    const n = fleet.get(bin)!;
    const m = others.get(bin) ?? 0;
    const shell = { ...rates, altKm: (bin + 0.5) * binKm, thicknessKm: binKm, otherObjects: m };
    // Without the own fleet's passes: one satellite among the others, n times over.
    const t = o.countOwnFleet === false ? scaled(shellTraffic({ ...shell, satellites: 1 }), n) : shellTraffic({ ...shell, satellites: n });
    out.closeApproachesPerDay += t.closeApproachesPerDay;
    out.maneuversPerDay += t.maneuversPerDay;
    out.residualCollisionsPerYear += t.residualCollisionsPerYear;
    out.bins.push({ fromKm: bin * binKm, satellites: n, others: m, closeApproachesPerDay: t.closeApproachesPerDay, maneuversPerDay: t.maneuversPerDay });
  }
  out.maneuversPerSatPerDay = out.satellites === 0 ? 0 : out.maneuversPerDay / out.satellites;
  out.maneuversPerHalfYear = out.maneuversPerDay * 182.5;
  return out;
}

function scaled(t: ReturnType<typeof shellTraffic>, k: number): ReturnType<typeof shellTraffic> {
  return {
    ...t,
    closeApproachesPerDay: k * t.closeApproachesPerDay,
    maneuversPerDay: k * t.maneuversPerDay,
    residualCollisionsPerYear: k * t.residualCollisionsPerYear,
  };
}

/** One semi-annual report's collision-avoidance maneuvers of the Starlink fleet. */
export interface StarlinkManeuverReport {
  fromDate: string;
  toDate: string;
  days: number;
  maneuvers: number;
  /** satellites in orbit at the report's end, about (press figures) */
  satellitesApprox: number;
  source: string;
}

/**
 * SpaceX's semi-annual constellation status reports to the FCC (the reports themselves are
 * filings under the Gen1 and Gen2 authorizations; the figures here as reported in the press, the
 * filings were not read). The fleet sizes are the press's round figures for the report's end.
 */
export const STARLINK_MANEUVER_REPORTS: readonly StarlinkManeuverReport[] = [
  {
    fromDate: "2024-12-01",
    toDate: "2025-05-31",
    days: 182,
    maneuvers: 144_404,
    satellitesApprox: 7_600,
    source:
      "SpaceX semi-annual report to the FCC, 1 Dec 2024 - 31 May 2025 (144,404 maneuvers, as counted by H. Lewis and reported by New Scientist, Jan 2026); fleet ~7,600 is an assumption from the press's 'over 7,000'",
  },
  {
    fromDate: "2025-06-01",
    toDate: "2025-11-30",
    days: 183,
    maneuvers: 148_696,
    satellitesApprox: 9_400,
    source:
      "SpaceX semi-annual constellation status report to the FCC, filed 31 Dec 2025, 1 Jun - 30 Nov 2025 (148,696 maneuvers; ~9,400 satellites): Space Intel Report / New Scientist, Jan 2026",
  },
];

/** A report's maneuvers per satellite per day, on its round fleet size. */
export function reportedManeuversPerSatPerDay(r: StarlinkManeuverReport): number {
  return r.maneuvers / (r.satellitesApprox * r.days);
}
