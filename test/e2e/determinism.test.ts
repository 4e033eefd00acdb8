import { inject, describe, expect, it } from "vitest";
import { fixture, runCli, scratchDir } from "./cli.js";

interface Summary {
  digest: string;
  ticks: number;
  satellites: number;
  hosts: number;
  mode: string;
}

async function runJson(hosts: number, natsUrl: string): Promise<Summary> {
  const result = await runCli(["run", fixture("small.yaml"), "--hosts", String(hosts), "--json", "--nats", natsUrl], { cwd: scratchDir() });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

describe("orbitwin run on real NATS", () => {
  it("prints the same final digest with 1 and with 3 fleet host processes", async () => {
    const natsUrl = inject("natsUrl");
    const one = await runJson(1, natsUrl);
    const three = await runJson(3, natsUrl);
    expect(one.mode).toBe("nats");
    expect(one.ticks).toBe(61);
    expect(one.satellites).toBe(109);
    expect(three.hosts).toBe(3);
    expect(one.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(three.digest).toBe(one.digest);
  });

  it("gives the local-mode run the same digest as the distributed one", async () => {
    const natsUrl = inject("natsUrl");
    const distributed = await runJson(2, natsUrl);
    const local = await runCli(["run", fixture("small.yaml"), "--json"], { cwd: scratchDir(), env: { PATH: "/nonexistent" } });
    expect(local.code, local.stderr).toBe(0);
    const summary = JSON.parse(local.stdout) as Summary;
    expect(summary.mode).toBe("local");
    expect(summary.digest).toBe(distributed.digest);
  });
});
