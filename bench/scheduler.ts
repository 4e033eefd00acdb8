/**
 * scheduler.<policy>.decide_ms_per_tick: the scheduler's work for one tick (take in every
 * cluster's telemetry batch, account and react for every job, place the queue, compute the loads)
 * at 100,000 satellites in 100 clusters of 1,000 and 10,000 jobs, against the time to decode
 * the same tick's telemetry batches (what any participant pays to read a tick), measured in the
 * same run. Satellites fly circular Walker orbits so that shadows come and go and the
 * energy-aware policy moves jobs as it would in a run.
 */
import { sunPositionKm, sunlitFraction } from "@orbitwin/physics";
import {
  CLUSTER_TELEMETRY_VERSION,
  DEFAULT_RUN_LIMITS,
  Health,
  clusterTelemetry,
  float32ToBin,
  uint16ToBin,
  type ClusterTelemetry,
  type JobSpec,
  type PlacementPolicyName,
} from "@orbitwin/protocol";
import { ClusterView, SchedulerCore, placementPolicy } from "@orbitwin/scheduler";
import type { BenchRecord } from "./results.js";

const CLUSTERS = 100;
const PER_CLUSTER = 1000;
const JOBS = 10_000;
const TICKS = 12;
const DT_S = 60;
const ALT_KM = 550;
const MU = 398_600.4418;
const R_KM = 6378.137 + ALT_KM;
const EPOCH_MS = Date.UTC(2026, 4, 13);

/** One cluster = one orbital plane of a 53-degree Walker shell, at tick `tick`. */
function batch(cluster: number, tick: number): Uint8Array {
  const n = PER_CLUSTER;
  const raan = (2 * Math.PI * cluster) / CLUSTERS;
  const inc = (53 * Math.PI) / 180;
  const rate = Math.sqrt(MU / R_KM ** 3);
  const v = Math.sqrt(MU / R_KM);
  const pos = new Float64Array(3 * n);
  const vel = new Float64Array(3 * n);
  const sunlit = new Float64Array(n);
  const soc = new Float32Array(n);
  const simTimeMs = EPOCH_MS + tick * DT_S * 1000;
  const sun = sunPositionKm(simTimeMs);
  for (let i = 0; i < n; i++) {
    const u = (2 * Math.PI * i) / n + (2 * Math.PI * cluster) / (CLUSTERS * 7) + rate * tick * DT_S;
    const [cu, su, co, so, ci, si] = [Math.cos(u), Math.sin(u), Math.cos(raan), Math.sin(raan), Math.cos(inc), Math.sin(inc)];
    pos[3 * i] = R_KM * (co * cu - so * su * ci);
    pos[3 * i + 1] = R_KM * (so * cu + co * su * ci);
    pos[3 * i + 2] = R_KM * su * si;
    vel[3 * i] = v * (-co * su - so * cu * ci);
    vel[3 * i + 1] = v * (-so * su + co * cu * ci);
    vel[3 * i + 2] = v * cu * si;
    sunlit[i] = sunlitFraction(pos[3 * i]!, pos[3 * i + 1]!, pos[3 * i + 2]!, sun);
    soc[i] = sunlit[i]! > 0.5 ? 0.95 : 0.6;
  }
  const t: ClusterTelemetry = {
    v: CLUSTER_TELEMETRY_VERSION,
    run: "bench",
    cluster: `c${cluster}`,
    tick,
    simTimeMs,
    count: n,
    posKm: orbitColumn(pos),
    velKmS: orbitColumn(vel),
    latDeg: orbitColumn(new Float64Array(n)),
    lonDeg: orbitColumn(new Float64Array(n)),
    altKm: orbitColumn(new Float64Array(n).fill(ALT_KM)),
    sunlitFraction: orbitColumn(sunlit),
    status: new Uint8Array(n),
    health: new Uint8Array(n).fill(Health.nominal),
    batterySoc: float32ToBin(soc),
    consumedW: float32ToBin(new Float32Array(n).fill(12_000)),
    junctionK: float32ToBin(new Float32Array(n).fill(340)),
    junctionLimitK: float32ToBin(new Float32Array(n).fill(368)),
    clock: float32ToBin(new Float32Array(n).fill(1)),
    dutyCycle: float32ToBin(new Float32Array(n).fill(1)),
    acceleratorsActive: uint16ToBin(new Uint16Array(n).fill(16)),
    acceleratorsFailed: uint16ToBin(new Uint16Array(n)),
  };
  return clusterTelemetry.encode(t);
}

