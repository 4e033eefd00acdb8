/**
 * The fuzz covers every subject a service takes messages on: each service of a run starts (and
 * the run plays through) on an in-process bus that records every subscription, service endpoint
 * and stream subject; each must match a subject of the catalogue. A service that subscribes to
 * something new fails here until the catalogue (or protocol's descriptors) knows it.
 */
import { describe, expect, it } from "vitest";
import {
  LocalBus,
  subjectMatches,
  type MessageHandler,
  type StreamOptions,
  type StreamStore,
  type SubscribeOptions,
  type Subscription,
} from "@orbitwin/runtime";
import { inboundTargets } from "./inbound-catalogue.js";
import { fuzzScenarioPath } from "./live-twin.js";
import { startLocalTwin } from "./local-twin.js";
import { runTokens } from "./run-tokens.js";

const RUN = "catalogue";

/** A LocalBus that notes every subject pattern a service takes messages on (request inboxes are its own, not noted). */
class RecordingBus extends LocalBus {
  readonly patterns = new Set<string>();
  override subscribe(subject: string, handler: MessageHandler, options?: SubscribeOptions): Subscription {
    this.patterns.add(subject);
    return super.subscribe(subject, handler, options);
  }
  override stream(name: string, options: StreamOptions): Promise<StreamStore> {
    for (const s of options.subjects) this.patterns.add(s);
    return super.stream(name, options);
  }
}

describe("the fuzz's inbound catalogue", () => {
  it("covers every subject that every service of a run subscribes to", { timeout: 60_000 }, async () => {
    const bus = new RecordingBus();
    // A few ticks: hosts subscribe to their clusters' commands on the first assignment.
    const twin = await startLocalTwin({ bus, run: RUN, scenarioPath: fuzzScenarioPath, durationMs: 5 * 60_000 });
    await twin.coordinator.finished();
    await twin.stop();

    const known = inboundTargets(runTokens(fuzzScenarioPath, RUN, 1)).map((t) => t.subject);
    // `$SRV.*` is NATS service discovery, answered by the bus library, not by orbitwin's code.
    const ours = [...bus.patterns].filter((p) => !p.startsWith("$SRV."));
    const unknown = ours.filter((p) => !known.some((subject) => subjectMatches(p, subject)));
    expect(unknown).toEqual([]);
    // Sanity: the recording saw the services (a clock, a host's commands, every service's endpoints).
    expect(ours.length).toBeGreaterThan(15);
  });
});
