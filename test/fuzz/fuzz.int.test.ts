/**
 * The fuzz suite (issue 16): 10^5 fuzzed messages over every inbound subject of a live twin (every
 * service its own process on a real nats-server), between and during its ticks. No process dies,
 * every request is answered (commands refused), the run reaches its last tick with the digest of
 * an undisturbed run, and no process's memory grows past the bound. 10^6: `npm run test:fuzz`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, inject, it } from "vitest";
import { runFuzzCampaign } from "./fuzz-run.js";
import { expectHeldUp } from "./fuzz-verdict.js";

const SEED = 1_616_000;
const MESSAGES = 100_000;

describe("the twin under fuzz", () => {
  it(`ends ${MESSAGES} fuzzed messages later with no crash, every request answered and the undisturbed digest`, { timeout: 600_000 }, async () => {
    const logDir = mkdtempSync(join(tmpdir(), "orbitwin-fuzz-"));
    process.stderr.write(`fuzz: ${MESSAGES} messages, fast-check seeds ${SEED}.., logs in ${logDir}\n`);
    const campaign = await runFuzzCampaign({ natsUrl: inject("natsUrl"), runPrefix: "fuzz", messages: MESSAGES, batch: 2000, seed: SEED, logDir });
    expectHeldUp(campaign, MESSAGES);
  });
});
