/**
 * The fuzz suite's opt-in volume (issue 16), `npm run test:fuzz`: 10^6 fuzzed messages, one tick
 * stepped per batch of 2,000 over nine simulated hours, with what the default 10^5 asserts
 * (fuzz.int.test.ts). Tens of minutes on a shared machine: never part of `npm test`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, inject, it } from "vitest";
import { runFuzzCampaign } from "./fuzz-run.js";
import { expectHeldUp } from "./fuzz-verdict.js";

const SEED = 1_616_000_000;
const MESSAGES = 1_000_000;

describe("the twin under a million fuzzed messages", () => {
  it("ends with no crash, every request answered, the undisturbed digest and bounded memory", async () => {
    const logDir = mkdtempSync(join(tmpdir(), "orbitwin-fuzz-"));
    process.stderr.write(`fuzz: ${MESSAGES} messages, fast-check seeds ${SEED}.., logs in ${logDir}\n`);
    // 500 batches, a tick each: nine hours of 60 s ticks leave some to spare.
    const campaign = await runFuzzCampaign({
      natsUrl: inject("natsUrl"),
      runPrefix: "fuzz-1m",
      messages: MESSAGES,
      batch: 2000,
      seed: SEED,
      logDir,
      until: "9h",
    });
    expectHeldUp(campaign, MESSAGES);
  });
});
