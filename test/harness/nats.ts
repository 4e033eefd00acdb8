/**
 * The test harness's NATS: NATS_URL when set (a server you run); else a nats-server this run
 * starts on a free loopback port with a temporary store; else a Docker container through
 * testcontainers when a Docker engine answers; else an error saying what to install. It never
 * uses a server it did not start unless NATS_URL says so.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// Relative import: vitest's globalSetup ignores the @orbitwin/source condition.
import { findNatsServerBinary, spawnNatsServer } from "../../packages/runtime/src/nats-server.js";

export interface TestNats {
  url: string;
  kind: "external" | "local" | "docker";
  stop(): Promise<void>;
}

export interface NatsDetection {
  natsUrl: string | undefined;
  findBinary(): string | undefined;
  startDocker(): Promise<TestNats>;
}

export const NO_NATS_MESSAGE =
  "orbitwin tests need a NATS server and found none: install nats-server (Debian/Ubuntu: sudo apt-get install nats-server; " +
  "macOS: brew install nats-server), or start Docker (testcontainers then runs nats:2.10-alpine), or set NATS_URL to a server with JetStream.";

export async function startNats(detection: NatsDetection = defaultDetection()): Promise<TestNats> {
  if (detection.natsUrl) return { url: detection.natsUrl, kind: "external", stop: () => Promise.resolve() };
  if (detection.findBinary()) {
    const dir = mkdtempSync(join(tmpdir(), "orbitwin-nats-"));
    const server = await spawnNatsServer({ storeDir: dir });
    return {
      url: server.url,
      kind: "local",
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  try {
    return await detection.startDocker();
  } catch (err) {
    throw new Error(`${NO_NATS_MESSAGE} (Docker: ${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

function defaultDetection(): NatsDetection {
  return {
    natsUrl: process.env.NATS_URL || undefined,
    findBinary: () => findNatsServerBinary(),
    startDocker: startDockerNats,
  };
}

async function startDockerNats(): Promise<TestNats> {
  const { NatsContainer } = await import("@testcontainers/nats");
  const container = await new NatsContainer("nats:2.10-alpine").withJetStream().start();
  const { servers, user, pass } = container.getConnectionOptions() as { servers: string | string[]; user?: string; pass?: string };
  const server = Array.isArray(servers) ? servers[0]! : servers;
  const url = user ? server.replace("nats://", `nats://${encodeURIComponent(user)}:${encodeURIComponent(pass ?? "")}@`) : server;
  return { url, kind: "docker", stop: async () => void (await container.stop()) };
}
