/**
 * One fuzz campaign against a live twin, as the default test (10^5 messages) and the opt-in one
 * (10^6) run it: an undisturbed reference run of the scenario (in this process), and the same
 * scenario under fuzz (every service its own process), stepped one tick per batch so the fuzz lands between and during its ticks, then played
 * to its end. The caller asserts on what comes back.
 */
import { encodeMessage, parseDurationMs, subjects } from "@orbitwin/protocol";
import { LocalBus, connectNatsBus, silentLogger, type Bus } from "@orbitwin/runtime";
import { captureRun, newBook, sendBatch, type FuzzBook } from "./fuzz-driver.js";
import { inboundTargets } from "./inbound-catalogue.js";
import { control, fuzzScenarioPath, startLiveTwin, statusWhen, type LiveTwin } from "./live-twin.js";
import { startLocalTwin } from "./local-twin.js";
import { fuzzBatch } from "./payloads.js";
import { runTokens } from "./run-tokens.js";

export interface FuzzCampaignOptions {
  natsUrl: string;
  /** run id prefix: `<prefix>-ref` and `<prefix>-live` */
  runPrefix: string;
  /** fuzz messages to send in all (commands the descriptor accepts are not sent, see FuzzBook) */
  messages: number;
  /** messages per batch; one tick is stepped per batch while the run has ticks left */
  batch: number;
  /** batch i uses fast-check seed `seed + i` */
  seed: number;
  logDir: string;
  /** fleet host processes @default 1 */
  hosts?: number;
  /** simulated time of both runs, e.g. "10h" @default the scenario's hour */
  until?: string;
}

export interface FuzzCampaign {
  book: FuzzBook;
  batches: number;
  referenceDigest: string | null;
  digest: string | null;
  finalTick: number;
  /** targets (subjects) fuzzed */
  targets: number;
  /** subjects whose real messages were captured for replays and mutations */
  capturedSubjects: number;
  /** RSS per process after the warm-up ticks and at the end, bytes */
  rssBefore: Record<string, number>;
  rssAfter: Record<string, number>;
  /** processes that died, with how */
  dead: ReturnType<LiveTwin["dead"]>;
  fuzzWallMs: number;
}

const WARM_UP_TICKS = 3;

/** The final digest of the scenario undisturbed, on the in-process bus. */
async function referenceRun(options: FuzzCampaignOptions): Promise<string> {
  const durationMs = options.until === undefined ? undefined : parseDurationMs(options.until, "until");
  const twin = await startLocalTwin({
    bus: new LocalBus(),
    run: `${options.runPrefix}-ref`,
    scenarioPath: fuzzScenarioPath,
    ...(durationMs === undefined ? {} : { durationMs }),
  });
  try {
    return (await twin.coordinator.finished()).digest;
  } finally {
    await twin.stop();
  }
}

export async function runFuzzCampaign(options: FuzzCampaignOptions): Promise<FuzzCampaign> {
  const bus = await connectNatsBus({ url: options.natsUrl, name: `${options.runPrefix}-fuzzer`, log: silentLogger() });
  try {
    const run = `${options.runPrefix}-live`;
    const capture = captureRun(bus, run);
    const twin = startLiveTwin({
      natsUrl: options.natsUrl,
      run,
      scenarioPath: fuzzScenarioPath,
      logDir: options.logDir,
      hosts: options.hosts ?? 1,
      until: options.until,
    });
    try {
      // The reference runs in this process while the twin's processes start.
      const referenceDigest = await referenceRun(options);
      await statusWhen(bus, twin, (s) => s.hosts.length > 0 && s.hosts.every((h) => h.clusters > 0), "the clusters to be assigned");
      await control(bus, run, "step", { ticks: WARM_UP_TICKS });
      const warm = await statusWhen(bus, twin, (s) => s.tick >= WARM_UP_TICKS - 1 && s.state === "paused", "the warm-up ticks");
      capture.stop();
      const targets = inboundTargets(runTokens(fuzzScenarioPath, run, options.hosts ?? 1));
      const rssBefore = twin.rss();
      const book = newBook();
      const startedMs = performance.now();
      const batches = Math.ceil(options.messages / options.batch);
      let tick = warm.tick;
      for (let i = 0; i < batches; i++) {
        const step = warm.endTick === null || tick < warm.endTick - 1;
        if (step) await control(bus, run, "step", { ticks: 1 });
        const count = Math.min(options.batch, options.messages - i * options.batch);
        await sendBatch(bus, fuzzBatch({ seed: options.seed + i, count, targets, captured: capture.captured }), book);
        await barrier(bus, run);
        if (step) tick = (await statusWhen(bus, twin, (s) => s.tick >= tick + 1 && s.state === "paused", `tick ${tick + 1}`)).tick;
      }
      const fuzzWallMs = performance.now() - startedMs;
      await control(bus, run, "resume");
      const finished = await statusWhen(bus, twin, (s) => s.state === "finished", "the fuzzed run to finish", 300_000);
      return {
        book,
        batches,
        referenceDigest,
        digest: finished.digest,
        finalTick: finished.tick,
        targets: targets.length,
        capturedSubjects: targets.filter((t) => capture.captured.has(t.subject)).length,
        rssBefore,
        rssAfter: twin.rss(),
        dead: twin.dead(),
        fuzzWallMs,
      };
    } finally {
      capture.stop();
      await twin.stop();
    }
  } finally {
    await bus.drain();
  }
}

/**
 * A query to each service after a batch: each answers only after the messages before it on its
 * connection, so the next batch never piles onto an unread one (and NATS never sees a slow consumer).
 */
async function barrier(bus: Bus, run: string): Promise<void> {
  const empty = encodeMessage({});
  const asks = [
    subjects.control(run, "status"),
    subjects.serviceEndpoint(run, "thermal", "status"),
    subjects.serviceEndpoint(run, "scheduler", "status"),
    subjects.serviceEndpoint(run, "debris-watch", "status"),
  ].map((s) => bus.request(s, empty, { timeoutMs: 60_000 }));
  // Fleet hosts answer watch requests (this one with a refusal: a watch of no satellites).
  asks.push(bus.request(subjects.watchSatellites(run), encodeMessage({ v: 1, sats: [], leaseMs: 1000 }), { timeoutMs: 60_000 }));
  await Promise.all(asks);
}
