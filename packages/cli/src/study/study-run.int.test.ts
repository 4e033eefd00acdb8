import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buckets, studyVariantResult, type StudyVariantWork } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, type NatsBus } from "@orbitwin/runtime";

import { readFileSync } from "node:fs";
import { parseStudy, readStudyFile, type Study } from "./study-file.js";
import { resultsCsv } from "./study-table.js";
import { runStudy } from "./study-run.js";
import { StudyWorker } from "./study-worker.js";
import { runVariant } from "./variant-runner.js";
import { expandStudy } from "./variants.js";

const fixture = fileURLToPath(new URL("./fixtures/tiny-heat.yaml", import.meta.url));
const study = readStudyFile(fixture);
const variants = expandStudy(study);
let bus: NatsBus;

beforeAll(async () => {
  bus = await connectNatsBus({ url: inject("natsUrl"), name: "study-run-test", log: silentLogger() });
});
afterAll(async () => {
  await bus.drain();
});

/** Runs the tiny study with `count` workers in this process, each on its own connection. */
async function runWith(count: number, options: { resume?: boolean; run?: (w: StudyVariantWork) => ReturnType<typeof runVariant>; study?: Study } = {}) {
  const which = options.study ?? study;
  const workers = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const workerBus = await connectNatsBus({ url: inject("natsUrl"), name: `study-worker-${i}`, log: silentLogger() });
      const worker = new StudyWorker({ bus: workerBus, log: silentLogger(), workerId: `test-worker-${i}`, ...(options.run ? { run: options.run } : {}) });
      await worker.start();
      return { worker, workerBus };
    }),
  );
  try {
    const results = await runStudy({ study: which, variants: expandStudy(which), bus, resume: options.resume ?? false, pollMs: 100 });
    return { results, completed: workers.map((w) => w.worker.completed) };
  } finally {
    await Promise.all(workers.map(async ({ worker, workerBus }) => (await worker.stop(), await workerBus.drain())));
  }
}

describe("a study on NATS", () => {
  it("gives every variant the same digest and metrics with one worker and with three", async () => {
    const one = await runWith(1);
    const three = await runWith(3);
    expect(one.results.map((r) => r.variantId)).toEqual(variants.map((v) => v.id));
    expect(one.results.every((r) => /^[0-9a-f]{16}$/.test(r.digest) && r.error === undefined)).toBe(true);
    expect(three.results.map((r) => [r.variantId, r.digest, r.metrics])).toEqual(one.results.map((r) => [r.variantId, r.digest, r.metrics]));
    // Each variant was stored by exactly one worker: the counts add up to the variants.
    expect(three.completed.reduce((a, b) => a + b, 0)).toBe(variants.length);
    // Another radiator is another run.
    expect(one.results[0]!.digest).not.toBe(one.results[2]!.digest);
  });

  it("goes on from the stored results with --resume and runs only the missing variants", async () => {
    // The bucket holds the last test's results.
    const missing = variants[1]!.id;
    await (await bus.kv(buckets.studyResults(study.id))).delete(missing);
    const ran: string[] = [];
    const resumed = await runWith(1, { resume: true, run: (w) => (ran.push(w.variantId), runVariant(w, silentLogger())) });
    expect(ran).toEqual([missing]);
    expect(resumed.results.map((r) => r.variantId)).toEqual(variants.map((v) => v.id));
  });

  it("runs variants that differ only in the launch price once, and stores the others derived from that run", async () => {
    const text = readFileSync(fixture, "utf8")
      .replace("study: tiny-heat", "study: tiny-launch")
      .replace("seeds: [1, 2]", "seeds: [1]")
      .replace("bus.radiatorAreaM2: [6, 12]", "bus.radiatorAreaM2: [6]\n  economics.launchUsdPerKg: [2000, 20000]");
    const launch = parseStudy(text, fixture);
    const ran: string[] = [];
    const { results, completed } = await runWith(1, { study: launch, run: (w) => (ran.push(w.variantId), runVariant(w, silentLogger())) });
    const [cheap, dear] = results;
    expect(ran).toEqual([cheap!.variantId]);
    expect(completed).toEqual([1]);
    expect([cheap!.derivedFrom, dear!.derivedFrom, dear!.digest]).toEqual([undefined, cheap!.variantId, cheap!.digest]);
    expect(dear!.metrics.costPerGpuHourUsd).toBeGreaterThan(cheap!.metrics.costPerGpuHourUsd!);
    const stored = await (await bus.kv(buckets.studyResults(launch.id))).get(dear!.variantId);
    expect(studyVariantResult.decode(stored!.value)).toEqual(dear);
    expect(resultsCsv(launch, results).split("\n")[2]).toContain(`,${cheap!.variantId},`);
  });

  it("stores a variant that fails on every delivery as failed, with why, and ends the study", async () => {
    await (await bus.kv(buckets.studyResults(study.id))).delete(variants[0]!.id);
    const deliveries: string[] = [];
    const failing = await runWith(1, { resume: true, run: (w) => (deliveries.push(w.variantId), Promise.reject(new Error("the twin fell over"))) });
    expect(deliveries).toEqual([variants[0]!.id, variants[0]!.id, variants[0]!.id]);
    const stored = await (await bus.kv(buckets.studyResults(study.id))).get(variants[0]!.id);
    expect(studyVariantResult.decode(stored!.value).error).toBe("the twin fell over");
    expect(failing.results.filter((r) => r.error !== undefined)).toHaveLength(1);
  });

  it("gives the variant in hand back when its worker stops, and another worker runs it whole", async () => {
    const one = parseStudy(
      readFileSync(fixture, "utf8")
        .replace("study: tiny-heat", "study: tiny-stop")
        .replace("seeds: [1, 2]", "seeds: [1]")
        .replace("bus.radiatorAreaM2: [6, 12]", "bus.radiatorAreaM2: [6]"),
      fixture,
    );
    const [variant] = expandStudy(one);
    const connect = (name: string) => connectNatsBus({ url: inject("natsUrl"), name, log: silentLogger() });
    const firstBus = await connect("study-worker-stopped");
    let inHand!: (id: string) => void;
    const taken = new Promise<string>((resolve) => (inHand = resolve));
    // A run that ends only when it is told to stop: the stop below would wait for it otherwise.
    const first = new StudyWorker({
      bus: firstBus,
      log: silentLogger(),
      workerId: "stopped",
      run: (w, _log, signal) => (inHand(w.variantId), new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("stopped"))))),
    });
    await first.start();
    const study = runStudy({ study: one, variants: [variant!], bus, pollMs: 100 });
    expect(await taken).toBe(variant!.id);
    await first.stop();
    await firstBus.drain();
    expect(first.completed).toBe(0);
    expect(await (await bus.kv(buckets.studyResults(one.id))).get(variant!.id)).toBeUndefined();

    const secondBus = await connect("study-worker-after");
    const second = new StudyWorker({ bus: secondBus, log: silentLogger(), workerId: "after" });
    await second.start();
    try {
      const [result] = await study;
      expect([result!.variantId, result!.worker, result!.error]).toEqual([variant!.id, "after", undefined]);
      expect(second.completed).toBe(1);
    } finally {
      await second.stop();
      await secondBus.drain();
    }
  });
});
