import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { pino } from "pino";
import { afterEach, describe, expect, inject, it } from "vitest";
import { silentLogger } from "../log.js";
import { spawnNatsServer, type SpawnedNatsServer } from "../nats-server.js";
import { connectNatsBus, versionAtLeast, type NatsBus } from "./nats-bus.js";
import { describeBusContract } from "./bus-contract.js";

describeBusContract("NatsBus", async () => {
  const bus = await connectNatsBus({ url: inject("natsUrl"), name: "bus-contract", log: silentLogger() });
  return { bus, cleanup: () => bus.drain() };
});

/** A pino logger that keeps its lines, to assert what was logged. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: "info" }, sink), lines };
}

/** Resolves when `predicate` holds for the captured lines; log lines have no other signal. */
async function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("NatsBus", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("reports the server version and max payload", async () => {
    const bus = await connectNatsBus({ url: inject("natsUrl"), name: "version-test", log: silentLogger() });
    cleanups.push(() => bus.drain());
    expect(bus.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(bus.serverAtLeast("2.9.0")).toBe(true);
    expect(bus.serverAtLeast("99.0.0")).toBe(false);
    expect(bus.maxPayloadBytes).toBeGreaterThanOrEqual(1024 * 1024);
  });

  it("sets byte and age limits on a bucket that exists, refuses one below what it holds, and makes discard-new streams", async () => {
    const bus = await connectNatsBus({ url: inject("natsUrl"), name: "limits-test", log: silentLogger() });
    cleanups.push(() => bus.drain());
    const bucket = `limits-${process.pid}`;
    const kv = await bus.kv(bucket);
    cleanups.push(() => kv.destroy());
    await kv.put("a", new Uint8Array(10_000));
    await bus.kv(bucket, { maxBytes: 1_000_000, maxAgeMs: 3_600_000 });
    const nc = await connect({ servers: inject("natsUrl") });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    const { config } = await jsm.streams.info(`KV_${bucket}`);
    expect([config.max_bytes, config.max_age, config.discard]).toEqual([1_000_000, 3_600_000 * 1e6, "new"]);
    await expect(bus.kv(bucket, { maxBytes: 5000 })).rejects.toThrow(new RegExp(`KV bucket ${bucket} holds \\d+ bytes, more than the limit 5000`));
    expect((await kv.get("a"))?.value.byteLength).toBe(10_000);

    const log = await bus.stream(`log-${process.pid}`, { subjects: [`log.${process.pid}.>`], maxBytes: 100_000, maxAgeMs: 60_000, discard: "new" });
    cleanups.push(() => log.destroy());
    expect((await jsm.streams.info(log.name)).config).toMatchObject({ discard: "new", max_bytes: 100_000, max_age: 60_000 * 1e6 });
  });

  it("fails to connect with an error naming the URL and the fix", async () => {
    await expect(connectNatsBus({ url: "nats://user:secret@127.0.0.1:1", name: "nowhere", log: silentLogger() })).rejects.toThrow(
      /cannot connect to NATS at nats:\/\/\*\*\*@127\.0\.0\.1:1: .*Start nats-server there/,
    );
  });

  it("reads a stream range larger than one fetch would hold and leaves no consumer behind", async () => {
    const bus = await connectNatsBus({ url: inject("natsUrl"), name: "read-test", log: silentLogger() });
    cleanups.push(() => bus.drain());
    const stream = await bus.stream(`read-${process.pid}`, { subjects: [`read.${process.pid}.>`] });
    cleanups.push(() => stream.destroy());
    await Promise.all(Array.from({ length: 500 }, (_, i) => stream.publish(`read.${process.pid}.x`, new TextEncoder().encode(String(i)))));
    const seqs = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    // Short ranges are read by gets, long ones through a consumer first: both give the same records.
    const middle = await stream.read(101, 250);
    expect(middle.map((r) => r.seq)).toEqual(seqs(101, 250));
    expect(middle.map((r) => new TextDecoder().decode(r.data))).toEqual(seqs(100, 250).map(String));
    expect((await stream.read(1, 400)).map((r) => r.seq)).toEqual(seqs(1, 400));
    expect((await stream.read(450, 1000)).length).toBe(51);
    const nc = await connect({ servers: inject("natsUrl") });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    // A record removed from the middle is passed over, and the read still fills up from after it.
    await jsm.streams.deleteMessage(`read-${process.pid}`, 300);
    expect((await stream.read(290, 20)).map((r) => r.seq)).toEqual([...seqs(290, 10), ...seqs(301, 10)]);
    expect((await stream.read(1, 400)).map((r) => r.seq)).toEqual([...seqs(1, 299), ...seqs(301, 101)]);
    const info = await jsm.streams.info(`read-${process.pid}`);
    expect(info.state.consumer_count).toBe(0);
  });

  it("lists only live KV keys: deletes leave nothing behind, and another client's delete marker is not a key", async () => {
    const bus = await connectNatsBus({ url: inject("natsUrl"), name: "keys-test", log: silentLogger() });
    cleanups.push(() => bus.drain());
    const kv = await bus.kv(`keys-${process.pid}`);
    cleanups.push(() => kv.destroy());
    for (const key of ["a", "b.1", "c"]) await kv.put(key, new Uint8Array([1]));
    await kv.delete("c");
    const nc = await connect({ servers: inject("natsUrl") });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    const subjects = async () => Object.keys((await jsm.streams.info(`KV_keys-${process.pid}`, { subjects_filter: ">" })).state.subjects ?? {}).sort();
    expect(await subjects()).toEqual([`$KV.keys-${process.pid}.a`, `$KV.keys-${process.pid}.b.1`]);
    // What `nats kv del` does: a marker entry on the key's subject.
    await (await new Kvm(nc).open(`keys-${process.pid}`)).delete("a");
    expect(await subjects()).toHaveLength(2);
    expect(await kv.keys()).toEqual(["b.1"]);
    expect(await kv.get("a")).toBeUndefined();
  });

  it("lists keys and reads long ranges without a consumer when the server will not make one", async () => {
    // A user who may not create consumers stands for a server that leaves the creation unanswered
    // (nats-server 2.9.10 with a cluster node down): both wait out the same short deadline.
    const dir = mkdtempSync(join(tmpdir(), "orbitwin-noconsumer-"));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const server = await spawnNatsServer({
      storeDir: dir,
      log: silentLogger(),
      extraConfig: `accounts { A { jetstream: enabled, users: [{ user: u, password: p, permissions: { publish: { deny: ["$JS.API.CONSUMER.>"] } } }] } }`,
    });
    cleanups.push(() => server.stop());
    const bus = await connectNatsBus({ url: server.url.replace("nats://", "nats://u:p@"), name: "no-consumer", log: silentLogger() });
    cleanups.push(() => bus.drain());
    const kv = await bus.kv("nc-keys");
    for (const key of ["a", "b.1", "c"]) await kv.put(key, new Uint8Array([1]));
    await kv.delete("c");
    expect(await kv.keys()).toEqual(["a", "b.1"]);
    // Another client's delete marker (what `nats kv del` writes) is not a key.
    const nc = await connect({ servers: server.url, user: "u", pass: "p" });
    cleanups.push(() => nc.close());
    await (await new Kvm(nc).open("nc-keys")).delete("a");
    expect(await kv.keys()).toEqual(["b.1"]);
    const stream = await bus.stream("nc-read", { subjects: ["ncr.>"] });
    await Promise.all(Array.from({ length: 400 }, (_, i) => stream.publish("ncr.x", new TextEncoder().encode(String(i)))));
    const records = await stream.read(1, 400);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 400 }, (_, i) => 1 + i));
    expect(new TextDecoder().decode(records[399]!.data)).toBe("399");
  });

  it("logs a lost connection once and its return once, and keeps subscriptions across a server restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitwin-restart-"));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    let server: SpawnedNatsServer = await spawnNatsServer({ storeDir: dir, log: silentLogger() });
    cleanups.push(() => server.stop());
    const port = Number(new URL(server.url).port);
    const { log, lines } = capturingLogger();
    const bus: NatsBus = await connectNatsBus({ url: server.url, name: "restart-test", log, reconnectTimeWaitMs: 100 });
    cleanups.push(() => bus.drain());
    const seen: string[] = [];
    bus.subscribe("restart.x", (m) => seen.push(new TextDecoder().decode(m.data)));
    await bus.flush();

    await server.stop();
    await until(() => lines.some((l) => l.msg.includes("connection lost")), "the disconnect line");
    // Same port, so the client's server list finds it again.
    server = await spawnNatsServer({ storeDir: dir, port, log: silentLogger() });
    await until(() => lines.some((l) => l.msg.includes("connection restored")), "the reconnect line");
    bus.publish("restart.x", new TextEncoder().encode("after"));
    await until(() => seen.includes("after"), "a message after the restart");
    expect(lines.filter((l) => l.msg.includes("connection lost"))).toHaveLength(1);
    expect(lines.filter((l) => l.msg.includes("connection restored"))).toHaveLength(1);
  });

  it("resolves closed() with the error when the connection dies for good", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitwin-die-"));
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const server = await spawnNatsServer({ storeDir: dir, log: silentLogger() });
    cleanups.push(() => server.stop());
    const bus = await connectNatsBus({ url: server.url, name: "die-test", log: silentLogger(), maxReconnectAttempts: 1, reconnectTimeWaitMs: 50 });
    await server.stop();
    let timer: NodeJS.Timeout | undefined;
    const err = await Promise.race([bus.closed(), new Promise<"still open">((r) => (timer = setTimeout(() => r("still open"), 20_000)))]);
    clearTimeout(timer);
    expect(err).toBeInstanceOf(Error);
    expect(() => bus.publish("x", new Uint8Array(1))).toThrow(/closed/);
  });
});

describe("versionAtLeast", () => {
  it.each([
    ["2.9.10", "2.10.0", false],
    ["2.10.0", "2.10.0", true],
    ["2.10.22", "2.9.10", true],
    ["v2.11.1", "2.11.0", true],
    ["unknown", "2.9.0", false],
  ])("%s >= %s is %s", (have, want, expected) => {
    expect(versionAtLeast(have, want)).toBe(expected);
  });
});
