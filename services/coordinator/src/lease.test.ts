import { describe, expect, it } from "vitest";
import { LocalBus, ManualWallClock } from "@orbitwin/runtime";
import { kvWith } from "@orbitwin/runtime/testing";
import { CoordinatorLease } from "./lease.js";

describe("the coordinator lease", () => {
  it("steps down only when another coordinator took the lease, not when NATS fails to answer", async () => {
    const kv = await new LocalBus().kv("ot-lease-registry");
    const clock = new ManualWallClock(0);
    let failing = false;
    const flaky = kvWith(kv, {
      update: (key, value, revision) => (failing ? Promise.reject(new Error("timeout")) : kv.update(key, value, revision)),
    });
    const holder = new CoordinatorLease({ kv: flaky, holder: "a-1", wallClock: clock });
    expect(await holder.acquire(new AbortController().signal)).toBe(true);
    expect(await holder.renew()).toBe(true);
    failing = true;
    await expect(holder.renew()).rejects.toThrow(/timeout/);
    failing = false;
    expect(await holder.renew()).toBe(true);
    // Another coordinator writes the lease: the next renewal finds it gone.
    const entry = await kv.get("coordinator-lease");
    await kv.update("coordinator-lease", new TextEncoder().encode(JSON.stringify({ holder: "b-2" })), entry!.revision);
    expect(await holder.renew()).toBe(false);
  });

  it("keeps the lease when its own renewals overlap or one lands after its answer was lost", async () => {
    const kv = await new LocalBus().kv("ot-lease-registry");
    let loseAnswer = false;
    const lossy = kvWith(kv, {
      update: async (key, value, revision) => {
        const written = await kv.update(key, value, revision);
        if (loseAnswer) throw new Error("timeout");
        return written;
      },
    });
    const holder = new CoordinatorLease({ kv: lossy, holder: "a-1", wallClock: new ManualWallClock(0) });
    expect(await holder.acquire(new AbortController().signal)).toBe(true);
    // Two renewals in flight at once (the timer fired again while the first waited on NATS).
    expect(await Promise.all([holder.renew(), holder.renew()])).toEqual([true, true]);
    loseAnswer = true;
    await expect(holder.renew()).rejects.toThrow(/timeout/);
    loseAnswer = false;
    expect(await holder.renew()).toBe(true);
    const entry = await kv.get("coordinator-lease");
    await kv.update("coordinator-lease", new TextEncoder().encode(JSON.stringify({ holder: "b-2" })), entry!.revision);
    expect(await holder.renew()).toBe(false);
  });
});
