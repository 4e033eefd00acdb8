import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { inject, describe, expect, it } from "vitest";
import { fleetTelemetry, subjects } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { fixture, runCli, scratchDir } from "./cli.js";

interface Summary {
  digest: string;
  ticks: number;
  satellites: number;
  hosts: number;
  mode: string;
}

async function runJson(hosts: number, natsUrl: string, scenario = fixture("small.yaml"), extra: string[] = []): Promise<Summary> {
  const result = await runCli(["run", scenario, "--hosts", String(hosts), "--json", "--nats", natsUrl, ...extra], { cwd: scratchDir() });
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

  it("prints the same final digest when one fleet host process runs three hosts on worker threads", async () => {
    const natsUrl = inject("natsUrl");
    const one = await runJson(1, natsUrl);
    const threaded = await runJson(1, natsUrl, fixture("small.yaml"), ["--threads", "3"]);
    expect(threaded.digest).toBe(one.digest);
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

  it("prints the same final digest when the run is split over more fleet host processes than the machine has cores", async () => {
    const natsUrl = inject("natsUrl");
    // `run` starts at most 64 hosts; two clusters per host, so every host holds some.
    const hosts = Math.min(availableParallelism() + 3, 64);
    const scenario = join(scratchDir(), "many-hosts.yaml");
    writeFileSync(
      scenario,
      [
        "name: many-hosts",
        "epoch: 2026-05-13T00:00:00Z",
        "dt: 10s",
        "duration: 1m",
        "seed: 11",
        "clusterSize: 5",
        "constellations:",
        `  - { kind: walker, name: shell, planes: ${2 * hosts}, satsPerPlane: 5, phasing: 1, altKm: 550, inclinationDeg: 53 }`,
        "  - { kind: formation, name: sc, count: 9, radiusM: 1000, altKm: 650 }",
      ].join("\n"),
    );
    const one = await runJson(1, natsUrl, scenario);
    const bus = await connectNatsBus({ url: natsUrl, name: "determinism-many-hosts", log: silentLogger() });
    try {
      const reporting: number[] = [];
      bus.subscribe(subjects.fleet("many-hosts"), (m) => reporting.push(fleetTelemetry.decode(m.data).hosts));
      await bus.flush();
      const many = await runJson(hosts, natsUrl, scenario, ["--run", "many-hosts"]);
      await bus.flush();
      expect(many.ticks).toBe(7);
      expect(reporting.length, "fleet telemetry of every tick").toBeGreaterThanOrEqual(7);
      expect(new Set(reporting), `every tick stepped by all ${hosts} hosts`).toEqual(new Set([hosts]));
      expect(many.digest).toBe(one.digest);
    } finally {
      await bus.drain();
    }
  });
});
