/**
 * (a) Satellite-steps per second of the fleet kernel (Sgp4Batch.step: SGP4, geodetic, conical
 * shadow) against satellite.js's raw `sgp4(satrec, tsince)` over the same satellites, and of the
 * whole fleet step (ClusterActor: the kernel, status, commands) against a plain satellite.js
 * `propagate` loop; one thread, same run.
 */
import { readFileSync } from "node:fs";
import { propagate, sgp4, type SatRec } from "satellite.js";
import { Sgp4Batch, createOrbitState, parseTle, satrecEpochMs, sunPositionKm, toSatrec, type MeanElements } from "@orbitwin/physics";
import { ClusterActor } from "@orbitwin/fleet";
import { clusterDefinitionOf, type ClusterDefinition } from "@orbitwin/protocol";
import type { BenchRecord } from "./results.js";

const STEPS = 60;
const ROUNDS = 3;
const CLUSTER_SIZE = 500;
const KERNEL_CLUSTER_SIZE = 1000;

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
  const kernel = benchKernel(satrecs, startMs);
  const stepsTotal = satrecs.length * STEPS;
  const baselineRate = stepsTotal / (baselineMs / 1000);
  const fleetRate = stepsTotal / (fleetMs / 1000);
  return [
    kernel,
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

/** fleet.kernel.ratio: the kernel over clusters of 1,000 against raw satellite.js sgp4, same satellites and times. */
function benchKernel(satrecs: readonly SatRec[], startMs: number): BenchRecord {
  const epochMin = satrecs.map((s) => satrecEpochMs(s) / 60_000);
  const clusters: { batch: Sgp4Batch; out: ReturnType<typeof createOrbitState>; sunlit: Float64Array }[] = [];
  for (let i = 0; i < satrecs.length; i += KERNEL_CLUSTER_SIZE) {
    const part = satrecs.slice(i, i + KERNEL_CLUSTER_SIZE);
    clusters.push({ batch: Sgp4Batch.fromSatrecs(part), out: createOrbitState(part.length), sunlit: new Float64Array(part.length) });
  }
  const sun = new Float64Array(3);
  const rawLoop = () => {
    const t0 = performance.now();
    for (let s = 0; s < STEPS; s++) {
      const timeMin = (startMs + s * 1000) / 60_000;
      for (let k = 0; k < satrecs.length; k++) sgp4(satrecs[k]!, timeMin - epochMin[k]!);
    }
    return performance.now() - t0;
  };
  const kernelLoop = () => {
    const t0 = performance.now();
    for (let s = 0; s < STEPS; s++) {
      const t = startMs + s * 1000;
      sunPositionKm(t, sun);
      for (const c of clusters) c.batch.step(t, sun, c.out, c.sunlit);
    }
    return performance.now() - t0;
  };
  let rawMs = Infinity;
  let kernelMs = Infinity;
  rawLoop();
  kernelLoop();
  for (let r = 0; r < ROUNDS; r++) {
    rawMs = Math.min(rawMs, rawLoop());
    kernelMs = Math.min(kernelMs, kernelLoop());
  }
  const steps = satrecs.length * STEPS;
  const rawRate = steps / (rawMs / 1000);
  const kernelRate = steps / (kernelMs / 1000);
  return {
    name: "fleet.kernel.ratio",
    value: kernelRate,
    unit: "satellite-steps/s",
    baseline: rawRate,
    ratio: kernelRate / rawRate,
    note: `fleet kernel (SGP4 + geodetic + conical shadow, clusters of ${KERNEL_CLUSTER_SIZE}) for ${satrecs.length} Starlink satellites x ${STEPS} steps, one thread; baseline = satellite.js raw sgp4(satrec, tsince) (position and velocity only); goal >= 1.8`,
  };
}

function definition(cluster: string, elements: MeanElements[]): ClusterDefinition {
  return clusterDefinitionOf({ run: "bench", constellation: "starlink", cluster, satIds: elements.map((_, i) => `${cluster}-${i}`), elements });
}
