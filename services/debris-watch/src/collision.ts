/**
 * A collision: both objects break up by the NASA standard breakup model; each fragment leaves
 * from its parent's state at TCA with its drawn delta-v, and gets SGP4 elements fitted to that
 * state so the next screens see it. Fragments SGP4 cannot fly (re-entering or escaping) are
 * counted, not kept.
 */
import {
  bstarFromAreaToMass,
  collisionBreakup,
  counterUniform,
  hashString32,
  isCatastrophic,
  meanElementsFromState,
  sgp4Trajectory,
  type MeanElements,
} from "@orbitwin/physics";
import type { CatalogObject } from "./catalog.js";

export interface FragmentSpec {
  id: string;
  elements: MeanElements;
  sizeM: number;
  massKg: number;
}

export interface BreakupResult {
  fragments: FragmentSpec[];
  /** drawn but not kept: their orbits do not survive (re-entry, escape) */
  lost: number;
  catastrophic: boolean;
}

const PURPOSE_PARENT = 410;

export function breakUpCollision(
  a: CatalogObject,
  b: CatalogObject,
  tcaMs: number,
  relSpeedKmS: number,
  eventId: string,
  seed: number,
  minSizeM: number,
): BreakupResult {
  const event = hashString32(eventId);
  const collision = { projectileMassKg: Math.min(a.massKg, b.massKg), targetMassKg: Math.max(a.massKg, b.massKg), relSpeedKmS };
  const fragments = collisionBreakup({
    collision,
    minSizeM,
    maxSizeM: Math.max(minSizeM * 1.01, 2 * Math.max(a.radiusM, b.radiusM)),
    seed,
    eventId: event,
  });
  const states = [sgp4Trajectory(a.satrec)(tcaMs), sgp4Trajectory(b.satrec)(tcaMs)] as const;
  const shareA = a.massKg / (a.massKg + b.massKg);
  const out: FragmentSpec[] = [];
  let lost = 0;
  for (let i = 0; i < fragments.count; i++) {
    const parent = states[counterUniform(seed, event, i, PURPOSE_PARENT) < shareA ? 0 : 1];
    const vel: [number, number, number] = [
      parent.velKmS[0] + fragments.deltaVKmS[3 * i]!,
      parent.velKmS[1] + fragments.deltaVKmS[3 * i + 1]!,
      parent.velKmS[2] + fragments.deltaVKmS[3 * i + 2]!,
    ];
    try {
      const elements = meanElementsFromState(parent.posKm, vel, tcaMs, { bstar: Math.min(0.05, bstarFromAreaToMass(fragments.areaToMassM2Kg[i]!)) });
      out.push({ id: `${eventId}-f${i}`, elements: { ...elements, name: `${eventId}-f${i}` }, sizeM: fragments.sizeM[i]!, massKg: fragments.massKg[i]! });
    } catch {
      lost++;
    }
  }
  return { fragments: out, lost, catastrophic: isCatastrophic(collision) };
}
