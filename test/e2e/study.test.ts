/**
 * `orbitwin study` with its workers elsewhere: a worker killed in the middle of a variant loses
 * nothing (another worker runs it after the ack wait) and counts nothing twice, and the study's
 * digests are those of an undisturbed run with another number of workers.
 */
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { studyVariantStarted, subjects } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { fixture, runCli, scenario, scratchDir, scratchFile, startCli } from "./cli.js";

interface StudyJson {
  variants: { id: string; digest: string; metrics: Record<string, number | null>; error?: string }[];
}

describe("orbitwin study", () => {
  it("redoes the variant of a killed worker on another, once, with the same digests as an undisturbed run", async () => {
    const natsUrl = inject("natsUrl");
    const cwd = scratchDir();
    const workerArgs = ["serve", "study-worker", "--nats", natsUrl, "--ack-wait", "2s"];
    const bus = await connectNatsBus({ url: natsUrl, name: "study-e2e", log: silentLogger() });
    try {
      const first = startCli(workerArgs, { cwd });
      const notices: { variantId: string; worker: string; delivery: number }[] = [];
      let second: ReturnType<typeof startCli> | undefined;
      const killedOne = new Promise<string>((resolve) => {
        bus.subscribe(subjects.studyVariantStarted("e2e-two-radiators"), (msg) => {
          const notice = studyVariantStarted.decode(msg.data);
          notices.push(notice);
          if (notices.length === 1) {
            first.kill("SIGKILL");
            first.once("exit", () => {
              second = startCli(workerArgs, { cwd });
              resolve(notice.variantId);
            });
          }
        });
      });
      await bus.flush();
      const disturbed = await runCli(["study", fixture("study-two-radiators.yaml"), "--workers", "0", "--nats", natsUrl, "--out", join(cwd, "a"), "--json"], {
        cwd,
      });
      const killedVariant = await killedOne;
      expect(disturbed.code, disturbed.stderr).toBe(0);
      const results = (JSON.parse(disturbed.stdout) as StudyJson).variants;
      expect(results).toHaveLength(2);
      // The killed worker's variant went out again, to the second worker.
      const redone = notices.filter((n) => n.variantId === killedVariant);
      expect(redone.map((n) => n.delivery)).toEqual([1, 2]);
      expect(redone[1]!.worker).toContain(String(second!.pid));
      // The other variant ran once: its worker's heartbeats held it however long it ran.
      expect(notices.filter((n) => n.variantId !== killedVariant).map((n) => n.delivery)).toEqual([1]);
      second!.kill("SIGTERM");

      const undisturbed = await runCli(["study", fixture("study-two-radiators.yaml"), "--workers", "2", "--nats", natsUrl, "--out", join(cwd, "b"), "--json"], {
        cwd,
      });
      expect(undisturbed.code, undisturbed.stderr).toBe(0);
      const reference = (JSON.parse(undisturbed.stdout) as StudyJson).variants;
      expect(results.map((r) => [r.id, r.digest, r.metrics])).toEqual(reference.map((r) => [r.id, r.digest, r.metrics]));
      expect(results.every((r) => /^[0-9a-f]{16}$/.test(r.digest) && r.error === undefined)).toBe(true);
    } finally {
      await bus.drain();
    }
  });

  it("refuses a bad study file before starting anything, naming the field and the variant", async () => {
    const { dir: cwd, file } = scratchFile(
      "bad.yaml",
      [
        "study: bad",
        `base: ${scenario("gpu-fleet.yaml")}`,
        "span: 1h",
        "seeds: [1]",
        "vary:",
        "  bus.radiatorAreaM2: [10, -1]",
        "metrics: [junctionTempMaxK]",
      ].join("\n"),
    );
    const result = await runCli(["study", file], { cwd });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/bus\.radiatorAreaM2=-1, seed 1: scenario field \/bus\/radiatorAreaM2/);
    expect(result.stderr).not.toMatch(/NATS/);
  });
});
