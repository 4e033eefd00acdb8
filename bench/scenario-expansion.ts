/**
 * How long expanding a scenario into cluster definitions takes and how much heap the result
 * holds. Run alone (not part of `npm run bench`):
 *   node --expose-gc --import tsx --conditions=@orbitwin/source bench/scenario-expansion.ts scenarios/spacex-odc-1m.yaml
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { expandScenario } from "@orbitwin/coordinator";
import { parseScenario } from "@orbitwin/protocol";

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsedAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function main(): void {
  const path = process.argv[2];
  if (!path) throw new Error("usage: bench/scenario-expansion.ts SCENARIO.yaml");
  if (!gc) process.stderr.write("note: run node with --expose-gc for a retained-heap figure\n");
  const text = readFileSync(path, "utf8");
  const before = heapUsedAfterGc();
  const t0 = performance.now();
  const scenario = parseScenario(text, path);
  const clusters = expandScenario(scenario, { run: "bench", source: path, readElementFile: (f) => readFileSync(f, "utf8") });
  const elapsedMs = performance.now() - t0;
  const peakRssBytes = process.memoryUsage().rss;
  const retained = heapUsedAfterGc() - before;
  const satellites = clusters.reduce((n, c) => n + c.satIds.length, 0);
  process.stdout.write(
    JSON.stringify({
      scenario: scenario.name,
      satellites,
      clusters: clusters.length,
      expandMs: Math.round(elapsedMs),
      retainedHeapBytesPerSatellite: Math.round(retained / satellites),
      rssBytes: peakRssBytes,
    }) + "\n",
  );
}

main();
