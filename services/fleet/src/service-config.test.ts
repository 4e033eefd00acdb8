import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ServiceConfigError } from "@orbitwin/runtime";
import { resolveFleetServiceConfig } from "./service-config.js";

describe("the fleet host's front door", () => {
  it("takes the host id from --host or ORBITWIN_HOST alike, the flag first", () => {
    expect(resolveFleetServiceConfig({ ORBITWIN_HOST: "h-7", ORBITWIN_RUN: "r1" }, {})).toEqual(resolveFleetServiceConfig({}, { host: "h-7", run: "r1" }));
    expect(resolveFleetServiceConfig({ ORBITWIN_HOST: "h-env" }, { host: "h-flag" }).hostId).toBe("h-flag");
  });

  it("names a host after this machine and process without one", () => {
    expect(resolveFleetServiceConfig({}, {}).hostId).toMatch(new RegExp(`-${process.pid}$`));
  });

  it("uses every core of the machine unless told how many threads", () => {
    expect(resolveFleetServiceConfig({}, {}).threads).toBe(availableParallelism());
    expect(resolveFleetServiceConfig({ ORBITWIN_FLEET_THREADS: "3" }, {}).threads).toBe(3);
    expect(resolveFleetServiceConfig({ ORBITWIN_FLEET_THREADS: "3" }, { threads: "1" }).threads).toBe(1);
    expect(() => resolveFleetServiceConfig({}, { threads: "0" })).toThrow(/--threads 0: give a whole number of threads from 1 to 256/);
    expect(() => resolveFleetServiceConfig({ ORBITWIN_FLEET_THREADS: "many" }, {})).toThrow(/ORBITWIN_FLEET_THREADS many/);
  });

  it("refuses a host id that is not a token, naming where it came from", () => {
    expect(() => resolveFleetServiceConfig({ ORBITWIN_HOST: "Host One" }, {})).toThrow(ServiceConfigError);
    expect(() => resolveFleetServiceConfig({ ORBITWIN_HOST: "Host One" }, {})).toThrow(/ORBITWIN_HOST/);
  });
});
