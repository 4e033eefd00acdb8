import { describe, expect, it } from "vitest";
import { LocalBus, ManualWallClock, type KvStore } from "@orbitwin/runtime";
import { CoordinatorLease } from "./lease.js";

describe("the coordinator lease", () => {
  it("steps down only when another coordinator took the lease, not when NATS fails to answer", async () => {
    const kv = await new LocalBus().kv("ot-lease-registry");
    const clock = new ManualWallClock(0);
    let failing = false;
    const flaky: KvStore = {
      bucket: kv.bucket,
      get: (key) => kv.get(key),
      put: (key, value) => kv.put(key, value),
      update: (key, value, revision) => (failing ? Promise.reject(new Error("timeout")) : kv.update(key, value, revision)),
      delete: (key) => kv.delete(key),
      keys: () => kv.keys(),
      destroy: () => kv.destroy(),
    };
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
});
