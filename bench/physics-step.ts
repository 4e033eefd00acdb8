/**
 * physics.step.ratio: the full subsystem step (orbit, shadow, power, battery, thermal, radiation,
 * failures) for clusters of the real Starlink fleet, in satellite-steps per second, against the
 * plain satellite.js propagate loop over the same satellites in the same run.
 */
import { readFileSync } from "node:fs";
import { propagate } from "satellite.js";
import {
  busPresets,
  createOrbitState,
  createSatelliteState,
  parseTle,
  propagateBatch,
  stepSatellites,
  sunPositionKm,
  sunlitFractionBatch,
  toSatrec,
  type SatRec,
} from "@orbitwin/physics";
import type { BenchRecord } from "./results.js";

const STEPS = 30;
const ROUNDS = 3;
const CLUSTER_SIZE = 500;

export function benchPhysicsStep(tlePath: string): BenchRecord[] {
  const satrecs: SatRec[] = parseTle(readFileSync(tlePath, "utf8"), tlePath).map((e) => toSatrec(e));
  const spec = busPresets["starlink-v2-mini-gpu"]!;
  const clusters: { satrecs: SatRec[]; orbit: ReturnType<typeof createOrbitState>; sunlit: Float64Array; status: Uint8Array; state: ReturnType<typeof createSatelliteState>; first: number }[] = [];
  for (let i = 0; i < satrecs.length; i += CLUSTER_SIZE) {
    const part = satrecs.slice(i, i + CLUSTER_SIZE);
    clusters.push({ satrecs: part, orbit: createOrbitState(part.length), sunlit: new Float64Array(part.length), status: new Uint8Array(part.length), state: createSatelliteState(spec, part.length), first: i });
  }
  const startMs = Date.UTC(2026, 4, 13);
  const sun = new Float64Array(3);
  const baseline = () => {
    const t0 = performance.now();
    for (let s = 0; s < STEPS; s++) {
      const date = new Date(startMs + s * 1000);
      for (const satrec of satrecs) propagate(satrec, date);
    }
    return performance.now() - t0;
  };
  const full = () => {
    const t0 = performance.now();
    for (let s = 0; s < STEPS; s++) {
      const t = startMs + s * 1000;
      sunPositionKm(t, sun);
      for (const c of clusters) {
        propagateBatch(c.satrecs, t, c.orbit);
        sunlitFractionBatch(c.orbit.posKm, c.satrecs.length, sun, c.sunlit);
        for (let k = 0; k < c.satrecs.length; k++) c.status[k] = c.orbit.errorCode[k] === 0 ? 0 : 1;
        stepSatellites(spec, c.state, { sunlitFraction: c.sunlit, latDeg: c.orbit.latDeg, lonDeg: c.orbit.lonDeg, altKm: c.orbit.altKm, status: c.status }, 1, 1, { seed: 1, tick: s, firstEntity: c.first });
      }
    }
    return performance.now() - t0;
  };
  baseline();
  full();
  let baselineMs = Infinity;
  let fullMs = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    baselineMs = Math.min(baselineMs, baseline());
    fullMs = Math.min(fullMs, full());
  }
  const steps = satrecs.length * STEPS;
  const baselineRate = steps / (baselineMs / 1000);
  const fullRate = steps / (fullMs / 1000);
  return [
    {
      name: "physics.step.ratio",
      value: fullRate,
      unit: "satellite-steps/s",
      baseline: baselineRate,
      ratio: fullRate / baselineRate,
      note: `orbit + shadow + power + battery + 3-node thermal + radiation + failures for ${satrecs.length} Starlink satellites x ${STEPS} steps; baseline = satellite.js propagate loop`,
    },
  ];
}
