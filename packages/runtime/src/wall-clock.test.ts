import { describe, expect, it } from "vitest";
import { ManualWallClock } from "./wall-clock.js";

describe("ManualWallClock", () => {
  it("fires sleeps and intervals in time order as it advances", async () => {
    const clock = new ManualWallClock(1000);
    const fired: string[] = [];
    const slept = clock.sleep(250).then(() => fired.push(`sleep@${clock.now()}`));
    const stop = clock.every(100, () => fired.push(`tick@${clock.now()}`));
    clock.advance(300);
    await slept;
    stop();
    clock.advance(1000);
    expect(fired).toEqual(["tick@1100", "tick@1200", "tick@1300", "sleep@1300"]);
    expect(clock.now()).toBe(2300);
  });

  it("fires what fell due during a stall once, late, at the time the stall ends", async () => {
    const clock = new ManualWallClock(1000);
    const fired: string[] = [];
    clock.every(100, () => fired.push(`tick@${clock.now()}`));
    const slept = clock.sleep(250).then(() => fired.push(`sleep@${clock.now()}`));
    clock.stall(1000);
    await slept;
    clock.advance(100);
    expect(fired).toEqual(["tick@2000", "sleep@2000", "tick@2100"]);
  });

  it("resolves a sleep at once when its signal aborts", async () => {
    const clock = new ManualWallClock();
    const controller = new AbortController();
    const slept = clock.sleep(10_000, controller.signal);
    controller.abort();
    await expect(slept).resolves.toBeUndefined();
  });

  it("fires an after-timer once, and never once it is cancelled", () => {
    const clock = new ManualWallClock(1000);
    const fired: number[] = [];
    clock.after(200, () => fired.push(clock.now()));
    const cancel = clock.after(300, () => fired.push(-clock.now()));
    clock.advance(250);
    cancel();
    clock.advance(1000);
    expect(fired).toEqual([1200]);
  });
});
