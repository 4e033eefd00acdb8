import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buckets, clusterDefinition, clusterTelemetry, encodeMessage, fleetTelemetry, float64ToBin, subjects } from "@orbitwin/protocol";
import { LocalBus, silentLogger } from "@orbitwin/runtime";
import { testClusterDefinition } from "@orbitwin/runtime/testing";
import { Gateway, type GatewayOptions } from "./gateway.js";
import { StreamKinds, readFrame, splitMessages } from "./wire.js";

const TOKEN = "t".repeat(32);

/** A request with a Host of our choosing (fetch always sends the URL's). */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(method === "POST" ? "{}" : undefined);
  });
}

function builtPage(): string {
  const dir = mkdtempSync(join(tmpdir(), "orbitwin-page-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>orbitwin</title><script type=module src=./assets/main.js></script>");
  writeFileSync(join(dir, "assets", "main.js"), "export {};");
  return dir;
}

const MARCH_EQUINOX_NOON_MS = Date.UTC(2026, 2, 20, 12);

/** One tick-1 telemetry batch of run "g"'s `cluster`, its satellites at rest at the origin. */
function publishBatch(bus: LocalBus, cluster: string, readings: { latDeg: number[]; lonDeg: number[]; altKm: number[]; sunlitFraction: number[] }): void {
  const count = readings.latDeg.length;
  bus.publish(
    subjects.clusterTelemetry("g", cluster),
    clusterTelemetry.encode({
      v: 2,
      run: "g",
      cluster,
      tick: 1,
      simTimeMs: MARCH_EQUINOX_NOON_MS,
      count,
      posKm: float64ToBin(new Float64Array(3 * count)),
      velKmS: float64ToBin(new Float64Array(3 * count)),
      latDeg: float64ToBin(Float64Array.from(readings.latDeg)),
      lonDeg: float64ToBin(Float64Array.from(readings.lonDeg)),
      altKm: float64ToBin(Float64Array.from(readings.altKm)),
      sunlitFraction: float64ToBin(Float64Array.from(readings.sunlitFraction)),
      status: new Uint8Array(count),
    }),
  );
}

describe("the gateway's HTTP API", () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  async function start(bus: LocalBus, options: Partial<GatewayOptions> = {}): Promise<Gateway> {
    gateway = new Gateway({ bus, run: "g", log: silentLogger(), operatorToken: TOKEN, pageDir: builtPage(), ...options });
    await gateway.start();
    return gateway;
  }
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(new URL(path, gateway!.url), { method: "POST", body, headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers } });
  const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

  it("serves the built page with a self-only CSP, no framing and no sniffing", async () => {
    await start(new LocalBus());
    const page = await fetch(gateway!.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await page.text()).toContain("<title>orbitwin</title>");
    expect((await fetch(new URL("assets/main.js", gateway!.url))).headers.get("content-type")).toMatch(/text\/javascript/);
    expect((await fetch(new URL("assets/..%2Findex.html", gateway!.url))).status).toBe(400);
    expect((await fetch(new URL("assets/other.js", gateway!.url))).status).toBe(404);
  });

  it("says the page is not built rather than serving nothing", async () => {
    await start(new LocalBus(), { pageDir: mkdtempSync(join(tmpdir(), "orbitwin-nopage-")) });
    const page = await fetch(gateway!.url);
    expect(page.status).toBe(503);
    expect(await message(page)).toMatch(/page is not built.*npm run build/);
  });

  it("forwards the operator's control to the run and refuses bad requests with a message", async () => {
    const bus = new LocalBus();
    bus.subscribe(subjects.control("g", "pause"), (m) => m.respond(encodeMessage({ ok: true, result: { state: "paused" } })));
    await start(bus);
    expect(await (await post("api/ctl/pause", "{}")).json()).toEqual({ ok: true, result: { state: "paused" } });
    const badJson = await post("api/ctl/pause", "{nope");
    expect(badJson.status).toBe(400);
    expect(await message(badJson)).toMatch(/not JSON/);
    expect((await post("api/ctl/explode", "{}")).status).toBe(400);
    expect((await post("api/inject/meteor", "{}")).status).toBe(400);
    const big = await post("api/ctl/pause", JSON.stringify({ x: "x".repeat(70_000) }));
    expect(big.status).toBe(413);
    expect(await message(big)).toMatch(/over 65536 bytes/);
    const noRun = await post("api/inject/satellite-loss", "{}");
    expect(noRun.status).toBe(502);
    expect(await message(noRun)).toMatch(/did not answer on ot.g.inject.satellite-loss/);
    expect((await fetch(new URL("api/sat?id=nope", gateway!.url))).status).toBe(404);
    expect((await fetch(new URL("api/sat?id=../x", gateway!.url))).status).toBe(400);
  });

  it("lets no one without the token, no other origin, no other host and no form pause the run", async () => {
    const bus = new LocalBus();
    let pauses = 0;
    bus.subscribe(subjects.control("g", "pause"), (m) => {
      pauses++;
      m.respond(encodeMessage({ ok: true, result: { state: "paused" } }));
    });
    await start(bus);
    const noToken = await post("api/ctl/pause", "{}", { authorization: "" });
    expect(noToken.status).toBe(401);
    expect(await message(noToken)).toMatch(/need the operator token: no operator token given/);
    expect(await message(await post("api/ctl/pause", "{}", { authorization: "Bearer wrong-token-wrong-token" }))).toMatch(/not this run's operator token/);
    const crossOrigin = await post("api/ctl/pause", "{}", { origin: "http://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossOrigin.status).toBe(403);
    expect(await message(crossOrigin)).toMatch(/origin "http:\/\/evil.example" may not use this gateway/);
    expect((await rawRequest(gateway!.url, "GET", "/healthz", { host: "10.1.2.3:8080" })).status).toBe(200);
    const rebound = await rawRequest(gateway!.url, "POST", "/api/ctl/pause", {
      host: "evil.example:80",
      "content-type": "application/json",
      authorization: `Bearer ${TOKEN}`,
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/host \\"evil.example:80\\" is not one this gateway serves/);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const form = await post("api/inject/satellite-loss", "fraction=1", { "content-type": type });
      expect(form.status).toBe(415);
      expect(await message(form)).toMatch(/content-type ".+" is refused: send application\/json/);
    }
    expect(pauses).toBe(0);
    const session = (await (await fetch(new URL("api/session", gateway!.url))).json()) as { role: string; reason: string };
    expect(session.role).toBe("viewer");
    expect(session.reason).toMatch(/no operator token given/);
    const operator = await fetch(new URL("api/session", gateway!.url), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await operator.json()).toMatchObject({ role: "operator" });
  });

  it("turns control off when it has no operator token", async () => {
    await start(new LocalBus(), { operatorToken: undefined });
    const refused = await post("api/ctl/pause", "{}");
    expect(refused.status).toBe(403);
    expect(await message(refused)).toMatch(/has no operator token \(ORBITWIN_GATEWAY_TOKEN\): control and injection are off/);
  });

  it("streams the ids and then the frames of the satellites, and refuses a page past the cap naming it", async () => {
    const bus = new LocalBus();
    await start(bus, { stream: { maxClients: 1 } });
    const stream = await fetch(new URL("api/stream?field=sunlit", gateway!.url));
    expect(stream.headers.get("content-type")).toBe("application/octet-stream");
    const full = await fetch(new URL("api/stream", gateway!.url));
    expect(full.status).toBe(503);
    expect(await message(full)).toMatch(/at its limit of 1 open pages/);
    expect((await fetch(new URL("api/stream?field=mood", gateway!.url))).status).toBe(400);

    // The batch names its satellites by the order of the cluster's definition, which the gateway reads from KV.
    const definition = testClusterDefinition("g", "c", 2);
    const sats = definition.satIds;
    await (await bus.kv(buckets.clusters("g"))).put("c", clusterDefinition.encode(definition));
    publishBatch(bus, "c", { latDeg: [10, -20], lonDeg: [30, 40], altKm: [550, 560], sunlitFraction: [1, 0] });
    // The first batch of a cluster waits for its definition's ids: frames go out once it is on view.
    await expect.poll(() => (gateway!.sendFrame(), gateway!.streamStats().framesSent), { timeout: 10_000 }).toBeGreaterThan(0);
    const reader = stream.body!.getReader();
    let buffered = new Uint8Array(0);
    const got: { kind: number; payload: Uint8Array }[] = [];
    while (got.length < 2) {
      const chunk = (await reader.read()).value as Uint8Array;
      buffered = Uint8Array.from([...buffered, ...chunk]);
      const split = splitMessages(buffered, 1 << 20);
      got.push(...split.messages.map((m) => ({ kind: m.kind, payload: m.payload.slice() })));
      buffered = split.rest.slice();
    }
    expect(got[0]!.kind).toBe(StreamKinds.json);
    expect(JSON.parse(new TextDecoder().decode(got[0]!.payload))).toMatchObject({ type: "ids", ids: sats, total: 2, stride: 1 });
    const frame = readFrame(got[1]!.payload);
    expect(Array.from(frame.latDeg)).toEqual([10, -20]);
    expect(Array.from(frame.value)).toEqual([250, 0]);
    // Near the March equinox at 12:00 UTC the Sun stands over the equator, near the prime meridian.
    expect(Math.abs(frame.subsolarLatDeg)).toBeLessThan(1);
    expect(Math.abs(frame.subsolarLonDeg)).toBeLessThan(3);
    await reader.cancel();
  });
  it("follows the first satellite on view from the start, even when its cluster's batch comes after another's", async () => {
    const bus = new LocalBus();
    await start(bus);
    const clusters = await bus.kv(buckets.clusters("g"));
    const [a, b] = [testClusterDefinition("g", "a", 3), testClusterDefinition("g", "b", 3)];
    await clusters.put("a", clusterDefinition.encode(a));
    await clusters.put("b", clusterDefinition.encode(b));
    const readings = { latDeg: [1, 2, 3], lonDeg: [4, 5, 6], altKm: [550, 551, 552], sunlitFraction: [1, 1, 0] };
    const onView = (sat: string) => async () => (await fetch(new URL(`api/sat?id=${sat}`, gateway!.url))).status;
    // Asking for a satellite tracks it too: the ones asked here are never the first of their cluster.
    publishBatch(bus, "b", readings);
    await expect.poll(onView(b.satIds[2]!), { timeout: 10_000 }).toBe(200);
    publishBatch(bus, "a", readings);
    await expect.poll(onView(a.satIds[2]!), { timeout: 10_000 }).toBe(200);

    bus.publish(
      subjects.fleet("g"),
      fleetTelemetry.encode({
        v: 1,
        run: "g",
        tick: 1,
        simTimeMs: MARCH_EQUINOX_NOON_MS,
        dtMs: 1000,
        satellites: 6,
        clusters: 2,
        hosts: 1,
        sunlit: 4,
        failed: 0,
        speed: null,
        achievedSpeed: 1,
        tickLagMs: 0,
        stepMsMax: 0,
      }),
    );
    const history = async (sat: string) =>
      ((await (await fetch(new URL(`api/sat?id=${sat}`, gateway!.url))).json()) as { history: { tick: number }[] }).history;
    await expect.poll(() => history(a.satIds[0]!), { timeout: 10_000 }).toEqual([expect.objectContaining({ tick: 1 })]);
    // Tracked only from this ask: it missed tick 1.
    expect(await history(a.satIds[1]!)).toEqual([]);
  });
});

describe("the gateway's drain", () => {
  it("answers the request in flight before it stops, ending the streams and taking no new request", async () => {
    const bus = new LocalBus();
    let answerPause!: () => void;
    const pauseAsked = new Promise<void>((asked) => {
      bus.subscribe(subjects.control("d", "pause"), (m) => {
        answerPause = () => m.respond(encodeMessage({ ok: true, result: { state: "paused" } }));
        asked();
      });
    });
    const gateway = new Gateway({ bus, run: "d", log: silentLogger(), operatorToken: TOKEN });
    await gateway.start();
    const url = gateway.url;
    const stream = await fetch(new URL("api/stream", url));
    const streamEnded = stream.arrayBuffer();
    const pausing = fetch(new URL("api/ctl/pause", url), {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    });
    await pauseAsked;
    let stopped = false;
    const stopping = gateway.stop().then(() => (stopped = true));
    await streamEnded;
    expect(gateway.state).toBe("draining");
    expect(stopped).toBe(false);
    const late = await fetch(new URL("api/session", url)).then(
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
