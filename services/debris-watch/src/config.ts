/** The debris-watch configuration with every default filled in and every duration in ms. */
import { parseDurationMs, type DebrisWatchConfig } from "@orbitwin/protocol";

export interface RtnSigmas {
  radialKm: number;
  alongTrackKm: number;
  crossTrackKm: number;
  alongTrackGrowthKmPerDay: number;
}

export interface ResolvedDebrisConfig {
  lookAheadMs: number;
  /** a closed conjunction (passed, collided, mitigated, superseded) is forgotten this long after its TCA, ms of simulation time */
  passedRetentionMs: number;
  thresholdKm: number;
  reportPc: number;
  covariance: { fleet: RtnSigmas; debris: RtnSigmas };
  fleetHardBodyRadiusM: number;
  fleetMassKg: number;
  mitigation: { enabled: boolean; maneuverPc: number; leadMs: number; maxBurnMS: number; budgetMS: number; interruptS: number };
  collisions: "draw" | "off";
  fragmentMinSizeM: number;
}

/** Operator ephemerides with GNSS: tens of metres. */
const FLEET_SIGMAS: RtnSigmas = { radialKm: 0.02, alongTrackKm: 0.1, crossTrackKm: 0.02, alongTrackGrowthKmPerDay: 0.05 };
/** Public-catalog TLEs of debris: hundreds of metres, growing along track (Vallado 2013, 9.10). */
const DEBRIS_SIGMAS: RtnSigmas = { radialKm: 0.1, alongTrackKm: 0.5, crossTrackKm: 0.1, alongTrackGrowthKmPerDay: 1 };

export function resolveDebrisConfig(c: DebrisWatchConfig | undefined): ResolvedDebrisConfig {
  const m = c?.mitigation;
  const sigmas = (fallback: RtnSigmas, which: "fleet" | "debris"): RtnSigmas => {
    const s = c?.covariance?.[which];
    return s
      ? { radialKm: s.radialKm, alongTrackKm: s.alongTrackKm, crossTrackKm: s.crossTrackKm, alongTrackGrowthKmPerDay: s.alongTrackGrowthKmPerDay ?? 0 }
      : fallback;
  };
  return {
    lookAheadMs: c?.lookAhead === undefined ? 6 * 3_600_000 : parseDurationMs(c.lookAhead, "/debris/lookAhead"),
    passedRetentionMs: c?.passedRetention === undefined ? 86_400_000 : parseDurationMs(c.passedRetention, "/debris/passedRetention"),
    thresholdKm: c?.thresholdKm ?? 5,
    reportPc: c?.reportPc ?? 1e-7,
    covariance: { fleet: sigmas(FLEET_SIGMAS, "fleet"), debris: sigmas(DEBRIS_SIGMAS, "debris") },
    fleetHardBodyRadiusM: c?.fleetHardBodyRadiusM ?? 5,
    fleetMassKg: c?.fleetMassKg ?? 800,
    mitigation: {
      enabled: m?.enabled ?? true,
      maneuverPc: m?.maneuverPc ?? 1e-4,
      leadMs: m?.lead === undefined ? 30 * 60_000 : parseDurationMs(m.lead, "/debris/mitigation/lead"),
      maxBurnMS: m?.maxBurnMS ?? 1,
      budgetMS: m?.budgetMS ?? 20,
      interruptS: m?.interrupt === undefined ? 600 : parseDurationMs(m.interrupt, "/debris/mitigation/interrupt") / 1000,
    },
    collisions: c?.collisions ?? "draw",
    fragmentMinSizeM: c?.fragmentMinSizeM ?? 0.1,
  };
}
