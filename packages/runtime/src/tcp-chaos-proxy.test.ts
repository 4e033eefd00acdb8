import { afterEach, describe, expect, it } from "vitest";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { TcpChaosProxy } from "./tcp-chaos-proxy.js";

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function echoServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))));
  return (server.address() as AddressInfo).port;
}

async function client(port: number): Promise<{ socket: Socket; received: () => string; waitFor: (n: number) => Promise<string> }> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  cleanups.push(() => void socket.destroy());
  let text = "";
  const waiters: (() => void)[] = [];
  socket.on("data", (d: Buffer) => {
    text += d.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const waitFor = async (n: number) => {
    while (text.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    return text;
  };
  return { socket, received: () => text, waitFor };
}

async function proxyTo(port: number, options: Partial<Parameters<typeof TcpChaosProxy.start>[0]> = {}): Promise<TcpChaosProxy> {
  const proxy = await TcpChaosProxy.start({ upstreamHost: "127.0.0.1", upstreamPort: port, seed: 7, ...options });
  cleanups.push(() => proxy.close());
  return proxy;
}

const received = (proxy: TcpChaosProxy, direction: "up" | "down") =>
  new Promise<void>((resolve) => proxy.on("received", (d: string) => d === direction && resolve()));

describe("the TCP chaos proxy", () => {
  it("delivers every byte intact and in order both ways, with latency and jitter", async () => {
    const proxy = await proxyTo(await echoServer(), { latencyMs: 3, jitterMs: 4 });
    const c = await client(proxy.port);
    const sent = Array.from({ length: 300 }, (_, i) => `<${i}>`).join("");
    for (let i = 0; i < sent.length; i += 7) c.socket.write(sent.slice(i, i + 7));
    expect(await c.waitFor(sent.length)).toBe(sent);
    expect(proxy.stats()).toMatchObject({ connections: 1, open: 1, bytesUp: sent.length, bytesDown: sent.length, bytesQueued: 0 });
  });

  it("paces a link to its bandwidth without losing or reordering bytes", async () => {
    const proxy = await proxyTo(await echoServer(), { bandwidthBytesPerS: 200_000 });
    const c = await client(proxy.port);
    const sent = "x".repeat(20_000) + "end";
    c.socket.write(sent);
    expect(await c.waitFor(sent.length)).toBe(sent);
    expect(proxy.stats().bytesDown).toBe(sent.length);
  });

  it("holds traffic in a blackhole and delivers it in order when the link heals", async () => {
    const proxy = await proxyTo(await echoServer());
    const c = await client(proxy.port);
    proxy.blackhole(true);
    const taken = received(proxy, "up");
    c.socket.write("first;");
    c.socket.write("second;");
    await taken;
    expect(proxy.stats().bytesUp).toBe(0);
    expect(proxy.stats().bytesQueued).toBeGreaterThan(0);
    expect(c.received()).toBe("");
    proxy.blackhole(false);
    expect(await c.waitFor(13)).toBe("first;second;");
  });

  it("cuts every open connection and still accepts new ones", async () => {
    const proxy = await proxyTo(await echoServer());
    const c = await client(proxy.port);
    const closed = new Promise<void>((resolve) => c.socket.once("close", () => resolve()));
    proxy.cut();
    await closed;
    expect(proxy.stats().open).toBe(0);
    const again = await client(proxy.port);
    again.socket.write("still here");
    expect(await again.waitFor(10)).toBe("still here");
  });

  it("refuses bad conditions, naming them", async () => {
    await expect(TcpChaosProxy.start({ upstreamHost: "127.0.0.1", upstreamPort: 4222, latencyMs: -5 })).rejects.toThrow(/latencyMs -5/);
    await expect(TcpChaosProxy.start({ upstreamHost: "127.0.0.1", upstreamPort: 70_000 })).rejects.toThrow(/upstreamPort 70000/);
    const proxy = await proxyTo(await echoServer());
    expect(() => proxy.setConditions({ bandwidthBytesPerS: Number.POSITIVE_INFINITY })).toThrow(/bandwidthBytesPerS/);
  });

  it("stops listening when closed", async () => {
    const proxy = await TcpChaosProxy.start({ upstreamHost: "127.0.0.1", upstreamPort: await echoServer() });
    const port = proxy.port;
    await proxy.close();
    await expect(client(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
