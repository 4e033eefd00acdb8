/**
 * Every study in studies/ runs in its reduced form (tiny fleets, hours), each variant a real run
 * of the twin, and where physics fixes the direction of a result, the direction is asserted.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { silentLogger } from "@orbitwin/runtime";
import { readStudyFile } from "./study-file.js";
import type { StudyVariantResult } from "@orbitwin/protocol";
import { deriveResult, planRuns } from "./derived-variants.js";
import { runVariant } from "./variant-runner.js";
import { expandStudy, variantWork } from "./variants.js";

const studyPath = (name: string) => fileURLToPath(new URL(`../../../../studies/${name}`, import.meta.url));

type Row = { values: Record<string, unknown>; metrics: Record<string, number | null>; digest: string; derivedFrom?: string };

/**
 * The reduced study's variants, each run of the twin one after another here, and the variants
 * that differ from one only in assumed figures derived from its run (as `orbitwin study` does).
 */
async function runReduced(name: string): Promise<Row[]> {
  const study = readStudyFile(studyPath(name), { reduced: true });
  const variants = expandStudy(study);
  const plan = planRuns(variants);
  const ran = new Map<string, StudyVariantResult>();
  for (const variant of plan.runs) {
    const outcome = await runVariant(variantWork(study, variant), silentLogger());
    ran.set(variant.id, { v: 1, study: study.id, variantId: variant.id, seed: variant.seed, values: variant.values, worker: "test", ...outcome });
  }
  return variants.map((v) => {
    const leader = plan.derivedFrom.get(v.id);
    return leader ? deriveResult(study, v, ran.get(leader.id)!) : ran.get(v.id)!;
  });
}

/** The metric's values in the order of the parameter's values (the studies vary one parameter in their reduced form). */
function along(rows: Row[], path: string, metric: string): number[] {
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

  it("launch price: a cheaper launch never raises the cost per GPU-hour, from one run whose results equal full reruns", TIMEOUT, async () => {
    const rows = await runReduced("launch-price.yaml");
    const cost = along(rows, "economics.launchUsdPerKg", "costPerGpuHourUsd");
    expect(nonDecreasing(cost), `$/GPU-hour by launch $/kg: ${cost.join(", ")}`).toBe(true);
    expect(cost[0]!).toBeLessThan(cost[2]!);
    // Only the launch price varies: one run of the twin, the other two variants derived from it.
    expect(rows.map((r) => r.derivedFrom === undefined)).toEqual([true, false, false]);
    const study = readStudyFile(studyPath("launch-price.yaml"), { reduced: true });
    for (const [i, variant] of expandStudy(study).entries()) {
      if (rows[i]!.derivedFrom === undefined) continue;
      const rerun = await runVariant(variantWork(study, variant), silentLogger());
      expect([rows[i]!.digest, rows[i]!.metrics]).toEqual([rerun.digest, rerun.metrics]);
    }
  });

  it("tipping point: more satellites never fewer close approaches or debris over decades; less disposal never less debris", TIMEOUT, async () => {
    const rows = await runReduced("tipping-point.yaml");
    const withDisposal = (fraction: number) => rows.filter((r) => r.values["economics.disposalReliability"] === fraction);
    const approaches = along(withDisposal(0.9), "constellations[0].satsPerPlane", "closeApproachesPerDay");
    expect(nonDecreasing(approaches), `close approaches a day by satellites per plane: ${approaches.join(", ")}`).toBe(true);
    expect(approaches[0]!).toBeGreaterThan(0);
    const debris90 = along(withDisposal(0.9), "constellations[0].satsPerPlane", "debrisObjects50y");
    const debris99 = along(withDisposal(0.99), "constellations[0].satsPerPlane", "debrisObjects50y");
    for (const debris of [debris90, debris99]) expect(nonDecreasing(debris), `debris after 50 years by satellites per plane: ${debris.join(", ")}`).toBe(true);
    debris90.forEach((objects, i) => expect(objects, "90 % disposal against 99 %").toBeGreaterThanOrEqual(debris99[i]!));
    expect(debris90[debris90.length - 1]!).toBeGreaterThan(debris99[debris99.length - 1]!);
    // The disposal reliability is applied after the run: its variants reuse the shell's run.
    expect(withDisposal(0.99).every((r) => r.derivedFrom !== undefined)).toBe(true);
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

/**
 * The full heat studies step a year at 60 s. The variant nearest the throttling edge, on a small
 * fleet over two days, at 60 s and at 10 s: the same peak junction, throttled and delivered hours.
 */
async function atStep(name: string, values: Record<string, number>, set: Record<string, unknown>, dt: string) {
  const study = readStudyFile(studyPath(name));
  const variant = expandStudy(study).find((v) => v.seed === 1 && Object.entries(values).every(([path, value]) => v.values[path] === value))!;
  const scenario = structuredClone(variant.scenario) as Record<string, unknown> & { constellations: Record<string, unknown>[] };
  Object.assign(scenario.constellations[0]!, set);
  const work = variantWork(study, { ...variant, id: `${variant.id.slice(0, 12)}-${dt}`, scenario: { ...scenario, dt, duration: "2d" } });
  return runVariant(work, silentLogger());
}

describe("the heat studies' 60 s step", () => {
  const cases = [
    { name: "heat-radiator.yaml", values: { "bus.radiatorAreaM2": 12, "bus.radiatorEmissivity": 0.9 }, set: { planes: 1, satsPerPlane: 2, phasing: 0 } },
    { name: "heat-radiator-suncatcher.yaml", values: { "bus.radiatorAreaM2": 3.25, "bus.radiatorEmissivity": 0.9 }, set: { count: 3 } },
  ];
  for (const { name, values, set } of cases) {
    it(`gives what 10 s gives (${name}, ${JSON.stringify(values)})`, TIMEOUT, async () => {
      const { metrics: coarse, ticks: coarseTicks } = await atStep(name, values, set, "60s");
      const { metrics: fine, ticks: fineTicks } = await atStep(name, values, set, "10s");
      expect(fineTicks - 1).toBe(6 * (coarseTicks - 1));
      expect(coarse.junctionTempMaxK!).toBeCloseTo(fine.junctionTempMaxK!, 1);
      expect(fine.throttledHours!).toBeGreaterThan(0);
      expect(Math.abs(coarse.throttledHours! - fine.throttledHours!) / fine.throttledHours!).toBeLessThan(0.01);
      expect(Math.abs(coarse.deliveredAcceleratorHours! - fine.deliveredAcceleratorHours!) / fine.deliveredAcceleratorHours!).toBeLessThan(0.005);
    });
  }
});
