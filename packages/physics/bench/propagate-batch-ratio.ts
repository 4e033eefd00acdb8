/**
 * propagateBatch vs a plain satellite.js loop, in satellite-steps per second, over the 10,361
 * Starlink satellites of ../shared/data, measured in the same run (a ratio, never a bare time).
 * The baseline is `propagate(satrec, new Date(t))` per satellite (TEME only); propagateBatch also
 * writes velocities and WGS-84 geodetic coordinates. Contract: ratio >= 0.8.
 *   npx tsx --conditions=@orbitwin/source packages/physics/bench/propagate-batch-ratio.ts
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { propagate, type SatRec } from "satellite.js";
import { createOrbitState, parseTle, propagateBatch, toSatrec } from "@orbitwin/physics";

const file = fileURLToPath(new URL("../../../../shared/data/starlink-2026-05.tle", import.meta.url));
const satrecs: SatRec[] = parseTle(readFileSync(file, "utf8"), file).map((e) => toSatrec(e));
const t0 = Date.UTC(2026, 4, 13);
const ticks = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 3);
const state = createOrbitState(satrecs.length);
let sink = 0;

function baseline(tick0: number): number {
  const start = performance.now();
  for (let k = 0; k < ticks; k++) {
    const date = t0 + (tick0 + k) * 1000;
    for (let i = 0; i < satrecs.length; i++) {
      const pv = propagate(satrecs[i]!, new Date(date));
      if (pv) sink += pv.position.x;
    }
  }
  return (ticks * satrecs.length) / ((performance.now() - start) / 1000);
}

function batch(tick0: number): number {
  const start = performance.now();
  for (let k = 0; k < ticks; k++) {
    propagateBatch(satrecs, t0 + (tick0 + k) * 1000, state);
    sink += state.posKm[0]! + state.altKm[0]!;
  }
  return (ticks * satrecs.length) / ((performance.now() - start) / 1000);
}

// Warm both paths up, then alternate so drift in machine load hits both alike.
baseline(0);
batch(0);
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const b = baseline(100 * (r + 1));
  const p = batch(100 * (r + 1));
  ratios.push(p / b);
  console.log(JSON.stringify({ round: r, baselineSatStepsPerS: Math.round(b), batchSatStepsPerS: Math.round(p), ratio: Number((p / b).toFixed(3)) }));
}
ratios.sort((a, b) => a - b);
console.log(JSON.stringify({ satellites: satrecs.length, ticks, medianRatio: Number(ratios[Math.floor(ratios.length / 2)]!.toFixed(3)), sink: Number.isFinite(sink) }));
