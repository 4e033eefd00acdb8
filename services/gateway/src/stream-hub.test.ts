import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ManualWallClock } from "@orbitwin/runtime/testing";
import { StreamHub } from "./stream-hub.js";

describe("the dashboard stream's backpressure", () => {
  let server: Server | undefined;
  let socket: Socket | undefined;
  afterEach(async () => {
    socket?.destroy();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("skips frames for a page that does not read, keeps what waits for it bounded, and cuts it off when it stays behind", async () => {
    const clock = new ManualWallClock(0);
    const hub = new StreamHub({ wallClock: clock, frameSkipBytes: 1024 * 1024, maxBufferedBytes: 4 * 1024 * 1024, maxBehindMs: 30_000 });
    const joined = new Promise<void>((resolve) => {
      server = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        hub.add(res, "health", []);
        resolve();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server!.address() as AddressInfo;
    // A client that asks for the stream and then never reads a byte.
    socket = connect(port, "127.0.0.1", () => socket!.write(`GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    socket.pause();
    await joined;

    const frame = new Uint8Array(512 * 1024);
    const ids = { version: 1, message: () => ({ type: "ids" }) };
    // 200 frames of 512 KiB: 100 MiB offered, far past what the kernel's socket buffers hold.
    for (let i = 0; i < 200; i++) hub.sendFrames(ids, () => frame);
    const stats = hub.stats();
    expect(stats.clients).toBe(1);
    expect(stats.framesSkipped).toBeGreaterThan(0);
    expect(stats.bufferedBytes[0]).toBeLessThanOrEqual(4 * 1024 * 1024);
    // Still behind after the bound: cut off, and nothing waits for it any more.
    clock.advance(31_000);
    hub.sendFrames(ids, () => frame);
    expect(hub.stats()).toMatchObject({ clients: 0, slowClientsCut: 1, bufferedBytes: [] });
  });

  it("refuses a page past its cap, naming the cap", () => {
    const hub = new StreamHub({ wallClock: new ManualWallClock(0), maxClients: 0 });
    expect(hub.refusal()).toMatch(/at its limit of 0 open pages/);
  });
});
