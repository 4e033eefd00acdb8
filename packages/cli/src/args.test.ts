import { describe, expect, it } from "vitest";
import { parseHistoryFlags, takeCredsFlag } from "./args.js";
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

describe("--creds", () => {
  it("is taken out of any command's arguments, in both spellings", () => {
    expect(takeCredsFlag(["pause", "--creds", "op.creds", "--json"])).toEqual({ argv: ["pause", "--json"], credsFile: "op.creds" });
    expect(takeCredsFlag(["--creds=v.creds", "--fleet"])).toEqual({ argv: ["--fleet"], credsFile: "v.creds" });
    expect(takeCredsFlag(["--fleet"])).toEqual({ argv: ["--fleet"], credsFile: undefined });
  });

  it("needs a file", () => {
    expect(() => takeCredsFlag(["--creds"])).toThrow("--creds needs the path of a credentials file");
    expect(() => takeCredsFlag(["--creds", "--json"])).toThrow(UsageError);
  });
});
