import { describe, expect, it } from "vitest";
import { HOST_THREAD_INITIAL_OLD_SPACE_MIB, hostThreadHeapFlag } from "./fleet-threads.js";

describe("the host threads' heap", () => {
  it("starts each thread's old generation with room to spare", () => {
    expect(hostThreadHeapFlag([])).toBe(`--initial-old-space-size=${HOST_THREAD_INITIAL_OLD_SPACE_MIB}`);
    expect(hostThreadHeapFlag(["--enable-source-maps", "--max-old-space-size=4096"])).toBe(`--initial-old-space-size=${HOST_THREAD_INITIAL_OLD_SPACE_MIB}`);
  });

  it("leaves the size to an operator who gave node one", () => {
    expect(hostThreadHeapFlag(["--initial-old-space-size=64"])).toBeUndefined();
    expect(hostThreadHeapFlag(["--initial_old_space_size=256"])).toBeUndefined();
  });
});
