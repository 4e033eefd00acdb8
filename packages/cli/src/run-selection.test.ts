import { describe, expect, it } from "vitest";
import type { RunSummary } from "./run-inventory.js";
import { choosePrune } from "./run-selection.js";

const DAY_MS = 86_400_000;
const NOW_MS = Date.parse("2026-12-02T12:00:00Z");
const run = (id: string, idleDays: number, state: RunSummary["state"] = "finished"): RunSummary => ({
  run: id,
  state,
  createdMs: NOW_MS - (idleDays + 1) * DAY_MS,
  lastActivityMs: NOW_MS - idleDays * DAY_MS,
  lastTick: 10,
  bytes: 1000,
  stores: [],
});
const runs = [run("a", 30), run("b", 10), run("c", 3), run("d", 1, "stopped"), run("e", 20, "live")];
const chosen = (rule: Parameters<typeof choosePrune>[1]) => choosePrune(runs, rule, NOW_MS).prune.map((r) => r.run);

describe("choosePrune", () => {
  it("prunes the runs idle longer than --older-than, never a live one", () => {
    expect(chosen({ names: [], olderThanMs: 7 * DAY_MS })).toEqual(["b", "a"]);
    const { spared } = choosePrune(runs, { names: [], olderThanMs: 7 * DAY_MS }, NOW_MS);
    expect(spared.find((s) => s.run === "e")?.why).toMatch(/live/);
    expect(spared.find((s) => s.run === "c")?.why).toMatch(/written 3.00 d ago, within --older-than 7.00 d/);
  });

  it("spares the --keep most recently written runs, and combines with --older-than", () => {
    expect(chosen({ names: [], keep: 2 })).toEqual(["b", "a"]);
    expect(chosen({ names: [], keep: 3, olderThanMs: 2 * DAY_MS })).toEqual(["a"]);
  });

  it("prunes named runs only, and refuses unknown names and an empty rule", () => {
    expect(chosen({ names: ["c", "e"] })).toEqual(["c"]);
    expect(() => choosePrune(runs, { names: ["zz"] }, NOW_MS)).toThrow(/no run zz on this NATS/);
    expect(() => choosePrune(runs, { names: [] }, NOW_MS)).toThrow(/say which runs to prune/);
  });
});
