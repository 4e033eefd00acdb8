/**
 * The fuzz sends a command (a message that changes the run) only in a shape its descriptor
 * refuses, or as a replay of a message the run really sent: anything else would change the run
 * under test, and the campaign would blame the twin. Batch 43 of the default campaign is where a
 * "replay" with nothing captured to replay fell back to random bytes, 0x80 (an empty map: a valid
 * `ctl.resume`), went out unchecked and resumed the stepped run, which then never paused at tick 46.
 */
import { describe, expect, it } from "vitest";
import { mayGo } from "./fuzz-driver.js";
import { inboundTargets } from "./inbound-catalogue.js";
import { fuzzScenarioPath } from "./live-twin.js";
import { fuzzBatch } from "./payloads.js";
import { runTokens } from "./run-tokens.js";

/** The default campaign's seed (fuzz.int.test.ts) plus the batch that resumed the run. */
const SEED_OF_BATCH_43 = 1_616_000 + 43;

describe("the fuzz's payloads", () => {
  it("sends no command its descriptor accepts unless it replays a message the run sent", () => {
    const targets = inboundTargets(runTokens(fuzzScenarioPath, "fuzz-live", 1));
    const batch = fuzzBatch({ seed: SEED_OF_BATCH_43, count: 2000, targets, captured: new Map() });
    // Nothing was captured, so nothing is a replay: random bytes are called what they are.
    expect(batch.filter((m) => m.kind === "replay").map((m) => m.target.subject)).toEqual([]);
    const accepted = batch
      .filter((m) => m.target.effect === "command" && mayGo(m))
      .filter((m) => {
        try {
          m.target.descriptor.decode(m.data);
          return true;
        } catch {
          return false;
        }
      });
    expect(accepted.map((m) => `${m.target.subject} ${m.kind} ${Buffer.from(m.data).toString("hex")}`)).toEqual([]);
  });
});