/** A mix of gangs, batch and inference jobs, about 40 % of the fleet's accelerators. */
function jobs(): JobSpec[] {
  return Array.from({ length: JOBS }, (_, i): JobSpec => {
    if (i % 10 < 3) return { kind: "training", accelerators: 64 * (1 + (i % 4)), acceleratorHours: 1e6 };
    if (i % 10 < 8) return { kind: "batch", accelerators: 32, acceleratorHours: 1e6 };
    return { kind: "inference", accelerators: 16, acceleratorHours: 1e6, latencyClass: i % 2 === 0 ? "interactive" : "standard" };
  });
}

function measure(policyName: PlacementPolicyName, encoded: Uint8Array[][]): { decideMs: number; firstMs: number; decodeMs: number; placed: number } {
  const policy = placementPolicy(policyName);
  const core = new SchedulerCore({ policy, islGbps: 100 });
  // As a client must: one submission holds at most jobsPerSubmit jobs.
  const all = jobs();
  for (let i = 0; i < all.length; i += DEFAULT_RUN_LIMITS.jobsPerSubmit) core.submit(all.slice(i, i + DEFAULT_RUN_LIMITS.jobsPerSubmit));
  const views = new Map<string, ClusterView>();
  let decideMs = 0;
  let decodeMs = 0;
  let firstMs = 0;
  const ticks = encoded.length;
  for (let tick = 0; tick < ticks; tick++) {
    const t0 = performance.now();
    const decoded = encoded[tick]!.map((bytes) => clusterTelemetry.decode(bytes));
    const t1 = performance.now();
    for (const t of decoded) {
      let view = views.get(t.cluster);
      if (!view)
        views.set(
          t.cluster,
          (view = new ClusterView(
            t.cluster,
            Array.from({ length: t.count }, (_, i) => `${t.cluster}-s${i}`),
          )),
        );
      view.ingest(t, policy.sunAhead);
    }
    core.decide({ tick, dtS: tick === 0 ? 0 : DT_S }, views);
    const t2 = performance.now();
    // Tick 0 places all 10,000 jobs at once; the steady state is what a run pays every tick.
    if (tick === 0) firstMs = t2 - t1;
    else {
      decideMs += t2 - t1;
      decodeMs += t1 - t0;
    }
  }
  const status = core.status(0);
  return { decideMs: decideMs / (ticks - 1), firstMs, decodeMs: decodeMs / (ticks - 1), placed: status.running + status.paused };
}

export function benchScheduler(log: (line: string) => void): BenchRecord[] {
  log(`  building ${TICKS} ticks of telemetry for ${CLUSTERS * PER_CLUSTER} satellites ...`);
  const encoded = Array.from({ length: TICKS }, (_, tick) => Array.from({ length: CLUSTERS }, (_, c) => batch(c, tick)));
  const records: BenchRecord[] = [];
  for (const policy of ["first-fit", "energy-aware"] as const) {
    measure(policy, encoded.slice(0, 2));
    const m = measure(policy, encoded);
    records.push({
      name: `scheduler.${policy.replace("-", "_")}.decide_ms_per_tick`,
      value: m.decideMs,
      unit: "ms",
      baseline: m.decodeMs,
      ratio: m.decideMs / m.decodeMs,
      note: `${CLUSTERS * PER_CLUSTER} satellites, ${JOBS} jobs (${m.placed} placed), mean of ${TICKS - 1} steady ticks: take in telemetry + account + react + place + loads; first tick (placing every job) ${m.firstMs.toFixed(0)} ms; baseline = decoding the same tick's ${CLUSTERS} telemetry batches`,
    });
  }
  return records;
}

/** An orbit column as hosts publish it (layout 3: float32). */
function orbitColumn(values: Float64Array): Uint8Array {
  return float32ToBin(Float32Array.from(values));
}
