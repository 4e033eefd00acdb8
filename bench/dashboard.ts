/// <reference lib="dom" />
/**
 * dashboard.frame_ms.<n>: the dashboard page's median frame time (requestAnimationFrame interval)
 * in headless Chromium on the map while a fleet of n satellites moves (a new positions frame every
 * 500 ms, as the gateway sends them), against the same page's frame time with no fleet, measured
 * in the same run; goal under 33 ms at 100,000. dashboard.update_ms.<n>: the page's work per
 * positions frame (decode, upload, draw). dashboard.bytes_per_s_per_page.100k: what the gateway
 * writes to one open page each second, against the telemetry it reads from the bus for it.
 * Synthetic circular Walker planes of 1,000 satellites through a real Gateway on the in-process
 * bus: the page, the gateway and the wire format are the ones users get.
 */
import { gmstRad, sunPositionKm, sunlitFraction } from "@orbitwin/physics";
import {
  CLUSTER_TELEMETRY_VERSION,
  Health,
  buckets,
  clusterDefinition,
  clusterTelemetry,
  float32ToBin,
  subjects,
  type ClusterTelemetry,
} from "@orbitwin/protocol";
import { LocalBus, silentLogger } from "@orbitwin/runtime";
import { testClusterDefinition } from "@orbitwin/runtime/testing";
import { Gateway } from "@orbitwin/gateway";
import { chromium, type Browser } from "playwright-core";
import type { BenchRecord } from "./results.js";

const PER_CLUSTER = 1000;
const ALT_KM = 550;
const MU = 398_600.4418;
const R_KM = 6378.137 + ALT_KM;
const EPOCH_MS = Date.UTC(2026, 4, 13);
const TICK_WALL_MS = 500;
const DT_S = 10;
const MEASURE_MS = 8000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** One orbital plane of a 53-degree Walker shell of `planes` planes at tick `tick`. */
function batch(cluster: number, planes: number, tick: number): Uint8Array {
  const n = PER_CLUSTER;
  const raan = (2 * Math.PI * cluster) / planes;
  const inc = (53 * Math.PI) / 180;
  const rate = Math.sqrt(MU / R_KM ** 3);
  const simTimeMs = EPOCH_MS + tick * DT_S * 1000;
  const gmst = gmstRad(simTimeMs);
  const sun = sunPositionKm(simTimeMs);
  const pos = new Float64Array(3 * n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const sunlit = new Float64Array(n);
  const soc = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = (2 * Math.PI * i) / n + (2 * Math.PI * cluster) / (planes * 7) + rate * tick * DT_S;
    const [cu, su, co, so, ci, si] = [Math.cos(u), Math.sin(u), Math.cos(raan), Math.sin(raan), Math.cos(inc), Math.sin(inc)];
    const [x, y, z] = [R_KM * (co * cu - so * su * ci), R_KM * (so * cu + co * su * ci), R_KM * su * si];
    pos.set([x, y, z], 3 * i);
    lat[i] = (Math.asin(z / R_KM) * 180) / Math.PI;
    lon[i] = ((((Math.atan2(y, x) - gmst) * 180) / Math.PI + 540) % 360) - 180;
    sunlit[i] = sunlitFraction(x, y, z, sun);
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
    velKmS: orbitColumn(new Float64Array(3 * n)),
    latDeg: orbitColumn(lat),
    lonDeg: orbitColumn(lon),
    altKm: orbitColumn(new Float64Array(n).fill(ALT_KM)),
    sunlitFraction: orbitColumn(sunlit),
    status: new Uint8Array(n),
    health: new Uint8Array(n).fill(Health.nominal),
    batterySoc: float32ToBin(soc),
  };
  return clusterTelemetry.encode(t);
}

interface Trial {
  frameMs: number;
  frameP95Ms: number;
  updateMs: number;
  bytesPerSecond: number;
  busBytesPerSecond: number;
}

