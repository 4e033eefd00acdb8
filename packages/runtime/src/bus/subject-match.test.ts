import { describe, expect, it } from "vitest";
import { ErrorCodes } from "@orbitwin/protocol";
import { assertPattern, assertPublishSubject, InvalidSubjectError, patternsOverlap, subjectMatches } from "./subject-match.js";

describe("subjectMatches", () => {
  it.each([
    ["ot.demo.tlm.*", "ot.demo.tlm.c1", true],
    ["ot.demo.tlm.*", "ot.demo.tlm.c1.s1", false],
    ["ot.demo.tlm.*", "ot.demo.tlm", false],
    ["ot.demo.tlm.>", "ot.demo.tlm.c1.s1", true],
    ["ot.demo.tlm.>", "ot.demo.tlm.c1", true],
    ["ot.demo.tlm.>", "ot.demo.tlm", false],
    ["ot.*.ctl.>", "ot.run2.ctl.pause", true],
    ["ot.*.ctl.>", "ot.run2.cmd.pause", false],
    ["*.*", "a.b", true],
    ["*", "a.b", false],
    ["*.>", "a", false],
    ["ot.demo.fleet", "ot.demo.fleet", true],
    ["ot.demo.fleet", "ot.demo.fleets", false],
    ["ot.demo.fleet", "ot.demo", false],
    [">", "a", true],
    [">", "a.b.c", true],
  ])("%s against %s is %s", (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe("subject validation", () => {
  it("returns the tokens of a valid subject or pattern", () => {
    expect(assertPublishSubject("ot.demo.tlm.c1")).toEqual(["ot", "demo", "tlm", "c1"]);
    expect(assertPattern("ot.*.ctl.>")).toEqual(["ot", "*", "ctl", ">"]);
    expect(assertPublishSubject("$SRV.PING")).toEqual(["$SRV", "PING"]);
  });

  it.each([
    ["ot.*.x", /wildcard '\*'.*subscriptions only/],
    ["ot.>", /wildcard '>'/],
    ["ot..x", /empty token at position 2/],
    [".ot", /empty token at position 1/],
    ["ot.", /empty token at position 2/],
    ["ot.a b", /whitespace/],
    ["ot.a\tb", /whitespace/],
    ["", /is empty/],
    ["ot.a*", /inside the token/],
  ])("refuses the publish subject %j", (subject, message) => {
    expect(() => assertPublishSubject(subject)).toThrow(message);
  });

  it.each([
    ["ot.>.x", /must come last/],
    ["ot.a*", /whole token/],
    ["ot.>b", /whole token/],
    ["ot..*", /empty token/],
    ["ot.a\nb", /whitespace/],
  ])("refuses the pattern %j", (pattern, message) => {
    expect(() => assertPattern(pattern)).toThrow(message);
  });

  it("throws an InvalidSubjectError with the invalid-token code", () => {
    const err = (() => {
      try {
        assertPublishSubject("a..b");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InvalidSubjectError);
    expect(err).toMatchObject({ code: ErrorCodes.invalidToken, subject: "a..b" });
  });

  it("refuses a subject longer than a NATS control line", () => {
    expect(() => assertPublishSubject("a.".repeat(2500) + "b")).toThrow(/over 4000/);
  });
});

describe("patternsOverlap", () => {
  it.each([
    ["ot.a.evt.>", "ot.b.evt.>", false],
    ["ot.*.evt.>", "ot.b.evt.x", true],
    ["ot.a.>", "ot.a", false],
    ["ot.a.>", "ot.a.b", true],
    ["ot.*", "ot.a.b", false],
    [">", "x", true],
    ["a.b", "a.b", true],
    ["a.b", "a.c", false],
    ["a.*.c", "a.b.*", true],
  ])("%s and %s overlap: %s", (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });
});
