/**
 * Every study in studies/ runs in its reduced form (tiny fleets, hours), each variant a real run
 * of the twin, and where physics fixes the direction of a result, the direction is asserted.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { silentLogger } from "@orbitwin/runtime";
import { readStudyFile } from "./study-file.js";
import { runVariant } from "./variant-runner.js";
import { expandStudy, variantWork } from "./variants.js";

const studyPath = (name: string) => fileURLToPath(new URL(`../../../../studies/${name}`, import.meta.url));

/** The reduced study's variants run one after another here: [the varied values, the metrics]. */
async function runReduced(name: string): Promise<{ values: Record<string, unknown>; metrics: Record<string, number | null> }[]> {
  const study = readStudyFile(studyPath(name), { reduced: true });
  const out = [];
  for (const variant of expandStudy(study))
    out.push({ values: variant.values, metrics: (await runVariant(variantWork(study, variant), silentLogger())).metrics });
  return out;
}

/** The metric's values in the order of the parameter's values (the studies vary one parameter in their reduced form). */
function along(rows: Awaited<ReturnType<typeof runReduced>>, path: string, metric: string): number[] {
  return [...rows].sort((a, b) => (a.values[path] as number) - (b.values[path] as number)).map((r) => r.metrics[metric] as number);
}

const nonDecreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]!);
const nonIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x <= xs[i - 1]!);
const TIMEOUT = { timeout: 300_000 };

describe("the shipped studies, reduced", () => {
  it("heat: more radiator area never raises the junction temperature (the GPU bus)", TIMEOUT, async () => {
    const junction = along(await runReduced("heat-radiator.yaml"), "bus.radiatorAreaM2", "junctionTempMaxK");
    expect(nonIncreasing(junction), `junction max K by radiator area: ${junction.join(", ")}`).toBe(true);
    expect(junction[0]!).toBeGreaterThan(junction[junction.length - 1]!);
  });

  it("heat: more radiator area never raises the junction temperature (Suncatcher)", TIMEOUT, async () => {
    const junction = along(await runReduced("heat-radiator-suncatcher.yaml"), "bus.radiatorAreaM2", "junctionTempMaxK");
    expect(nonIncreasing(junction), `junction max K by radiator area: ${junction.join(", ")}`).toBe(true);
    expect(junction[0]!).toBeGreaterThan(junction[junction.length - 1]!);
  });

  it("no repair crew: more spares never lower the capacity still working", TIMEOUT, async () => {
    const rows = await runReduced("no-repair-crew.yaml");
    const capacity = along(rows, "bus.spares", "workingCapacityFraction");
    expect(nonDecreasing(capacity), `working fraction by spares: ${capacity.join(", ")}`).toBe(true);
    // The accelerated failures do happen: without spares some capacity is lost.
    expect(capacity[0]!).toBeLessThan(1);
  });

  it("launch price: a cheaper launch never raises the cost per GPU-hour", TIMEOUT, async () => {
    const rows = await runReduced("launch-price.yaml");
    const cost = along(rows, "economics.launchUsdPerKg", "costPerGpuHourUsd");
    expect(nonDecreasing(cost), `$/GPU-hour by launch $/kg: ${cost.join(", ")}`).toBe(true);
    expect(cost[0]!).toBeLessThan(cost[2]!);
  });

  it("tipping point: more satellites in a shell never fewer close approaches", TIMEOUT, async () => {
    const rows = await runReduced("tipping-point.yaml");
    const approaches = along(rows, "constellations[0].satsPerPlane", "closeApproachesPerDay");
    expect(nonDecreasing(approaches), `close approaches a day by satellites per plane: ${approaches.join(", ")}`).toBe(true);
    expect(approaches[0]!).toBeGreaterThan(0);
  });

  it("five-year life: capacity, failures and replacement launches are counted for every altitude", TIMEOUT, async () => {
    const rows = await runReduced("five-year-life.yaml");
    for (const { metrics } of rows) {
      expect(metrics.workingCapacityFraction).toBeGreaterThanOrEqual(0);
      expect(metrics.workingCapacityFraction).toBeLessThanOrEqual(1);
      // The launches replace the accelerators lost: none lost, none launched.
      expect(metrics.replacementLaunchesPerYear === 0).toBe(metrics.workingCapacityFraction === 1);
    }
    // The inner belt's dose grows with altitude: a higher shell loses more of its compute.
    const capacity = along(rows, "constellations[0].altKm", "workingCapacityFraction");
    expect(capacity[1]!).toBeLessThan(capacity[0]!);
  });
});