/** One page open on a gateway fed `satellites` moving satellites (0: an empty map, the baseline). */
async function trial(browser: Browser, satellites: number, log: (line: string) => void): Promise<Trial> {
  const bus = new LocalBus();
  const gateway = new Gateway({ bus, run: "bench", log: silentLogger(), frameMs: TICK_WALL_MS });
  await gateway.start();
  const planes = satellites / PER_CLUSTER;
  // Batches name their satellites by their cluster definition's order: the gateway reads the ids there.
  const clusters = await bus.kv(buckets.clusters("bench"));
  for (let c = 0; c < planes; c++) await clusters.put(`c${c}`, clusterDefinition.encode(testClusterDefinition("bench", `c${c}`, PER_CLUSTER)));
  let tick = 0;
  let busBytes = 0;
  const publishTick = () => {
    for (let c = 0; c < planes; c++) {
      const bytes = batch(c, planes, tick);
      busBytes += bytes.byteLength;
      bus.publish(subjects.clusterTelemetry("bench", `c${c}`), bytes);
    }
    tick++;
  };
  publishTick();
  const ticker = setInterval(publishTick, TICK_WALL_MS);
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  // tsx names the functions it compiles with a `__name` helper the page does not have.
  await page.addInitScript("globalThis.__name = (f) => f;");
  try {
    await page.goto(gateway.url);
    await page.waitForFunction((n) => document.body.dataset.drawn === String(n) || (n === 0 && document.body.dataset.ready === "true"), satellites, {
      timeout: 120_000,
    });
    const before = gateway.streamStats().bytesWritten;
    const busBefore = busBytes;
    const started = Date.now();
    const intervals = await page.evaluate(async (ms) => {
      performance.clearMeasures("orbitwin.frame");
      const stamps: number[] = [];
      await new Promise<void>((done) => {
        const end = performance.now() + ms;
        const step = (t: number) => {
          stamps.push(t);
          if (t < end) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      return stamps.slice(1).map((t, i) => t - stamps[i]!);
    }, MEASURE_MS);
    const seconds = (Date.now() - started) / 1000;
    const updates = await page.evaluate(() => performance.getEntriesByName("orbitwin.frame").map((e) => e.duration));
    const result = {
      frameMs: quantile(intervals, 0.5),
      frameP95Ms: quantile(intervals, 0.95),
      updateMs: updates.length ? quantile(updates, 0.5) : 0,
      bytesPerSecond: (gateway.streamStats().bytesWritten - before) / seconds,
      busBytesPerSecond: (busBytes - busBefore) / seconds,
    };
    log(
      `  ${satellites.toLocaleString()} satellites: frame ${result.frameMs.toFixed(1)} ms (p95 ${result.frameP95Ms.toFixed(1)}), update ${result.updateMs.toFixed(1)} ms, ${Math.round(result.bytesPerSecond).toLocaleString()} B/s to the page`,
    );
    return result;
  } finally {
    clearInterval(ticker);
    await page.close();
    await gateway.stop();
    await bus.drain();
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export async function benchDashboard(log: (line: string) => void): Promise<BenchRecord[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const idle = await trial(browser, 0, log);
    const records: BenchRecord[] = [];
    for (const [n, label] of [
      [10_000, "10k"],
      [100_000, "100k"],
    ] as const) {
      const t = await trial(browser, n, log);
      records.push(
        {
          name: `dashboard.frame_ms.${label}`,
          value: t.frameMs,
          unit: "ms",
          baseline: idle.frameMs,
          ratio: t.frameMs / idle.frameMs,
          note: `median requestAnimationFrame interval on the map while ${n.toLocaleString()} satellites move (p95 ${t.frameP95Ms.toFixed(1)} ms), headless Chromium with software WebGL; goal < 33 ms at 100k; baseline = the same page with no fleet`,
        },
        {
          name: `dashboard.update_ms.${label}`,
          value: t.updateMs,
          unit: "ms",
          baseline: idle.frameMs,
          ratio: t.updateMs / idle.frameMs,
          note: "median page work per positions frame (decode, upload, draw), every 500 ms; baseline = the idle frame interval",
        },
      );
      if (n === 100_000)
        records.push({
          name: "dashboard.bytes_per_s_per_page.100k",
          value: t.bytesPerSecond,
          unit: "B/s",
          baseline: t.busBytesPerSecond,
          ratio: t.bytesPerSecond / t.busBytesPerSecond,
          note: "what the gateway writes to one open page (14 B per satellite per frame, 2 frames/s); baseline = cluster telemetry the gateway reads from the bus in the same time",
        });
    }
    return records;
  } finally {
    await browser.close();
  }
}

/** An orbit column as hosts publish it (layout 3: float32). */
function orbitColumn(values: Float64Array): Uint8Array {
  return float32ToBin(Float32Array.from(values));
}
