/**
 * A client in another language sees only MessagePack: this decodes the twin's public messages
 * with @msgpack/msgpack (not msgpackr, which the twin uses) the way docs/PROTOCOL.md shows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { decode } from "@msgpack/msgpack";
import { binToFloat32, clusterTelemetry, subjects } from "@orbitwin/protocol";
import { LocalBus } from "@orbitwin/runtime";
import { awaitMessage, smallScenarioYaml, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

let twin: TwinFixture | undefined;
afterEach(async () => {
  await twin?.stop();
  twin = undefined;
});

/** What a client does with a float32 column: read the bin as little-endian singles. */
function float32Column(bin: Uint8Array): number[] {
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  return Array.from({ length: bin.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
}

const withBus = smallScenarioYaml.replace("seed: 7", "seed: 7\nbus: { preset: suncatcher-tpu }");

describe("public messages through another MessagePack implementation", () => {
  it("decodes cluster telemetry to plain maps whose binary columns are little-endian arrays", async () => {
    const bus = new LocalBus();
    const raw = awaitMessage(bus, subjects.allClusterTelemetry("interop"), (data) => data, "a cluster batch");
    twin = await startTwinOnBus({ bus, run: "interop", hosts: 1, yaml: withBus });
    const bytes = await raw;
    const m = decode(bytes) as Record<string, unknown>;
    const ours = clusterTelemetry.decode(bytes);
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining([
        "v",
        "run",
        "cluster",
        "tick",
        "simTimeMs",
        "count",
        "posKm",
        "velKmS",
        "latDeg",
        "lonDeg",
        "altKm",
        "sunlitFraction",
        "status",
        "health",
        "batterySoc",
        "junctionK",
      ]),
    );
    // Layout 3: no ids (slot i is satIds[i] of the cluster's definition), float32 orbit columns.
    expect(m).toMatchObject({ v: 3, run: "interop", cluster: ours.cluster, tick: 0, count: ours.count });
    expect(m).not.toHaveProperty("satIds");
    const n = m.count as number;
    for (const key of ["posKm", "velKmS", "altKm", "status", "junctionK"]) expect(m[key]).toBeInstanceOf(Uint8Array);
    const pos = float32Column(m.posKm as Uint8Array);
    expect(pos).toHaveLength(3 * n);
    expect(pos).toEqual(Array.from(binToFloat32(ours.posKm, 3 * n, "posKm")));
    // x, y, z of the first satellite: a LEO radius.
    expect(Math.hypot(pos[0]!, pos[1]!, pos[2]!)).toBeGreaterThan(6700);
    expect(float32Column(m.altKm as Uint8Array).every((alt) => alt > 400 && alt < 800)).toBe(true);
    expect(float32Column(m.junctionK as Uint8Array)).toEqual(Array.from(binToFloat32(ours.junctionK!, n, "junctionK")));
    expect(Array.from(m.status as Uint8Array)).toEqual(new Array(n).fill(0));
  });

  it("decodes the fleet aggregate and events to plain maps", async () => {
    const bus = new LocalBus();
    const fleet = awaitMessage(bus, subjects.fleet("interop2"), (data) => data, "a fleet aggregate");
    const started = awaitMessage(bus, subjects.event("interop2", "run-started"), (data) => data, "run-started");
    twin = await startTwinOnBus({ bus, run: "interop2", hosts: 1, yaml: withBus });
    expect(decode(await fleet)).toMatchObject({ v: 1, run: "interop2", tick: 0, satellites: 49, subsystems: { byHealth: [49, 0, 0, 0, 0, 0] } });
    expect(decode(await started)).toMatchObject({ kind: "run-started", severity: "info", data: { satellites: 49, scenario: { name: "small", seed: 7 } } });
  });
});
