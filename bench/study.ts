/**
 * study.variants_per_hour: the heat study's variant (heat-radiator.yaml's full fleet: 22 GPU
 * satellites under the thermal service, at 10 s ticks where the study's year steps 60 s, so that
 * the figure stays comparable with earlier days) over one simulated day instead of a year, as
 * `orbitwin study` runs it end to end with one worker (NATS started, workers started, variants
 * queued, results stored), against the same variants run one after another by hand with
 * `orbitwin run` (baseline, same run). study.speedup_1_to_2_workers: the same study's wall time
 * with one worker over that with two. A day keeps the bench to minutes while each variant's
 * ticks, not its start, dominate its time, as in the real study.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchRecord } from "./results.js";

const CLI = fileURLToPath(new URL("../packages/cli/dist/main.js", import.meta.url));
const GPU_FLEET = fileURLToPath(new URL("../scenarios/gpu-fleet.yaml", import.meta.url));
const RADIATORS_M2 = [4, 6, 8, 10, 12, 16, 20, 26];

function studyFile(dir: string): string {
  const path = join(dir, "bench-heat.yaml");
  writeFileSync(
    path,
    [
      "study: bench-heat",
      `base: ${GPU_FLEET}`,
      "span: 1d",
      "seeds: [1]",
      // Block style: a key with [0] in it would end a YAML flow mapping.
      "set:",
      "  constellations[0].planes: 2",
      "  constellations[0].satsPerPlane: 11",
      "  constellations[0].phasing: 1",
      "vary:",
      `  bus.radiatorAreaM2: [${RADIATORS_M2.join(", ")}]`,
      "metrics: [junctionTempMaxK, throttledHours, deliveredAcceleratorHours]",
    ].join("\n"),
  );
  return path;
}

function timed(args: string[], cwd: string): { wallMs: number; stdout: string } {
  const startMs = performance.now();
  const stdout = execFileSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NATS_URL: "" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  return { wallMs: performance.now() - startMs, stdout };
}

export function benchStudy(log: (line: string) => void): BenchRecord[] {
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-bench-study-"));
  const file = studyFile(dir);
  log(`the heat study's variant: ${RADIATORS_M2.length} variants with 1 worker, then 2 ...`);
  const one = timed(["study", file, "--workers", "1", "--out", join(dir, "one"), "--json"], dir);
  const two = timed(["study", file, "--workers", "2", "--out", join(dir, "two"), "--json"], dir);
  const variants = (JSON.parse(one.stdout) as { variants: { id: string }[] }).variants;
  log("the same variants by hand, orbitwin run one after another ...");
  let byHandMs = 0;
  for (const v of variants) byHandMs += timed(["run", join(dir, "one", "variants", `${v.id}.json`), "--json"], dir).wallMs;
  const perHour = (count: number, ms: number) => (count * 3_600_000) / ms;
  const studyPerHour = perHour(variants.length, one.wallMs);
  const byHandPerHour = perHour(variants.length, byHandMs);
  const csv = (out: string) => readFileSync(join(dir, out, "results.csv"), "utf8");
  if (!sameDigests(csv("one"), csv("two"))) throw new Error("the study gave other digests with two workers than with one");
  return [
    {
      name: "study.variants_per_hour",
      value: studyPerHour,
      unit: "variants/h",
      baseline: byHandPerHour,
      ratio: studyPerHour / byHandPerHour,
      note: `orbitwin study --workers 1, ${variants.length} variants of the heat study's variant (22 satellites, 1 d at 10 s), start to finish; baseline = orbitwin run of each variant's scenario one after another`,
    },
    {
      name: "study.speedup_1_to_2_workers",
      value: one.wallMs / two.wallMs,
      unit: "x",
      baseline: 1,
      ratio: one.wallMs / two.wallMs,
      note: `wall time of the same study with 1 worker (${Math.round(one.wallMs / 1000)} s) over 2 workers (${Math.round(two.wallMs / 1000)} s) on this machine; equal digests checked`,
    },
  ];
}

/** The digest column of two results.csv files (wall times differ, digests must not). */
function sameDigests(a: string, b: string): boolean {
  const column = (csv: string) => {
    const [header, ...rows] = csv.trim().split("\n");
    const at = header!.split(",").indexOf("digest");
    return rows.map((r) => r.split(",")[at]).join(" ");
  };
  return column(a) === column(b);
}
