import { describe, expect, it } from "vitest";
import type { StudyVariantResult } from "@orbitwin/protocol";
import { failureSummary, studyExitCode } from "./study-outcome.js";

function result(variantId: string, error?: string): StudyVariantResult {
  return {
    v: 1,
    study: "five-year-life",
    variantId,
    seed: 1,
    values: {},
    digest: error ? "" : "0123456789abcdef",
    ticks: 0,
    satellites: 0,
    simulatedMs: 0,
    wallMs: 0,
    worker: "test",
    metrics: {},
    ...(error !== undefined ? { error } : {}),
  };
}

describe("study outcome", () => {
  it("exits 0 and has nothing to say when every variant gave a result", () => {
    const results = [result("a"), result("b")];
    expect(studyExitCode(results)).toBe(0);
    expect(failureSummary("five-year-life", results)).toBeUndefined();
  });

  it("exits 1 and names the study, the count and the first failure when a variant failed", () => {
    const results = [result("a"), result("b", "worker ran out of memory"), result("c", "timed out")];
    expect(studyExitCode(results)).toBe(1);
    expect(failureSummary("five-year-life", results)).toBe("five-year-life: 2 of 3 variants failed (first, b: worker ran out of memory)");
  });
});
