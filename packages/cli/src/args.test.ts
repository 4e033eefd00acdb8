import { describe, expect, it } from "vitest";
import { parseHistoryFlags } from "./args.js";
import { UsageError } from "./errors.js";

describe("history flags", () => {
  it("override sampling and retention only when given", () => {
    expect(parseHistoryFlags({})).toBeUndefined();
    expect(parseHistoryFlags({ "sample-every": "0" })).toEqual({ sampleEveryTicks: 0 });
    expect(parseHistoryFlags({ "sample-every": "60", "history-max-age": "2d" })).toEqual({ sampleEveryTicks: 60, maxAgeMs: 2 * 86_400_000 });
  });

  it("name the flag and what to give when a value is wrong", () => {
    expect(() => parseHistoryFlags({ "sample-every": "2.5" })).toThrow(UsageError);
    expect(() => parseHistoryFlags({ "sample-every": "2.5" })).toThrow(/--sample-every 2.5: give a whole number of ticks from 0/);
    expect(() => parseHistoryFlags({ "history-max-age": "soon" })).toThrow(/--history-max-age soon: give a duration/);
  });
});
