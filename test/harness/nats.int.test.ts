import { describe, expect, it } from "vitest";
import { NO_NATS_MESSAGE, startNats } from "./nats.js";

const never = () => Promise.reject(new Error("Could not find a working container runtime strategy"));

describe("test harness NATS", () => {
  it("uses NATS_URL when it is set, and starts nothing", async () => {
    const nats = await startNats({ natsUrl: "nats://example.invalid:4222", findBinary: () => "/usr/sbin/nats-server", startDocker: never });
    expect(nats).toMatchObject({ url: "nats://example.invalid:4222", kind: "external" });
  });

  it("starts its own nats-server on a free loopback port", async () => {
    const nats = await startNats({ natsUrl: undefined, findBinary: () => "nats-server", startDocker: never });
    try {
      expect(nats.kind).toBe("local");
      expect(nats.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      expect(nats.url).not.toBe("nats://127.0.0.1:4222");
    } finally {
      await nats.stop();
    }
  });

  it("says exactly what to install when there is no server, binary or Docker", async () => {
    await expect(startNats({ natsUrl: undefined, findBinary: () => undefined, startDocker: never })).rejects.toThrow(NO_NATS_MESSAGE);
  });
});
