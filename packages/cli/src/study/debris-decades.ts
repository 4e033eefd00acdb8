/**
 * The debris a variant's shell leaves over decades: the run's satellites held in its shell by
 * launches for 50 years, its satellites retiring after `lifetimeYears` with the assumed disposal
 * reliability, projected by the source-sink model of `cascade --constellation`
 * (physics constellation-debris.ts). The run gives the shell (size, altitude) and the bus (mass);
 * the assumed figures give what the twin does not step (disposal, thickness, cross-section).
 */
import { projectConstellationDebris } from "@orbitwin/physics";
import type { ConstellationSpec } from "@orbitwin/protocol";
import type { Economics } from "./economics-assumptions.js";

/** The one walker or shell constellation a projection needs. */
export interface StudyShell {
  altKm: number;
  /** the shell's own thickness, km; undefined for a walker (one altitude: the assumed band) */
  thicknessKm: number | undefined;
}

export interface DebrisDecades {
  /** derelicts and fragments >= 10 cm after 25 years */
  objects25y: number;
  /** the same after 50 years */
  objects50y: number;
  /** fragments a fragment breeds before drag removes it, after 50 years (>= 1: runaway) */
  reproduction50y: number;
  /** first year the reproduction number reaches 1; undefined when it does not within 50 years */
  runawayFromYears: number | undefined;
}

export const PROJECTION_YEARS = 50;
/** Where the physics model's atmosphere holds (constellation-debris.ts refuses the rest). */
const LEO_MIN_KM = 200;
const LEO_MAX_KM = 2000;

/** The scenario's shell when it flies exactly one walker or shell constellation, else undefined. */
export function singleShell(constellations: readonly ConstellationSpec[]): StudyShell | undefined {
  if (constellations.length !== 1) return undefined;
  const c = constellations[0]!;
  if (c.kind === "walker") return { altKm: c.altKm, thicknessKm: undefined };
  if (c.kind === "shell") return { altKm: c.altKm, thicknessKm: c.thicknessKm };
  return undefined;
}

/** Undefined when there is no LEO shell to project (a TLE fleet, several constellations, no satellites). */
export function projectDebrisDecades(shell: StudyShell | undefined, satellites: number, satelliteMassKg: number, e: Economics): DebrisDecades | undefined {
  if (!shell || satellites === 0 || shell.altKm < LEO_MIN_KM || shell.altKm > LEO_MAX_KM) return undefined;
  const r = projectConstellationDebris({
    satellites,
    altKm: shell.altKm,
    thicknessKm: shell.thicknessKm ?? e.shellThicknessKm,
    satelliteMassKg,
    satelliteAreaM2: e.satelliteAreaM2,
    lifetimeYears: e.lifetimeYears,
    disposalReliability: e.disposalReliability,
    years: PROJECTION_YEARS,
  });
  // Rows are yearly; a projection stopped early (fragments past 1e12) ends at its last row.
  const at = (years: number) => r.rows.findLast((row) => row.years <= years + 1e-9) ?? r.rows[0]!;
  const objects = (years: number) => at(years).derelicts + at(years).fragments;
  return {
    objects25y: objects(25),
    objects50y: objects(PROJECTION_YEARS),
    reproduction50y: at(PROJECTION_YEARS).reproduction,
    runawayFromYears: r.runawayFromYears ?? undefined,
  };
}
