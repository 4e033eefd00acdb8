/**
 * The test harness's NATS, first match wins:
 *   1. NATS_URL is set: that server (kind "external"); nothing is started or stopped.
 *   2. nats-server is on the PATH: one this run starts on a free loopback port with a temporary
 *      store (kind "local").
 *   3. A Docker engine answers: nats:2.10-alpine with JetStream through testcontainers (kind "docker").
 *   4. Otherwise: an error saying exactly what to install.
 * It never uses a server it did not start unless NATS_URL says so (not even one on :4222).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// Relative import: vitest's globalSetup ignores the @orbitwin/source condition and would load dist/.
import { findNatsServerBinary, spawnNatsServer } from "../../packages/runtime/src/nats-server.js";

export interface TestNats {
  /** Server URL; a docker server's credentials are in it (nats://user:pass@host:port). */
  url: string;
  kind: "external" | "local" | "docker";
  /** Stops what this harness started (nothing for "external"). Idempotent. */
  stop(): Promise<void>;
}

/** What startNats looks at; each part can be replaced, so every branch is testable here. */
export interface NatsDetection {
  /** @default process.env.NATS_URL */
  natsUrl: string | undefined;
  /** @default findNatsServerBinary() (the PATH) */
  findBinary(): string | undefined;
  /** Starts NATS in Docker; rejects when no engine answers. @default startDockerNats */
  startDocker(): Promise<TestNats>;
}

export const NO_NATS_MESSAGE =
  "orbitwin integration tests need a NATS server and found none. Do one of: " +
  "install nats-server (Debian/Ubuntu: sudo apt-get install nats-server; macOS: brew install nats-server); " +
  "or start a Docker engine (testcontainers then runs nats:2.10-alpine); " +
  "or set NATS_URL to a server with JetStream enabled (nats-server -js).";

export async function startNats(overrides: Partial<NatsDetection> = {}): Promise<TestNats> {
  const detection: NatsDetection = {
    natsUrl: process.env.NATS_URL || undefined,
    findBinary: () => findNatsServerBinary(),
    startDocker: startDockerNats,
    ...overrides,
  };
  if (detection.natsUrl) return { url: detection.natsUrl, kind: "external", stop: () => Promise.resolve() };
  const binary = detection.findBinary();
  if (binary) return startLocalNats(binary);
  try {
    return await detection.startDocker();
  } catch (err) {
    throw new Error(`${NO_NATS_MESSAGE} (nats-server: not on the PATH; Docker: ${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

async function startLocalNats(binary: string): Promise<TestNats> {
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-nats-"));
  try {
    // Every run of every test file reserves its streams' byte limits (about 1.7 GiB a run): the
    // whole suite's reservations, not its bytes, would pass the default store limit.
    const server = await spawnNatsServer({ storeDir: dir, binary, maxFileStoreBytes: 2 ** 50 });
    let stopped: Promise<void> | undefined;
    return {
      url: server.url,
      kind: "local",
      stop: () =>
        (stopped ??= server.stop().finally(() => {
          rmSync(dir, { recursive: true, force: true });
        })),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** True when testcontainers finds a working container runtime (socket or DOCKER_HOST). */
export async function dockerEngineAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** NATS 2.10 with JetStream in a container; NatsContainer sets --user/--pass, which go into the URL. */
export async function startDockerNats(): Promise<TestNats> {
  const { NatsContainer } = await import("@testcontainers/nats");
  const container = await new NatsContainer("nats:2.10-alpine").withJetStream().start();
  const { servers, user, pass } = container.getConnectionOptions() as { servers: string | string[]; user?: string; pass?: string };
  // servers is "host:port", without a scheme.
  const hostPort = (Array.isArray(servers) ? servers[0]! : servers).replace(/^nats:\/\//, "");
  const url = user ? `nats://${encodeURIComponent(user)}:${encodeURIComponent(pass ?? "")}@${hostPort}` : `nats://${hostPort}`;
  let stopped: Promise<void> | undefined;
  return { url, kind: "docker", stop: () => (stopped ??= container.stop().then(() => undefined)) };
}
