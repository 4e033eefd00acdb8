import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { StudyVariantResult } from "@orbitwin/protocol";
import { parseStudy } from "./study-file.js";
import { renderStudyReport } from "./study-report.js";
import { configurations, leastValueMeetingLimits, tradeOffPoints } from "./study-summary.js";
import { resultsCsv } from "./study-table.js";
import { expandStudy } from "./variants.js";

const source = fileURLToPath(new URL("./fixtures/tiny-heat.yaml", import.meta.url));
const study = parseStudy(
  [
    "study: report-test",
    "base: ../../../../../scenarios/gpu-fleet.yaml",
    "span: 1h",
    "seeds: [1, 2]",
    "vary: { bus.radiatorAreaM2: [4, 8, 16] }",
    "metrics: [junctionTempMaxK, satelliteMassKg]",
    "limits: { junctionTempMaxK: { below: 350 } }",
    "tradeOffs: [[junctionTempMaxK, satelliteMassKg]]",
  ].join("\n"),
  source,
);

/** Results shaped like a heat study's: a bigger radiator runs cooler and weighs more; seed 2 runs 1 K hotter. */
const results: StudyVariantResult[] = expandStudy(study).map((v) => {
  const area = v.values["bus.radiatorAreaM2"] as number;
  return {
    v: 1,
    study: study.id,
    variantId: v.id,
    seed: v.seed,
    values: v.values,
    digest: "0123456789abcdef",
    ticks: 361,
    satellites: 2,
    simulatedMs: 3_600_000,
    wallMs: 100,
    worker: "test",
    metrics: { junctionTempMaxK: 360 - area + (v.seed - 1), satelliteMassKg: 1000 + 4 * area },
  };
});

describe("study report", () => {
  it("gathers the seeds of a configuration and finds the least radiator meeting the limit in every seed", () => {
    const configs = configurations(study, results);
    expect(configs.map((c) => c.results.length)).toEqual([2, 2, 2]);
    // 8 m^2: 352 K and 353 K, over the limit; 16 m^2: 344 K and 345 K.
    expect(leastValueMeetingLimits(study, configs, "bus.radiatorAreaM2")).toEqual([{ others: "", value: 16 }]);
  });

  it("puts every configuration on the front when cooler always costs mass, and drops a dominated one", () => {
    const configs = configurations(study, results);
    expect(tradeOffPoints(configs, "junctionTempMaxK", "satelliteMassKg").every((p) => p.front)).toBe(true);
    const dominated = [
      ...results,
      { ...results[0]!, variantId: "ffffffffffffffff", values: { "bus.radiatorAreaM2": 5 }, metrics: { junctionTempMaxK: 400, satelliteMassKg: 2000 } },
    ];
    const points = tradeOffPoints(configurations(study, dominated), "junctionTempMaxK", "satelliteMassKg");
    expect(points.filter((p) => !p.front).map((p) => p.label)).toEqual(["bus.radiatorAreaM2=5"]);
  });

  it("is one self-contained page: no script, nothing fetched, a chart per metric and the front", () => {
    const html = renderStudyReport(study, results);
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/);
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).toContain("Least bus.radiatorAreaM2 at which every seed keeps junctionTempMaxK &lt; 350");
  });

  it("writes one CSV row per variant with the varied values, the seed, the metrics and the digest", () => {
    const [header, first] = resultsCsv(study, results).split("\n");
    expect(header).toBe("variant,bus.radiatorAreaM2,seed,junctionTempMaxK,satelliteMassKg,digest,wallMs,derivedFrom,error");
    expect(first).toBe(`${results[0]!.variantId},4,1,356,1016,0123456789abcdef,100,,`);
  });
});
