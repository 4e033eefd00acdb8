/** vitest globalSetup: one NATS per test run (see nats.ts for which), handed to tests as inject("natsUrl"). */
import type { TestProject } from "vitest/node";
// Relative import: globalSetup ignores the @orbitwin/source condition.
import { startNats, type TestNats } from "./nats.js";

let nats: TestNats | undefined;

export async function setup(project: TestProject): Promise<void> {
  nats = await startNats();
  // One line, so a failing run shows which server it used.
  process.stderr.write(`orbitwin test harness: NATS ${nats.kind} at ${nats.url.replace(/\/\/[^@/]+@/, "//***@")}\n`);
  project.provide("natsUrl", nats.url);
}

export async function teardown(): Promise<void> {
  await nats?.stop();
  nats = undefined;
}
