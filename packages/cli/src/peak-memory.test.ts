import { describe, expect, it } from "vitest";
import { formatBytes } from "./format.js";
import { peakRssBytes, peaksOf } from "./peak-memory.js";

describe("peak memory", () => {
  it.runIf(process.platform === "linux")("reads this process's peak resident set, at least what it holds now", () => {
    const peak = peakRssBytes(process.pid)!;
    expect(peak).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.5);
    expect(peaksOf([{ name: "me", pid: process.pid }])).toEqual([{ name: "me", pid: process.pid, peakRssBytes: expect.any(Number) as number }]);
  });

  it("leaves out a process that does not exist or has no pid", () => {
    expect(peakRssBytes(2 ** 31 - 1)).toBeUndefined();
    expect(
      peaksOf([
        { name: "gone", pid: 2 ** 31 - 1 },
        { name: "never started", pid: undefined },
      ]),
    ).toEqual([]);
  });

  it("prints bytes in binary units", () => {
    expect([formatBytes(512), formatBytes(3.5 * 1024 * 1024), formatBytes(2.25 * 1024 ** 3)]).toEqual(["512 B", "3.50 MiB", "2.25 GiB"]);
  });
});
