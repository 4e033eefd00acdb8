import { describe, expect, inject, it } from "vitest";
import { fixture, runCli, scratchDir } from "./cli.js";

interface Summary {
  digest: string;
  subsystems: { acceleratorsFailed: number; acceleratorsActive: number; byHealth: number[] };
}

async function run(thermal: "on" | "off", hosts: number): Promise<Summary> {
  const result = await runCli(
    ["run", fixture("undersized-radiator.yaml"), "--json", "--hosts", String(hosts), "--thermal", thermal, "--nats", inject("natsUrl")],
    { cwd: scratchDir() },
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

describe("the fleet and the thermal service on real NATS", () => {
  it("loses accelerators to heat without the thermal service and none with it", async () => {
    const without = await run("off", 2);
    const withThermal = await run("on", 2);
    expect(without.subsystems.acceleratorsFailed).toBeGreaterThan(0);
    expect(withThermal.subsystems.acceleratorsFailed).toBe(0);
    expect(withThermal.subsystems.byHealth[1]).toBeGreaterThan(0);
  });

  it("keeps the digest with the thermal service on, whether 1 or 3 fleet hosts run it", async () => {
    const one = await run("on", 1);
    const three = await run("on", 3);
    expect(three.digest).toBe(one.digest);
  });
});
