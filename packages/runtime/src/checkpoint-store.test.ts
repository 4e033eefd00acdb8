import { describe, expect, it } from "vitest";
import { buckets } from "@orbitwin/protocol";
import { LocalBus } from "./bus/local-bus.js";
import { CheckpointStore, MANIFEST_FORMAT, packSnapshot } from "./checkpoint-store.js";

describe("CheckpointStore manifests", () => {
  it("writes the format it knows and reads manifests older than formats (format 1)", async () => {
    const bus = new LocalBus();
    const store = await CheckpointStore.open(bus, "fmt");
    await store.markComplete({ tick: 3, epoch: 1, participants: ["h1"], savedAtMs: 0 });
    expect((await store.manifest(3))?.format).toBe(MANIFEST_FORMAT);
    const kv = await bus.kv(buckets.checkpoints("fmt"));
    await kv.put("t0000000006.manifest", packSnapshot({ tick: 6, epoch: 1, participants: ["h1"], savedAtMs: 0 }));
    expect((await store.latest())?.tick).toBe(6);
  });

  it("refuses a manifest of a newer format, naming the format and the checkpoint", async () => {
    const bus = new LocalBus();
    const store = await CheckpointStore.open(bus, "fmt");
    const kv = await bus.kv(buckets.checkpoints("fmt"));
    await kv.put("t0000000009.manifest", packSnapshot({ format: MANIFEST_FORMAT + 1, tick: 9, epoch: 1, participants: ["h1"], savedAtMs: 0 }));
    await expect(store.latest()).rejects.toThrow(new RegExp(`checkpoint 9 .* manifest format ${MANIFEST_FORMAT + 1}; this orbitwin reads formats 1 to ${MANIFEST_FORMAT}`));
  });
});
