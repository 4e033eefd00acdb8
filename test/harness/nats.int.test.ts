import { describe, expect, inject, it } from "vitest";
import { connectNatsBus, silentLogger } from "@orbitwin/runtime";
import { dockerEngineAnswers, NO_NATS_MESSAGE, startDockerNats, startNats } from "./nats.js";

const noDocker = () => Promise.reject(new Error("Could not find a working container runtime strategy"));
const unexpectedDocker = () => Promise.reject(new Error("the Docker path must not be tried here"));
const hasDocker = await dockerEngineAnswers();

describe("test harness NATS", () => {
  it("uses NATS_URL when it is set, and starts nothing", async () => {
    const nats = await startNats({ natsUrl: "nats://example.invalid:4222", findBinary: () => "/usr/sbin/nats-server", startDocker: unexpectedDocker });
    expect(nats).toMatchObject({ url: "nats://example.invalid:4222", kind: "external" });
    await nats.stop();
  });

  it("starts its own nats-server with JetStream on a free loopback port, never the one on 4222", async () => {
    const nats = await startNats({ natsUrl: undefined, startDocker: unexpectedDocker });
    try {
      expect(nats.kind).toBe("local");
      expect(nats.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      expect(nats.url).not.toBe("nats://127.0.0.1:4222");
      const bus = await connectNatsBus({ url: nats.url, name: "harness-test", log: silentLogger() });
      try {
        await (await bus.kv("harness")).put("k", new Uint8Array([1]));
      } finally {
        await bus.drain();
      }
    } finally {
      await nats.stop();
      await nats.stop();
    }
  });

  it("hands the run's server to tests through inject('natsUrl')", () => {
    expect(inject("natsUrl")).toMatch(/^nats:\/\//);
  });

  it("says exactly what to install when there is no NATS_URL, binary or Docker", async () => {
    const err: unknown = await startNats({ natsUrl: undefined, findBinary: () => undefined, startDocker: noDocker }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain(NO_NATS_MESSAGE);
    expect(message).toMatch(/apt-get install nats-server/);
    expect(message).toMatch(/Docker/);
    expect(message).toMatch(/NATS_URL/);
    expect(message).toMatch(/container runtime/);
  });

  it.skipIf(hasDocker)("fails clearly on the real Docker path when no engine answers (this machine)", async () => {
    await expect(startDockerNats()).rejects.toThrow();
    await expect(startNats({ natsUrl: undefined, findBinary: () => undefined })).rejects.toThrow(/apt-get install nats-server.*Docker: /s);
  });
});
