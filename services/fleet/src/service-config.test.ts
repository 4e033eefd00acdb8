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

  it("refuses a host id that is not a token, naming where it came from", () => {
    expect(() => resolveFleetServiceConfig({ ORBITWIN_HOST: "Host One" }, {})).toThrow(ServiceConfigError);
    expect(() => resolveFleetServiceConfig({ ORBITWIN_HOST: "Host One" }, {})).toThrow(/ORBITWIN_HOST/);
  });
});
