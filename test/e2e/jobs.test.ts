import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { runCli, scenario, scratchDir, startCli, waitForOutput, type CliResult } from "./cli.js";
import { drawReport, overlaps } from "./report-page.js";

/** One headless two-hour run of the jobs demo, shared by the tests that read its summary and its report. */
let headless: Promise<{ cwd: string; result: CliResult }> | undefined;
const headlessRun = () =>
  (headless ??= (async () => {
    const cwd = scratchDir();
    const args = [
      "run",
      scenario("jobs-demo.yaml"),
      "--nats",
      inject("natsUrl"),
      "--run",
      "e2e-jobs-headless",
      "--until",
      "2h",
      "--policy",
      "energy-aware",
      "--json",
    ];
    return { cwd, result: await runCli(args, { cwd }) };
  })());

describe("orbitwin jobs", () => {
  it("submits, lists and shows jobs of a running twin, and refuses a bad job file naming the field", async () => {
    const cwd = scratchDir();
    const up = startCli(
      [
        "up",
        scenario("jobs-demo.yaml"),
        "--nats",
        inject("natsUrl"),
        "--run",
        "e2e-jobs",
        "--speed",
        "600",
        "--hosts",
        "1",
        "--until",
        "forever",
        "--policy",
        "first-fit",
      ],
      { cwd },
    );
    try {
      await waitForOutput(up, /in another terminal/);
      // The scheduler is a child process of its own: wait until it answers.
      await expect.poll(async () => (await runCli(["jobs", "status"], { cwd })).code, { timeout: 60_000, interval: 500 }).toBe(0);
      writeFileSync(join(cwd, "jobs.yaml"), "jobs:\n  - { id: mine, kind: training, accelerators: 16, acceleratorHours: 4, checkpointIntervalS: 600 }\n");
      const submitted = await runCli(["jobs", "submit", "jobs.yaml", "--json"], { cwd });
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(JSON.parse(submitted.stdout)).toMatchObject({ accepted: ["mine"] });

      writeFileSync(join(cwd, "bad.yaml"), "- { kind: training, accelerators: 0, acceleratorHours: 4 }\n");
      const bad = await runCli(["jobs", "submit", "bad.yaml"], { cwd });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/\/jobs\/0\/accelerators/);

      let shown: { summary: { state: string; doneAcceleratorHours: number } } = { summary: { state: "queued", doneAcceleratorHours: 0 } };
      await expect
        .poll(
          async () => {
            shown = JSON.parse((await runCli(["jobs", "show", "mine", "--json"], { cwd })).stdout) as typeof shown;
            return shown.summary.doneAcceleratorHours;
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      const listed = JSON.parse((await runCli(["jobs", "list", "--json"], { cwd })).stdout) as { jobs: { id: string }[] };
      expect(listed.jobs.map((j) => j.id)).toContain("mine");
      const status = await runCli(["jobs", "status"], { cwd });
      expect(status.stdout).toMatch(/policy first-fit/);
      expect(status.stdout).toMatch(/goodput [\d.]+ accelerator-hours/);
      const missing = await runCli(["jobs", "show", "nope"], { cwd });
      expect(missing.code).toBe(1);
      // The scheduler's refusal as it sent it: one line with its code, no stack.
      expect(missing.stderr).toMatch(/^orbitwin jobs: ORBITWIN_UNKNOWN_JOB: .*nope.*\n$/);
      up.kill("SIGINT");
      expect(await new Promise<number | null>((resolve) => up.once("exit", (c) => resolve(c)))).toBe(0);
    } finally {
      if (up.exitCode === null) up.kill("SIGKILL");
    }
  });

  it("reports the scheduler's goodput at the end of a headless run with the policy asked for", async () => {
    const { result } = await headlessRun();
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { ticks: number; scheduler: { policy: string; tick: number; goodputAcceleratorHours: number } };
    expect(summary.scheduler).toMatchObject({ policy: "energy-aware", tick: 120 });
    expect(summary.scheduler.goodputAcceleratorHours).toBeGreaterThan(0);
  });

  it("writes a report with a Jobs section, and charts whose axes hold their data and whose legends never overlap", async () => {
    const { cwd, result } = await headlessRun();
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      subsystems: { acceleratorsActive: number };
      scheduler: { completed: number; goodputAcceleratorHours: number };
    };
    const out = await runCli(["report", "e2e-jobs-headless", "--nats", inject("natsUrl"), "--out", "report", "--json"], { cwd });
    expect(out.code, out.stderr).toBe(0);
    const path = (JSON.parse(out.stdout) as { report: string }).report;
    const html = readFileSync(path, "utf8");
    expect(html).toContain("<h2>Jobs</h2>");
    expect(html).not.toContain("<h2>Conjunctions</h2>");
    expect(html).toContain(`<tr><td>jobs completed</td><td>${summary.scheduler.completed}</td></tr>`);
    expect(html).toMatch(/<tr><td>energy-aware<\/td><td>121<\/td>/);

    const drawn = await drawReport(path, "report-jobs-demo");
    expect(drawn.problems).toEqual([]);
    expect(drawn.charts.map((c) => c.id)).toEqual(expect.arrayContaining(["fleet-accelerators", "jobs-utilization", "jobs-queue", "jobs-goodput"]));
    const accelerators = drawn.charts.find((c) => c.id === "fleet-accelerators")!;
    // The demo's 24 satellites fly 16 GPUs each.
    expect(summary.subsystems.acceleratorsActive).toBe(384);
    expect(accelerators.dataMax).toBe(384);
    for (const chart of drawn.charts) {
      expect(chart.yMin, chart.id).toBeLessThanOrEqual(chart.dataMin);
      expect(chart.yMax, chart.id).toBeGreaterThan(chart.dataMax);
      for (const [i, a] of chart.legend.entries()) {
        expect(overlaps(a.box, chart.plot), `${chart.id}: ${a.label} over the plot`).toBe(false);
        for (const b of chart.legend.slice(i + 1)) expect(overlaps(a.box, b.box), `${chart.id}: ${a.label} over ${b.label}`).toBe(false);
      }
    }
  });
});
