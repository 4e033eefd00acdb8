import { describe, expect, it } from "vitest";
import type { ClusterStepSummary } from "./cluster-actor.js";
import { stepReport } from "./step-events.js";

const satIds = ["s-0", "s-1", "s-2"];
const quiet: ClusterStepSummary = { satellites: 3, sunlit: 3, failed: 0, subsystems: undefined, orbitCommands: [], faultEffects: [] };

describe("stepReport", () => {
  it("says nothing of a quiet step", () => {
    expect(stepReport("c1", satIds, quiet)).toEqual({ events: [], maneuversFailed: [] });
  });

  it("names each satellite by id and relays the burns that did not fly", () => {
    const report = stepReport("c1", satIds, {
      ...quiet,
      faultEffects: [{ slot: 2, faultId: "f1", kind: "stuck-thruster", detail: "recovered" }],
      orbitCommands: [
        { slot: 0, kind: "maneuver-executed", detail: "burn of 0.1 m/s", maneuverId: "m1" },
        { slot: 1, kind: "maneuver-failed", detail: "burn not executed: thruster stuck", maneuverId: "m2" },
        { slot: 2, kind: "propagation-failed", detail: "orbit lost" },
      ],
    });
    expect(report.events.map((e) => [e.kind, e.severity, e.message])).toEqual([
      ["fault-applied", "info", "s-2: stuck-thruster f1: recovered"],
      ["maneuver-executed", "info", "s-0: burn of 0.1 m/s"],
      ["maneuver-failed", "error", "s-1: burn not executed: thruster stuck"],
      ["propagation-failed", "error", "s-2: orbit lost"],
    ]);
    expect(report.events[1]!.data).toEqual({ sat: "s-0", cluster: "c1", detail: "burn of 0.1 m/s", maneuver: "m1" });
    expect(report.events[3]!.data).toEqual({ sat: "s-2", cluster: "c1", detail: "orbit lost" });
    expect(report.maneuversFailed).toEqual([{ sat: "s-1", maneuver: "m2", reason: "burn not executed: thruster stuck" }]);
  });
});
