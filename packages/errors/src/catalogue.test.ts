import { describe, expect, it } from "vitest";
import { ErrorCodes, errorMeanings, isErrorCode } from "./catalogue.js";
import { OrbitwinError, asError, toWireError } from "./orbitwin-error.js";

describe("error catalogue", () => {
  it("gives every code the ORBITWIN_ form, once, with a one-line meaning", () => {
    const codes = Object.values(ErrorCodes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^ORBITWIN_[A-Z]+(_[A-Z]+)*$/);
      expect(errorMeanings[code], code).toMatch(/^[a-z].{10,160}[^.]$/);
      expect(errorMeanings[code]).not.toContain("\n");
    }
    expect(Object.keys(errorMeanings).sort()).toEqual([...codes].sort());
  });

  it("knows its own codes and no others", () => {
    expect(isErrorCode("ORBITWIN_UNKNOWN_JOB")).toBe(true);
    expect(isErrorCode("ORBITWIN_RUN")).toBe(false);
  });
});

describe("OrbitwinError", () => {
  it("travels as { code, message, retryable } and comes back as the same code", () => {
    const err = new OrbitwinError(ErrorCodes.unknownJob, 'no job "nope": list them with orbitwin jobs list', { retryable: false });
    const back = OrbitwinError.fromWire(err.toWire());
    expect(back).toBeInstanceOf(OrbitwinError);
    expect(back.toWire()).toEqual({ code: "ORBITWIN_UNKNOWN_JOB", message: 'no job "nope": list them with orbitwin jobs list', retryable: false });
  });

  it("keeps a code it does not know in the message, raised as ORBITWIN_INTERNAL", () => {
    const back = OrbitwinError.fromWire({ code: "ORBITWIN_FROM_THE_FUTURE", message: "something new", retryable: true });
    expect(back.code).toBe("ORBITWIN_INTERNAL");
    expect(back.message).toBe("ORBITWIN_FROM_THE_FUTURE: something new");
    expect(back.retryable).toBe(true);
  });

  it("turns foreign errors into ORBITWIN_INTERNAL on the wire, and thrown values into Errors", () => {
    expect(toWireError(new TypeError("boom"))).toEqual({ code: "ORBITWIN_INTERNAL", message: "boom", retryable: false });
    const plain = new RangeError("kept");
    expect(asError(plain)).toBe(plain);
    const wrapped = asError("a string");
    expect(wrapped).toBeInstanceOf(OrbitwinError);
    expect(wrapped.message).toBe("a string");
    expect(wrapped.cause).toBe("a string");
  });
});
