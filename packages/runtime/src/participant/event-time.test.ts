import { describe, expect, it } from "vitest";
import type { ClockTick } from "@orbitwin/protocol";
import { EventTime, MAX_WAITING } from "./event-time.js";

const tick = (n: number): ClockTick => ({ v: 1, tick: n, simTimeMs: 1_000_000 + n * 10_000, dtMs: 10_000, epoch: 1, wantDigest: false });

describe("EventTime", () => {
  it("gives any tick its time from the latest clock tick, before or after it (a restore goes back)", () => {
    const time = new EventTime<string>();
    expect(time.at(0)).toBeUndefined();
    time.observe(tick(7));
    expect(time.at(5)).toEqual({ tick: 5, simTimeMs: 1_050_000 });
    expect(time.at(9)).toEqual({ tick: 9, simTimeMs: 1_090_000 });
  });

  it("holds events until the first tick, at most MAX_WAITING, counting the ones dropped", () => {
    const time = new EventTime<number>();
    for (let i = 0; i < MAX_WAITING + 3; i++) time.hold(i);
    expect(time.dropped).toBe(3);
    expect(time.observe(tick(0))).toEqual(Array.from({ length: MAX_WAITING }, (_, i) => i));
    expect(time.observe(tick(1))).toEqual([]);
  });
});
