/**
 * The fuzz sends a command (a message that changes the run) only in a shape its descriptor
 * refuses, as a replay of a message the run really sent, or as a forgery the twin must refuse:
 * anything else would change the run under test, and the campaign would blame the twin. A
 * "replay" with nothing captured to replay once fell back to random bytes, 0x80 (an empty map: a
 * valid `ctl.resume`), went out unchecked and resumed the stepped run, which then never paused at
 * tick 46 (batch 43 of the default campaign, before forgeries were added to its plans).
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
      .filter((m) => m.target.effect === "command" && m.kind !== "forgery" && mayGo(m))
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

  it("forges only participant heartbeats and events, each a valid message of its subject", () => {
    const targets = inboundTargets(runTokens(fuzzScenarioPath, "fuzz-live", 1));
    const forgeries = fuzzBatch({ seed: SEED_OF_BATCH_43, count: 2000, targets, captured: new Map() }).filter((m) => m.kind === "forgery");
    expect(forgeries.length).toBeGreaterThan(0);
    expect(
      new Set(
        forgeries.map((m) =>
          m.target.subject
            .split(".")
            .slice(2, 4)
            .join(".")
            .replace(/^evt\..*/, "evt"),
        ),
      ),
    ).toEqual(new Set(["clock.participant", "evt"]));
    for (const m of forgeries) expect(() => m.target.descriptor.decode(m.data), m.target.subject).not.toThrow();
  });
});
