import { describe, expect, it } from "vitest";
import { LocalBus } from "@orbitwin/runtime";
import { INLINE_TELEMETRY_BYTES, TELEMETRY_FLUSH_BYTES, TelemetryOut } from "./telemetry-out.js";

/** A bus that records the subjects published on it and counts its flushes. */
class RecordingBus extends LocalBus {
  readonly subjects: string[] = [];
  flushes = 0;

  constructor() {
    super({ maxPayloadBytes: 2 * TELEMETRY_FLUSH_BYTES });
  }

  override publish(subject: string, data: Uint8Array): void {
    this.subjects.push(subject);
    super.publish(subject, data);
  }

  override async flush(): Promise<void> {
    this.flushes++;
    await super.flush();
  }
}

describe("TelemetryOut", () => {
  it("sends a small host's telemetry on its own connection and flushes nothing before clock.done", async () => {
    const bus = new RecordingBus();
    const telemetryBus = new RecordingBus();
    const out = new TelemetryOut({ bus, telemetryBus, run: "r", sample: true });
    await out.publish("c1", new Uint8Array(1000));
    out.publishSatellite("ot.r.tlm.c1.s1", new Uint8Array(100));
    await out.finish();
    bus.publish("ot.r.clock.done.h1", new Uint8Array(10));
    await out.publishSamples(() => new Uint8Array(10));
    expect(bus.subjects).toEqual(["ot.r.tlm.c1", "ot.r.tlm.c1.s1", "ot.r.clock.done.h1", "ot.r.sample.c1"]);
    expect(telemetryBus.subjects).toEqual([]);
    expect(telemetryBus.flushes).toBe(0);
  });

  it("sends a big host's history samples after clock.done, and flushes them before the next tick", async () => {
    const bus = new RecordingBus();
    const telemetryBus = new RecordingBus();
    const out = new TelemetryOut({ bus, telemetryBus, run: "r", sample: true });
    const half = new Uint8Array(INLINE_TELEMETRY_BYTES / 2);
    for (const cluster of ["c1", "c2", "c3"]) await out.publish(cluster, half);
    await out.finish();
    expect(telemetryBus.flushes).toBe(1);
    bus.publish("ot.r.clock.done.h1", new Uint8Array(10));
    await out.publishSamples((cluster) => (cluster === "c3" ? half : new Uint8Array(10)));
    expect(bus.subjects).toEqual(["ot.r.tlm.c1", "ot.r.tlm.c2", "ot.r.clock.done.h1"]);
    expect(telemetryBus.subjects).toEqual(["ot.r.tlm.c3", "ot.r.sample.c1", "ot.r.sample.c2", "ot.r.sample.c3"]);
    expect(telemetryBus.flushes).toBe(2);
  });

  it("sends what comes past the tick's first MiB on the telemetry connection, and flushes it before clock.done", async () => {
    const bus = new RecordingBus();
    const telemetryBus = new RecordingBus();
    const out = new TelemetryOut({ bus, telemetryBus, run: "r", sample: false });
    const half = new Uint8Array(INLINE_TELEMETRY_BYTES / 2);
    await out.publish("c1", half);
    await out.publish("c2", half);
    await out.publish("c3", half);
    await out.publish("c4", new Uint8Array(10));
    expect(telemetryBus.flushes).toBe(0);
    await out.finish();
    expect(bus.subjects).toEqual(["ot.r.tlm.c1", "ot.r.tlm.c2"]);
    expect(telemetryBus.subjects).toEqual(["ot.r.tlm.c3", "ot.r.tlm.c4"]);
    expect(telemetryBus.flushes).toBe(1);
  });

  it("uses the one bus it is given for everything when telemetry has no connection of its own, flushing every 16 MB", async () => {
    const bus = new RecordingBus();
    const out = new TelemetryOut({ bus, telemetryBus: bus, run: "r", sample: false });
    const tenMb = new Uint8Array(TELEMETRY_FLUSH_BYTES * 0.625);
    await out.publish("c1", tenMb);
    expect(bus.flushes).toBe(0);
    await out.publish("c2", tenMb);
    expect(bus.flushes).toBe(1);
    await out.finish();
    expect(bus.subjects).toEqual(["ot.r.tlm.c1", "ot.r.tlm.c2"]);
    expect(bus.flushes).toBe(1);
  });
});
