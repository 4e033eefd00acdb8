import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ServiceConfigError } from "@orbitwin/runtime";
import { resolveThermalPolicy } from "./thermal-policy.js";
import { resolveThermalServiceConfig } from "./service-config.js";

const dir = mkdtempSync(join(tmpdir(), "thermal-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function scenarioFile(thermal: string): string {
  const path = join(dir, `s${++files}.yaml`);
  writeFileSync(
    path,
    `name: t\nepoch: 2026-01-01T00:00:00Z\ndt: 60s\nduration: 1h\nseed: 1\nbus: { preset: starlink-v2-mini-gpu }\nthermal: ${thermal}\nconstellations:\n  - { kind: walker, name: w, planes: 1, satsPerPlane: 2, phasing: 0, altKm: 550, inclinationDeg: 53 }\n`,
  );
  return path;
}

describe("the thermal service's front door", () => {
  it("takes the policy from the scenario named by --scenario or ORBITWIN_SCENARIO alike", () => {
    const path = scenarioFile("{ junctionMarginK: 12, safeModeSoc: 0.3, resumeSoc: 0.6 }");
    const byFlag = resolveThermalServiceConfig({}, { scenario: path, run: "r1" });
    expect(resolveThermalServiceConfig({ ORBITWIN_SCENARIO: path, ORBITWIN_RUN: "r1" }, {})).toEqual(byFlag);
    expect(byFlag.policy).toMatchObject({ junctionMarginK: 12, safeModeSoc: 0.3, resumeSoc: 0.6 });
  });

  it("uses the built-in policy without a scenario", () => {
    expect(resolveThermalServiceConfig({}, {}).policy).toEqual(resolveThermalPolicy());
  });

  it("refuses a policy that cannot work, saying why", () => {
    expect(() => resolveThermalServiceConfig({}, { scenario: scenarioFile("{ safeModeSoc: 0.5, resumeSoc: 0.4 }") })).toThrow(ServiceConfigError);
  });
});
