/**
 * The fuzz covers every subject a service takes messages on: each service of a run starts (and
 * the run plays through) on an in-process bus that records every subscription, service endpoint
 * and stream subject; each must match a subject of the catalogue. A service that subscribes to
 * something new fails here until the catalogue (or protocol's descriptors) knows it.
 */
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { Coordinator, loadScenarioFile } from "@orbitwin/coordinator";
import { DebrisWatch } from "@orbitwin/debris-watch";
import { FleetHost } from "@orbitwin/fleet";
import { Gateway } from "@orbitwin/gateway";
import { SchedulerService, createSchedulerCore } from "@orbitwin/scheduler";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { LocalBus, silentLogger, subjectMatches, type MessageHandler, type StreamOptions, type StreamStore, type SubscribeOptions, type Subscription } from "@orbitwin/runtime";
import { inboundTargets } from "./inbound-catalogue.js";
import { fuzzScenarioPath } from "./live-twin.js";
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
    const { scenario, clusters } = loadScenarioFile(fuzzScenarioPath, RUN);
    const log = silentLogger();
    const coordinator = new Coordinator({
      bus,
      run: RUN,
      scenario,
      clusters,
      log,
      minHosts: 1,
      speed: null,
      // A few ticks: hosts subscribe to their clusters' commands on the first assignment.
      durationMs: 5 * 60_000,
      requiredParticipants: ["thermal", "scheduler", "debris-watch"],
    });
    const services = [
      coordinator,
      new ThermalService({ bus, run: RUN, policy: resolveThermalPolicy(scenario.thermal), log }),
      new SchedulerService({ bus, run: RUN, core: createSchedulerCore({ section: scenario.scheduler, seed: scenario.seed }), log }),
      new DebrisWatch({ bus, run: RUN, config: scenario.debris, seed: scenario.seed, epochMs: scenario.epochMs, baseDir: dirname(fuzzScenarioPath), log }),
      new Gateway({ bus, run: RUN, port: 0, log }),
      new FleetHost({ bus, run: RUN, hostId: `${RUN}-h1`, log }),
    ];
    for (const s of services) await s.start();
    await coordinator.finished();
    for (const s of services.reverse()) await s.stop();

    const known = inboundTargets(runTokens(fuzzScenarioPath, RUN, 1)).map((t) => t.subject);
    // `$SRV.*` is NATS service discovery, answered by the bus library, not by orbitwin's code.
    const ours = [...bus.patterns].filter((p) => !p.startsWith("$SRV."));
    const unknown = ours.filter((p) => !known.some((subject) => subjectMatches(p, subject)));
    expect(unknown).toEqual([]);
    // Sanity: the recording saw the services (a clock, a host's commands, every service's endpoints).
    expect(ours.length).toBeGreaterThan(15);
  });
});
