import { describe, expect, it } from "vitest";
import { MALLOC_MMAP_THRESHOLD_BYTES, SEMI_SPACE_MIB, serviceEnv } from "./service-processes.js";

describe("serviceEnv", () => {
  it("gives a service glibc's mmap threshold, V8's semi-space size, the inherited environment and its own on top", () => {
    const env = serviceEnv({ PATH: "/bin", NATS_URL: "nats://old" }, { NATS_URL: "nats://127.0.0.1:4222" });
    expect(env).toEqual({
      MALLOC_MMAP_THRESHOLD_: String(MALLOC_MMAP_THRESHOLD_BYTES),
      PATH: "/bin",
      NODE_OPTIONS: `--max-semi-space-size=${SEMI_SPACE_MIB}`,
      NATS_URL: "nats://127.0.0.1:4222",
      ORBITWIN_SUPERVISED: "1",
    });
  });

  it("keeps the operator's malloc threshold and puts the operator's NODE_OPTIONS last, where they win", () => {
    const env = serviceEnv({ MALLOC_MMAP_THRESHOLD_: "1048576", NODE_OPTIONS: "--max-semi-space-size=16 --enable-source-maps" }, {});
    expect(env.MALLOC_MMAP_THRESHOLD_).toBe("1048576");
    expect(env.NODE_OPTIONS).toBe(`--max-semi-space-size=${SEMI_SPACE_MIB} --max-semi-space-size=16 --enable-source-maps`);
  });
});
