import { describe, expect, it } from "vitest";
import { subjects, buckets, assertToken, parseRunStoreName, streams } from "./subjects.js";
import { InvalidTokenError } from "./errors.js";

describe("subjects", () => {
  it("puts the family right after the run so one wildcard covers a role", () => {
    expect(subjects.control("demo", "pause")).toBe("ot.demo.ctl.pause");
    expect(subjects.clusterTelemetry("demo", "shell-a-001")).toBe("ot.demo.tlm.shell-a-001");
    expect(subjects.satelliteTelemetry("demo", "shell-a-001", "sat-7")).toBe("ot.demo.tlm.shell-a-001.sat-7");
    expect(subjects.satelliteTelemetryAnyCluster("demo", "sat-7")).toBe("ot.demo.tlm.*.sat-7");
    expect(buckets.clusters("demo")).toBe("ot-demo-clusters");
    expect(subjects.serviceEndpoint("demo", "scheduler", "submit")).toBe("ot.demo.svc.scheduler.submit");
    expect(subjects.schedulerMetrics("demo")).toBe("ot.demo.fleet.jobs");
  });

  it.each(["", "Upper", "a.b", "a*", ">", "-lead", "x".repeat(65), "sp ace"])("refuses %j as a token", (token) => {
    expect(() => assertToken(token, "satellite id")).toThrow(InvalidTokenError);
    expect(() => subjects.event("demo", token)).toThrow(/event kind/);
  });

  it("accepts a token it has seen before and still refuses its look-alikes", () => {
    expect(assertToken("shell-a-001", "cluster id")).toBe("shell-a-001");
    expect(assertToken("shell-a-001", "cluster id")).toBe("shell-a-001");
    expect(() => assertToken("Shell-a-001", "cluster id")).toThrow(InvalidTokenError);
    expect(() => assertToken(1 as unknown as string, "cluster id")).toThrow(InvalidTokenError);
  });
});

describe("parseRunStoreName", () => {
  it("gives back the run and store of every stream and bucket name the builders make", () => {
    for (const run of ["demo", "a-fleet", "x-ops", "r1"]) {
      for (const [store, build] of Object.entries(streams).filter(([s]) => !s.startsWith("study")))
        expect(parseRunStoreName(build(run), "stream")).toEqual({ run, store, kind: "stream" });
      for (const [store, build] of Object.entries(buckets).filter(([s]) => !s.startsWith("study")))
        expect(parseRunStoreName(build(run), "bucket")).toEqual({ run, store, kind: "bucket" });
    }
  });

  it("takes no study's stores for a run's", () => {
    expect(parseRunStoreName(streams.studyVariants(), "stream")).toBeUndefined();
    expect(parseRunStoreName(buckets.studyResults("heat-radiator"), "bucket")).toBeUndefined();
  });

  it("gives nothing for names of others", () => {
    for (const name of ["orders", "ot--events", "ot-Demo-events", "KV_ot-demo-registry", "ot-demo-unknown"])
      expect(parseRunStoreName(name, "stream")).toBeUndefined();
    expect(parseRunStoreName(streams.events("demo"), "bucket")).toBeUndefined();
  });
});
