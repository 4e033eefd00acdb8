import { describe, expect, it } from "vitest";
import { assertPattern, assertPublishSubject, subjectMatches } from "./subject-match.js";

describe("subject matching", () => {
  it.each([
    ["ot.demo.tlm.*", "ot.demo.tlm.c1", true],
    ["ot.demo.tlm.*", "ot.demo.tlm.c1.s1", false],
    ["ot.demo.tlm.>", "ot.demo.tlm.c1.s1", true],
    ["ot.demo.tlm.>", "ot.demo.tlm", false],
    ["ot.*.ctl.>", "ot.run2.ctl.pause", true],
    ["ot.demo.fleet", "ot.demo.fleet", true],
    ["ot.demo.fleet", "ot.demo.fleets", false],
    [">", "a", true],
  ])("%s against %s is %s", (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });

  it("refuses wildcards in a publish subject and malformed patterns", () => {
    expect(() => assertPublishSubject("ot.*.x")).toThrow(/wildcard/);
    expect(() => assertPublishSubject("ot..x")).toThrow(/empty token/);
    expect(() => assertPattern("ot.>.x")).toThrow(/last token/);
    expect(() => assertPattern("ot.a*")).toThrow(/whole tokens/);
  });
});
