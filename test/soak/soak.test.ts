/**
 * The soak (issue 16), opt-in: `npm run test:soak`. 100,000 satellites at 1 Hz paced to real time
 * for an hour, every service its own process on a real nats-server, under a steady stream of
 * status queries, history reads, fault injections and job submissions. Every minute it samples
 * each process's RSS, the run's JetStream bytes and the event rate into
 * test/artifacts/soak-<time>.json. It asserts that no process dies, no command is refused or
 * lost (each accepted one shows its effect), and that no process's RSS grows by 10 % or more
 * after the warm-up: the median of the last ten samples against the median of the ten after the
 * warm-up, since one sample of a collected heap lands anywhere on its sawtooth. ORBITWIN_SOAK_MINUTES (60), ORBITWIN_SOAK_WARMUP_MINUTES (10),
 * ORBITWIN_SOAK_SATELLITES (100000) and ORBITWIN_SOAK_HOSTS (2) scale it down for a try.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { loadScenarioFile } from "@orbitwin/coordinator";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { startLiveTwin, statusWhen } from "../fuzz/live-twin.js";
import { soakConfig, writeSoakScenario } from "./soak-config.js";
import { startSoakLoad } from "./soak-load.js";
import { StreamBytesReader } from "./stream-bytes.js";

const RUN = "soak";
const MINUTE_MS = 60_000;
/** Largest growth of any process's RSS from the window after the warm-up to the last window. */
const RSS_GROWTH_BOUND = 0.1;
/** Samples (minutes) in each window whose median RSS is compared. */
const RSS_WINDOW_SAMPLES = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median RSS per process over samples[from, to). */
function medianRss(samples: Sample[], from: number, to: number): Record<string, number> {
  const window = samples.slice(from, to);
  const names = Object.keys(window[0]!.rssBytes);
  return Object.fromEntries(names.map((name) => [name, median(window.map((s) => s.rssBytes[name] ?? 0))]));
}

interface Sample {
  minute: number;
  tick: number;
  achievedSpeed: number;
  rssBytes: Record<string, number>;
  streamBytes: Record<string, number>;
  streamBytesTotal: number;
  eventsPerSecond: number;
  queries: number;
  historyReads: number;
  faultsAccepted: number;
  jobsAccepted: number;
  failures: number;
}

describe("the soak", () => {
  it("holds a paced run under steady use with bounded memory and no command lost", async () => {
    const config = soakConfig(process.env);
    const scenarioPath = writeSoakScenario(config);
    const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
    mkdirSync(artifacts, { recursive: true });
    const artifact = `${artifacts}soak-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
    process.stderr.write(`soak: ${JSON.stringify(config)}, samples in ${artifact}\n`);
    // The first satellite of each cluster: the injections go round them.
    const sats = loadScenarioFile(scenarioPath, RUN).clusters.map((c) => c.satIds[0]!);

    const natsUrl = inject("natsUrl");
    const bus = await connectNatsBus({ url: natsUrl, name: "soak", log: silentLogger() });
    const bytes = await StreamBytesReader.open(natsUrl);
    const twin = startLiveTwin({
      natsUrl,
      run: RUN,
      scenarioPath,
      hosts: config.hosts,
      logDir: artifacts,
      paused: false,
      speed: "1",
      participants: ["thermal", "scheduler"],
    });
    try {
      await statusWhen(bus, twin, (s) => s.state === "running" && s.tick >= 1, "the first ticks", 20 * MINUTE_MS);
      const load = startSoakLoad(bus, RUN, sats);
      const samples: Sample[] = [];
      let eventsBefore = 0;
      for (let minute = 1; minute <= config.minutes; minute++) {
        // The sampling period itself, not a wait for something to happen.
        await new Promise((resolve) => setTimeout(resolve, MINUTE_MS));
        expect(twin.dead()).toEqual([]);
        const status = await statusWhen(bus, twin, () => true, "a status");
        const stream = await bytes.read(RUN);
        const { book } = load;
        samples.push({
          minute,
          tick: status.tick,
          achievedSpeed: status.achievedSpeed,
          rssBytes: twin.rss(),
          streamBytes: stream.byStream,
          streamBytesTotal: stream.total,
          eventsPerSecond: (book.events - eventsBefore) / 60,
          queries: book.queries,
          historyReads: book.historyReads,
          faultsAccepted: book.faults.size,
          jobsAccepted: book.jobs.size,
          failures: book.failures.length,
        });
        eventsBefore = book.events;
        writeFileSync(artifact, JSON.stringify({ config, samples }, null, 2));
      }
      await load.stop();
      // Each accepted command's effect comes on the tick it starts on (a job: the next decision).
      const lastStart = Math.max(samples.at(-1)!.tick, ...load.book.faults.values());
      await statusWhen(bus, twin, (s) => s.tick >= lastStart + 2, `tick ${lastStart + 2}`);
      const { book } = load;
      process.stderr.write(`soak: ${samples.length} samples, last ${JSON.stringify(samples.at(-1))}\n`);

      expect(twin.dead()).toEqual([]);
      expect(book.failures).toEqual([]);
      expect(book.faults.size).toBeGreaterThan(0);
      expect([...book.faults.keys()].filter((id) => !book.activatedFaults.has(id))).toEqual([]);
      expect(book.jobs.size).toBeGreaterThan(0);
      expect([...book.jobs].filter((id) => !book.submittedJobs.has(id))).toEqual([]);
      // Short tries have windows that overlap; the hour has minutes 10-19 against 51-60.
      const width = Math.min(RSS_WINDOW_SAMPLES, samples.length - config.warmUpMinutes + 1);
      const warm = medianRss(samples, config.warmUpMinutes - 1, config.warmUpMinutes - 1 + width);
      const last = medianRss(samples, samples.length - width, samples.length);
      process.stderr.write(`soak: median RSS after warm-up ${JSON.stringify(warm)}, last ${JSON.stringify(last)}\n`);
      for (const [name, rss] of Object.entries(last))
        expect(rss, `${name}: median ${warm[name]} -> ${rss} bytes`).toBeLessThan(warm[name]! * (1 + RSS_GROWTH_BOUND));
    } finally {
      await twin.stop();
      await bytes.close();
      await bus.drain();
    }
  });
});
