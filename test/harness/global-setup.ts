/** vitest globalSetup: one NATS per test run, handed to tests as inject("natsUrl"). */
import type { TestProject } from "vitest/node";
import { startNats, type TestNats } from "./nats.js";

let nats: TestNats | undefined;

export async function setup(project: TestProject): Promise<void> {
  nats = await startNats();
  project.provide("natsUrl", nats.url);
}

export async function teardown(): Promise<void> {
  await nats?.stop();
}
