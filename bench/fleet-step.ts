/**
 * (a) Satellite-steps per second of the fleet step (ClusterActor: SGP4, geodetic, conical shadow,
 * status) against a plain satellite.js `propagate` loop over the same satellites, same run.
 */
import { readFileSync } from "node:fs";
import { propagate, type SatRec } from "satellite.js";
import { parseTle, sunPositionKm, toSatrec, type MeanElements } from "@orbitwin/physics";
import { ClusterActor } from "@orbitwin/fleet";
import { clusterDefinitionOf, type ClusterDefinition } from "@orbitwin/protocol";
import type { BenchRecord } from "./results.js";

const STEPS = 60;
const ROUNDS = 3;
const CLUSTER_SIZE = 500;

export function benchFleetStep(tlePath: string): BenchRecord[] {
  const elements = parseTle(readFileSync(tlePath, "utf8"), tlePath);
  const satrecs: SatRec[] = elements.map((e) => toSatrec(e));
  const actors: ClusterActor[] = [];
  for (let i = 0; i < elements.length; i += CLUSTER_SIZE) actors.push(new ClusterActor(definition(`c-${i}`, elements.slice(i, i + CLUSTER_SIZE))));
  const startMs = Date.UTC(2026, 4, 13);
  const sun = new Float64Array(3);

  const baselineLoop = () => {
    const t0 = performance.now();
    for (let s = 0; s < STEPS; s++) {
      const date = new Date(startMs + s * 1000);
      for (const satrec of satrecs) propagate(satrec, date);
    }
    return performance.now() - t0;
  };
  const fleetLoop = () => {
    const t0 = performance.now();
    for (let s = 0; s < STEPS; s++) {
      const t = startMs + s * 1000;
      sunPositionKm(t, sun);
      for (const actor of actors) actor.step(s, t, sun);
    }
    return performance.now() - t0;
  };
  // Interleave rounds so machine noise hits both alike; keep each side's best round.
  let baselineMs = Infinity;
  let fleetMs = Infinity;
  baselineLoop();
  fleetLoop();
  for (let r = 0; r < ROUNDS; r++) {
    baselineMs = Math.min(baselineMs, baselineLoop());
    fleetMs = Math.min(fleetMs, fleetLoop());
  }
  const stepsTotal = satrecs.length * STEPS;
  const baselineRate = stepsTotal / (baselineMs / 1000);
  const fleetRate = stepsTotal / (fleetMs / 1000);
  return [
    {
      name: "fleet.step.ratio",
      value: fleetRate,
      unit: "satellite-steps/s",
      baseline: baselineRate,
      ratio: fleetRate / baselineRate,
      note: `${satrecs.length} Starlink satellites x ${STEPS} steps; baseline = satellite.js propagate(satrec, Date) loop`,
    },
  ];
}

function definition(cluster: string, elements: MeanElements[]): ClusterDefinition {
  return clusterDefinitionOf({ run: "bench", constellation: "starlink", cluster, satIds: elements.map((_, i) => `${cluster}-${i}`), elements });
}
