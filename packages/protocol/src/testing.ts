/** Sample messages for tests: `@orbitwin/protocol/testing`. */
import { InvalidScenarioError } from "./errors.js";
import type { SchedulerStatus } from "./messages/jobs.js";
import { parseScenario } from "./scenario.js";

/**
 * A scheduler's status at `tick` as its metrics stream carries it: one job done per tick and one
 * accelerator-hour delivered per tick, so a test can tell records apart and check their order.
 */
export function testSchedulerStatus(tick: number, overrides: Partial<SchedulerStatus> = {}): SchedulerStatus {
  return {
    tick,
    policy: "first-fit",
    queued: 1,
    running: 2,
    paused: 0,
    completed: tick,
    acceleratorsUsed: 32,
    acceleratorsAvailable: 384,
    utilization: 32 / 384,
    deliveredAcceleratorHours: tick,
    goodputAcceleratorHours: tick,
    lostAcceleratorHours: 0,
    stalledAcceleratorHours: 0,
    goodputFraction: 1,
    meanQueueWaitS: 0,
    energyPerCompletedJobWh: 0,
    restarts: 0,
    migrations: 0,
    decideMs: 1,
    ...overrides,
  };
}

/** What `parseScenario` finds wrong in `text`; throws when it accepts the scenario or fails otherwise. */
export function scenarioProblems(text: string): string[] {
  try {
    parseScenario(text, "test.yaml");
  } catch (err) {
    if (err instanceof InvalidScenarioError) return [...err.problems];
    throw err;
  }
  throw new Error("scenario was accepted");
}
