import { describe, expect, it } from "vitest";
import { MALLOC_MMAP_THRESHOLD_BYTES, serviceEnv } from "./service-processes.js";

describe("serviceEnv", () => {
  it("gives a service glibc's mmap threshold, the inherited environment and its own on top", () => {
    const env = serviceEnv({ PATH: "/bin", NATS_URL: "nats://old" }, { NATS_URL: "nats://127.0.0.1:4222" });
    expect(env).toEqual({
      MALLOC_MMAP_THRESHOLD_: String(MALLOC_MMAP_THRESHOLD_BYTES),
      PATH: "/bin",
      NATS_URL: "nats://127.0.0.1:4222",
      ORBITWIN_SUPERVISED: "1",
    });
  });

  it("keeps a malloc threshold the operator set", () => {
    expect(serviceEnv({ MALLOC_MMAP_THRESHOLD_: "1048576" }, {}).MALLOC_MMAP_THRESHOLD_).toBe("1048576");
  });
});
