/**
 * Collision probability of a screened encounter: Foster's 2D integral over a circular hard body
 * (the two radii summed) with the two objects' covariances from the configured model, since
 * TLEs carry none. Along-track error grows with the time from the screen to TCA.
 */
import { collisionProbabilityFoster, projectEncounter, rtnCovarianceKm2, sgp4Trajectory, type Encounter, type Vec3 } from "@orbitwin/physics";
import type { CatalogObject } from "./catalog.js";
import type { ResolvedDebrisConfig, RtnSigmas } from "./config.js";

const DAY_MS = 86_400_000;

export interface RatedEncounter {
  pc: number;
  /** both objects' state at TCA, for the CDM */
  states: [{ posKm: Vec3; velKmS: Vec3 }, { posKm: Vec3; velKmS: Vec3 }];
  sigmas: [RtnSigmas, RtnSigmas];
}

export function sigmasAt(kind: CatalogObject["kind"], config: ResolvedDebrisConfig, spanMs: number): RtnSigmas {
  const base = kind === "fleet" ? config.covariance.fleet : config.covariance.debris;
  return { ...base, alongTrackKm: base.alongTrackKm + (base.alongTrackGrowthKmPerDay * Math.max(0, spanMs)) / DAY_MS };
}

/** Rates the encounter of a and b (relative vectors b minus a) seen at `nowMs`. */
export function rateEncounter(a: CatalogObject, b: CatalogObject, e: Encounter, nowMs: number, config: ResolvedDebrisConfig): RatedEncounter {
  const sa = sgp4Trajectory(a.satrec)(e.tcaMs);
  const sb = sgp4Trajectory(b.satrec)(e.tcaMs);
  const span = e.tcaMs - nowMs;
  const sigA = sigmasAt(a.kind, config, span);
  const sigB = sigmasAt(b.kind, config, span);
  const ca = rtnCovarianceKm2(sa.posKm, sa.velKmS, { radial: sigA.radialKm, alongTrack: sigA.alongTrackKm, crossTrack: sigA.crossTrackKm });
  const cb = rtnCovarianceKm2(sb.posKm, sb.velKmS, { radial: sigB.radialKm, alongTrack: sigB.alongTrackKm, crossTrack: sigB.crossTrackKm });
  const combined = ca.map((v, i) => v + cb[i]!);
  const hardBodyKm = (a.radiusM + b.radiusM) / 1000;
  const pc = collisionProbabilityFoster(projectEncounter(e.relPosKm, e.relVelKmS, combined, hardBodyKm));
  return { pc: Math.min(1, Math.max(0, pc)), states: [sa, sb], sigmas: [sigA, sigB] };
}
