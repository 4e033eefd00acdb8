import { afterEach, describe, expect, it } from "vitest";
import { clusterTelemetry, encodeMessage, float64ToBin, subjects } from "@orbitwin/protocol";
import { LocalBus, silentLogger } from "@orbitwin/runtime";
import { Gateway } from "./gateway.js";
import { FleetView } from "./fleet-view.js";

const batch = (cluster: string, sats: string[], latDeg: number[]) =>
  clusterTelemetry.decode(
    clusterTelemetry.encode({
      v: 1,
      run: "g",
      cluster,
      tick: 3,
      simTimeMs: Date.UTC(2026, 0, 1),
      count: sats.length,
      satIds: sats,
      posKm: float64ToBin(new Float64Array(3 * sats.length)),
      velKmS: float64ToBin(new Float64Array(3 * sats.length)),
      latDeg: float64ToBin(Float64Array.from(latDeg)),
      lonDeg: float64ToBin(Float64Array.from(latDeg, (l) => -l)),
      altKm: float64ToBin(new Float64Array(sats.length).fill(550)),
      sunlitFraction: float64ToBin(new Float64Array(sats.length).fill(1)),
      status: Uint8Array.from(sats, (_, i) => (i === 1 ? 3 : 0)),
    }),
  );

describe("the dashboard's fleet view", () => {
  it("packs every satellite into one binary frame in cluster and slot order, once per change", () => {
    const view = new FleetView();
    view.onBatch(batch("b", ["b-1", "b-2"], [10, 20]));
    view.onBatch(batch("a", ["a-1"], [-5]));
    const frame = view.takeFrame()!;
    const dv = new DataView(frame.buffer);
    expect(dv.getUint32(0, true)).toBe(3);
    expect(Array.from(new Float32Array(frame.buffer, 16, 3))).toEqual([-5, 10, 20]);
    expect(Array.from(new Float32Array(frame.buffer, 28, 3))).toEqual([5, -10, -20]);
    expect(Array.from(frame.subarray(40))).toEqual([0, 0, 254]);
    expect(view.ids().ids).toEqual(["a-1", "b-1", "b-2"]);
    expect(view.takeFrame()).toBeUndefined();
    expect(view.satellite("b-2")).toMatchObject({ cluster: "b", latDeg: 20, status: 3 });
  });
});

describe("the gateway's HTTP API", () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
  });

  it("serves the page and refuses bad requests with a message, forwarding good ones to the run", async () => {
    const bus = new LocalBus();
    bus.subscribe(subjects.control("g", "pause"), (m) => m.respond(encodeMessage({ ok: true, result: { state: "paused" } })));
    gateway = new Gateway({ bus, run: "g", log: silentLogger() });
    await gateway.start();
    const page = await fetch(gateway.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>orbitwin g</title>");
    const post = (path: string, body: string) => fetch(new URL(path, gateway!.url), { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(await (await post("api/ctl/pause", "{}")).json()).toEqual({ ok: true, result: { state: "paused" } });
    const badJson = await post("api/ctl/pause", "{nope");
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { message: string } }).error.message).toMatch(/not JSON/);
    expect((await post("api/ctl/explode", "{}")).status).toBe(404);
    expect((await post("api/inject/meteor", "{}")).status).toBe(404);
    expect((await post("api/ctl/pause", "x".repeat(70_000))).status).toBe(413);
    const noRun = await post("api/inject/satellite-loss", "{}");
    expect(noRun.status).toBe(502);
    expect((await fetch(new URL("api/sat?id=nope", gateway.url))).status).toBe(404);
  });
});

describe("the gateway's drain", () => {
  it("answers the request in flight before it stops, ending the event streams and taking no new request", async () => {
    const bus = new LocalBus();
    let answerPause!: () => void;
    const pauseAsked = new Promise<void>((asked) => {
      bus.subscribe(subjects.control("d", "pause"), (m) => {
        answerPause = () => m.respond(encodeMessage({ ok: true, result: { state: "paused" } }));
        asked();
      });
    });
    const gateway = new Gateway({ bus, run: "d", log: silentLogger() });
    await gateway.start();
    const url = gateway.url;
    const stream = await fetch(new URL("api/stream", url));
    const streamEnded = stream.text();
    const pausing = fetch(new URL("api/ctl/pause", url), { method: "POST", body: "{}" });
    await pauseAsked;
    let stopped = false;
    const stopping = gateway.stop().then(() => (stopped = true));
    await streamEnded;
    expect(gateway.state).toBe("draining");
    expect(stopped).toBe(false);
    const late = await fetch(new URL("api/sat?id=x", url)).then(
      (r) => r.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);
    answerPause();
    const paused = await pausing;
    expect(paused.status).toBe(200);
    expect(await paused.json()).toEqual({ ok: true, result: { state: "paused" } });
    await stopping;
    expect(gateway.state).toBe("stopped");
    await bus.drain();
  });

  it("leaves nothing listening when stopped while it starts", async () => {
    const gateway = new Gateway({ bus: new LocalBus(), run: "s", log: silentLogger() });
    const starting = gateway.start();
    await Promise.all([starting, gateway.stop()]);
    expect(gateway.state).toBe("stopped");
    expect(() => gateway.url).toThrow(/not listening/);
  });
});
