import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_LIMITS, ErrorCodes, OrbitwinError, type FaultRecord } from "@orbitwin/protocol";
import { FaultBook } from "./fault-book.js";

const DT_MS = 1000;

function book(limits = { faultsPerTick: 3, faultsInFlight: 5 }, sats = ["s-1", "s-2"]): FaultBook {
  return new FaultBook({ satellites: new Set(sats), clusters: new Set(["c-0"]), epochMs: 0, dtMs: DT_MS, limits });
}

function refusal(act: () => unknown): OrbitwinError {
  try {
    act();
  } catch (err) {
    if (err instanceof OrbitwinError) return err;
    throw err;
  }
  throw new Error("not refused");
}

describe("FaultBook admission limits", () => {
  it("refuses the fault past faultsPerTick for one tick, naming the limit, and takes one for the next tick", () => {
    const b = book();
    for (let i = 0; i < 3; i++) b.inject("accelerator-failure", { sats: ["s-1"] }, 5, "operator");
    const err = refusal(() => b.inject("accelerator-failure", { sats: ["s-1"] }, 5, "operator"));
    expect(err.code).toBe(ErrorCodes.limitExceeded);
    expect(err.message).toContain("faultsPerTick = 3");
    expect(b.list()).toHaveLength(3);
    expect(b.inject("accelerator-failure", { sats: ["s-1"] }, 6, "operator").startsAtTick).toBe(6);
    expect(b.startingOn(5)).toHaveLength(3);
  });

  it("refuses past faultsInFlight, counting scheduled and temporary active faults but not permanent damage once started", () => {
    const b = book({ faultsPerTick: 10, faultsInFlight: 2 });
    b.inject("accelerator-failure", { sats: ["s-1"] }, 1, "operator");
    b.inject("comms-blackout", { sats: ["s-2"], forS: 10 }, 1, "operator");
    expect(refusal(() => b.inject("accelerator-failure", { sats: ["s-1"] }, 1, "operator")).message).toContain("faultsInFlight = 2");
    b.startingOn(1);
    // The failure is done once it starts; the blackout is active until tick 11.
    expect(b.inject("accelerator-failure", { sats: ["s-2"] }, 2, "operator").id).toBe("f-3");
    expect(refusal(() => b.inject("accelerator-failure", { sats: ["s-1"] }, 3, "operator")).code).toBe(ErrorCodes.limitExceeded);
  });

  it("keeps the ids of a refused check unused", () => {
    const b = book({ faultsPerTick: 1, faultsInFlight: 5 });
    b.check("accelerator-failure", { sats: ["s-1"] }, 1, "operator");
    expect(b.inject("accelerator-failure", { sats: ["s-1"] }, 1, "operator").id).toBe("f-1");
    expect(() => b.check("accelerator-failure", { sats: ["s-1"] }, 1, "operator")).toThrow(/faultsPerTick/);
    expect(b.inject("accelerator-failure", { sats: ["s-1"] }, 2, "operator").id).toBe("f-2");
  });

  it("refuses faults whose targets do not fit the bytes a tick carries", () => {
    const sats = Array.from({ length: 40_000 }, (_, i) => `satellite-with-a-long-name-${i}`);
    const b = book({ faultsPerTick: 10, faultsInFlight: 10 }, sats);
    b.inject("accelerator-failure", { sats }, 1, "operator");
    expect(refusal(() => b.inject("accelerator-failure", { sats }, 1, "operator")).message).toContain("faultBytesPerTick");
  });

  it("applies the per-tick limit, not the in-flight one, to the scenario's timeline", () => {
    const b = book({ faultsPerTick: 2, faultsInFlight: 1 });
    b.loadScenario([
      { fault: "accelerator-failure", at: 1, sats: ["s-1"] },
      { fault: "accelerator-failure", at: 2, sats: ["s-1"] },
    ]);
    expect(() => b.loadScenario([0, 1, 2].map(() => ({ fault: "accelerator-failure" as const, at: 5, sats: ["s-1"] })))).toThrow(
      /\/faults\/2: .*faultsPerTick = 2/,
    );
  });

  it("has defaults a clock tick can carry", () => {
    expect(DEFAULT_RUN_LIMITS.faultsPerTick).toBeLessThanOrEqual(1000);
    expect(DEFAULT_RUN_LIMITS.faultsInFlight).toBeLessThanOrEqual(1000);
  });
});

describe("FaultBook pruning and clearing", () => {
  it("forgets faults over by the oldest checkpoint and keeps the ones a rerun still needs", () => {
    const b = book({ faultsPerTick: 10, faultsInFlight: 10 });
    b.inject("accelerator-failure", { sats: ["s-1"] }, 1, "operator"); // f-1 permanent, starts 1
    b.inject("comms-blackout", { sats: ["s-1"], forS: 5 }, 1, "operator"); // f-2 ends at 6
    b.inject("accelerator-failure", { sats: ["s-2"], delayS: 20 }, 1, "operator"); // f-3 scheduled at 21
    expect(b.list()).toHaveLength(3);
    for (let t = 1; t <= 6; t++) {
      b.startingOn(t);
      b.endingOn(t);
    }
    expect(b.prune(5)).toBe(1);
    expect(b.list().map((f) => f.id)).toEqual(["f-2", "f-3"]);
    expect(b.prune(6)).toBe(1);
    expect(b.list().map((f) => f.id)).toEqual(["f-3"]);
    expect(b.snapshot().faults.map((f) => f.id)).toEqual(["f-3"]);
  });

  it("cancels a scheduled fault for good: a resumed coordinator replaying the log does not start it", () => {
    const b = book();
    const before = b.snapshot();
    const injected = structuredClone(b.inject("comms-blackout", { sats: ["s-1"], delayS: 10, forS: 5 }, 1, "operator"));
    const cleared = structuredClone(b.clear(injected.id, 2));
    expect(cleared.state).toBe("cleared");
    const resumed = book();
    resumed.restore(before);
    for (const recorded of [injected, cleared] satisfies FaultRecord[]) resumed.adopt(recorded);
    expect(resumed.startingOn(injected.startsAtTick)).toEqual([]);
    resumed.prune(0);
    expect(resumed.list()).toEqual([]);
  });
});
