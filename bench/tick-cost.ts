/**
 * study.tick_cost_ratio: CPU time of a tick of the heat study's reduced variant as a study worker
 * runs it (coordinator, fleet host and thermal in one process on the in-process bus; two GPU
 * satellites), over the fleet step of the same clusters alone (orbit and every subsystem,
 * ClusterActor.step): how many times its physics a small fleet's tick costs, the clock protocol,
 * messages and thermal control being the rest. CPU time, not wall time: on a shared machine a
 * run's wall time is mostly waiting for a core. Best of ROUNDS after a warm-up, same run.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenarioFile } from "@orbitwin/coordinator";
import { ClusterActor } from "@orbitwin/fleet";
import { sunPositionKm } from "@orbitwin/physics";
import { silentLogger } from "@orbitwin/runtime";
import { startTwin } from "../packages/cli/dist/twin-launcher.js";
import type { BenchRecord } from "./results.js";

const ROUNDS = 3;
const SPAN_H = 6;
const PHYSICS_PASSES = 20;

/** The heat study's reduced variant as a scenario of its own (gpu-fleet.yaml with the study's reduced set). */
function variantFile(dir: string): string {
  const path = join(dir, "tick-cost.yaml");
  writeFileSync(
    path,
    [
      "name: tick-cost",
      "epoch: 2026-05-13T00:00:00Z",
      "dt: 10s",
      `duration: ${SPAN_H}h`,
      "seed: 1",
      "bus: { preset: starlink-v2-mini-gpu }",
      "thermal: { junctionMarginK: 8, hysteresisK: 6, safeModeSoc: 0.25, resumeSoc: 0.5 }",
      "constellations:",
      "  - { kind: walker, name: gpu, planes: 1, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53 }",
    ].join("\n"),
  );
  return path;
}

/** CPU time of this process since `from`, ms. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

/** CPU ms per tick of the whole twin, in this process as a study worker runs a variant. */
async function twinMsPerTick(path: string, dir: string, round: number): Promise<number> {
  const started = process.cpuUsage();
  const twin = await startTwin({
    scenarioPath: path,
    run: `tick-cost-${round}`,
    hosts: 1,
    speed: null,
    log: silentLogger(),
    runDir: dir,
    inProcess: true,
    history: { sampleEveryTicks: 0 },
  });
  try {
    const { ticks } = await twin.finished();
    return cpuMsSince(started) / ticks;
  } finally {
    await twin.stop();
  }
}

/** CPU ms per tick of the same clusters' fleet step alone, over PHYSICS_PASSES runs of the span (one is a few ms). */
function physicsMsPerTick(path: string): number {
  const { scenario, clusters } = loadScenarioFile(path, "tick-cost");
  const passes = Array.from({ length: PHYSICS_PASSES }, () => clusters.map((def) => new ClusterActor(def, scenario.seed)));
  const ticks = Math.round((SPAN_H * 3_600_000) / scenario.dtMs) + 1;
  const sunKm = new Float64Array(3);
  const started = process.cpuUsage();
  for (const actors of passes) {
    for (let tick = 0; tick < ticks; tick++) {
      const simTimeMs = scenario.epochMs + tick * scenario.dtMs;
      sunPositionKm(simTimeMs, sunKm);
      for (const actor of actors) actor.step(tick, simTimeMs, sunKm, simTimeMs - scenario.epochMs);
    }
  }
  return cpuMsSince(started) / (ticks * PHYSICS_PASSES);
}

export async function benchTickCost(log: (line: string) => void): Promise<BenchRecord[]> {
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-bench-tick-"));
  const path = variantFile(dir);
  log(`a small fleet's tick: the heat variant (2 satellites, ${SPAN_H} h at 10 s) in one process, against its fleet step alone ...`);
  // Interleaved, so machine noise hits both alike; each side's best round after a warm-up.
  await twinMsPerTick(path, dir, 0);
  physicsMsPerTick(path);
  let twinMs = Infinity;
  let physicsMs = Infinity;
  for (let round = 1; round <= ROUNDS; round++) {
    twinMs = Math.min(twinMs, await twinMsPerTick(path, dir, round));
    physicsMs = Math.min(physicsMs, physicsMsPerTick(path));
  }
  return [
    {
      name: "study.tick_cost_ratio",
      value: twinMs * 1000,
      unit: "us/tick",
      baseline: physicsMs * 1000,
      ratio: twinMs / physicsMs,
      note: `CPU time per tick of the heat study's reduced variant (2 GPU satellites, thermal control) as a study worker runs it, coordinator, fleet host and thermal in one process; baseline = the same clusters' fleet step alone (orbit and every subsystem); ratio = what a tick costs in its physics' worth (lower is better), best of ${ROUNDS}`,
    },
  ];
}
