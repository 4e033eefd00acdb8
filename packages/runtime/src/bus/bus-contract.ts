/**
 * The behaviour every Bus must show, as a vitest suite: LocalBus runs it in unit tests, NatsBus
 * against a real nats-server in integration tests. Same suite, same semantics.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bus, BusMessage } from "./bus.js";
import { NoRespondersError, RequestTimeoutError } from "../errors.js";

export interface BusUnderTest {
  bus: Bus;
  cleanup(): Promise<void>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

/** Resolves with the first `count` messages a subscription receives, or rejects after `timeoutMs`. */
function collect(bus: Bus, subject: string, count: number, options: { queue?: string } = {}, timeoutMs = 5000) {
  const received: BusMessage[] = [];
  let resolve!: (m: BusMessage[]) => void;
  const done = new Promise<BusMessage[]>((r) => (resolve = r));
  const sub = bus.subscribe(subject, (m) => {
    received.push(m);
    if (received.length === count) resolve(received);
  }, options);
  const timer = setTimeout(() => resolve(received), timeoutMs);
  return { sub, received, done: done.finally(() => clearTimeout(timer)) };
}

export function describeBusContract(name: string, makeBus: () => Promise<BusUnderTest>): void {
  describe(`${name} (bus contract)`, () => {
    let t: BusUnderTest;
    let run = 0;
    const s = (suffix: string) => `contract.${name.toLowerCase().replace(/[^a-z0-9]/g, "")}.${run}.${suffix}`;
    beforeEach(async () => {
      run++;
      t = await makeBus();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it("delivers to exact, * and > subscribers", async () => {
      const exact = collect(t.bus, s("tlm.c1"), 1);
      const star = collect(t.bus, s("tlm.*"), 1);
      const tail = collect(t.bus, s(">"), 2);
      await t.bus.flush();
      t.bus.publish(s("tlm.c1"), bytes("a"));
      t.bus.publish(s("tlm.c1.s1"), bytes("b"));
      await t.bus.flush();
      expect((await exact.done).map((m) => text(m.data))).toEqual(["a"]);
      expect((await star.done).map((m) => text(m.data))).toEqual(["a"]);
      expect((await tail.done).map((m) => m.subject)).toEqual([s("tlm.c1"), s("tlm.c1.s1")]);
    });

    it("keeps per-subscription order", async () => {
      const c = collect(t.bus, s("order"), 100);
      await t.bus.flush();
      for (let i = 0; i < 100; i++) t.bus.publish(s("order"), bytes(String(i)));
      const got = (await c.done).map((m) => Number(text(m.data)));
      expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i));
    });

    it("gives each message to exactly one member of a queue group", async () => {
      const a = collect(t.bus, s("work"), 20, { queue: "workers" }, 1000);
      const b = collect(t.bus, s("work"), 20, { queue: "workers" }, 1000);
      await t.bus.flush();
      for (let i = 0; i < 20; i++) t.bus.publish(s("work"), bytes(String(i)));
      await t.bus.flush();
      const [ra, rb] = await Promise.all([a.done, b.done]);
      const all = [...ra, ...rb].map((m) => Number(text(m.data))).sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });

    it("answers a request with the responder's reply", async () => {
      t.bus.subscribe(s("echo"), (m) => m.respond(bytes(`re:${text(m.data)}`)));
      await t.bus.flush();
      const reply = await t.bus.request(s("echo"), bytes("hi"), { timeoutMs: 2000 });
      expect(text(reply.data)).toBe("re:hi");
    });

    it("fails a request at once with NoRespondersError when nobody listens", async () => {
      await expect(t.bus.request(s("nobody"), bytes("x"), { timeoutMs: 2000 })).rejects.toBeInstanceOf(NoRespondersError);
    });

    it("fails a request with RequestTimeoutError when the responder is silent", async () => {
      t.bus.subscribe(s("silent"), () => undefined);
      await t.bus.flush();
      await expect(t.bus.request(s("silent"), bytes("x"), { timeoutMs: 200 })).rejects.toBeInstanceOf(RequestTimeoutError);
    });

    it("stops delivery after unsubscribe", async () => {
      const seen: string[] = [];
      const sub = t.bus.subscribe(s("unsub"), (m) => seen.push(text(m.data)));
      const marker = collect(t.bus, s("unsub"), 2);
      await t.bus.flush();
      t.bus.publish(s("unsub"), bytes("1"));
      await t.bus.flush();
      sub.unsubscribe();
      await t.bus.flush();
      t.bus.publish(s("unsub"), bytes("2"));
      await marker.done;
      expect(seen).toEqual(["1"]);
    });

    it("survives a handler that throws", async () => {
      t.bus.subscribe(s("boom"), () => {
        throw new Error("handler bug");
      });
      const ok = collect(t.bus, s("boom"), 2);
      await t.bus.flush();
      t.bus.publish(s("boom"), bytes("1"));
      t.bus.publish(s("boom"), bytes("2"));
      expect(await ok.done).toHaveLength(2);
    });

    it("isolates subscribers from a publisher reusing its buffer", async () => {
      const c = collect(t.bus, s("reuse"), 2);
      await t.bus.flush();
      const buffer = bytes("first");
      t.bus.publish(s("reuse"), buffer);
      buffer.set(bytes("XXXXX"));
      t.bus.publish(s("reuse"), bytes("second"));
      expect((await c.done).map((m) => text(m.data))).toEqual(["first", "second"]);
    });

    it("stores, updates with compare-and-set, lists and deletes KV entries", async () => {
      const kv = await t.bus.kv(`kv-${name.toLowerCase().replace(/[^a-z0-9]/g, "")}-${run}`);
      const r1 = await kv.put("cluster.a", bytes("v1"));
      expect(text((await kv.get("cluster.a"))!.value)).toBe("v1");
      const r2 = await kv.update("cluster.a", bytes("v2"), r1);
      expect(r2).toBeGreaterThan(r1);
      await expect(kv.update("cluster.a", bytes("stale"), r1)).rejects.toThrow(/revision/);
      await expect(kv.update("cluster.b", bytes("new"), 0)).resolves.toBeGreaterThan(r2);
      await expect(kv.update("cluster.b", bytes("again"), 0)).rejects.toThrow(/revision/);
      expect(await kv.keys()).toEqual(["cluster.a", "cluster.b"]);
      await kv.delete("cluster.a");
      expect(await kv.get("cluster.a")).toBeUndefined();
      await kv.destroy();
    });

    it("keeps a stream of its subjects, in order, deduplicating retried publishes", async () => {
      const streamName = `st-${name.toLowerCase().replace(/[^a-z0-9]/g, "")}-${run}`;
      const stream = await t.bus.stream(streamName, { subjects: [s("evt.>")], maxMessages: 1000 });
      await stream.publish(s("evt.a"), bytes("1"), "id-1");
      await stream.publish(s("evt.a"), bytes("1"), "id-1");
      await stream.publish(s("evt.b"), bytes("2"));
      const records = await stream.read(1, 10);
      expect(records.map((r) => [r.subject, text(r.data)])).toEqual([
        [s("evt.a"), "1"],
        [s("evt.b"), "2"],
      ]);
      expect(await stream.lastSeq()).toBe(2);
      await stream.destroy();
    });

    it("serves endpoints of a service", async () => {
      const service = await t.bus.addService({
        name: "contract-test",
        version: "1.0.0",
        description: "bus contract",
        endpoints: [{ name: "ping", subject: s("ctl.ping"), handler: (m) => m.respond(bytes("pong")) }],
      });
      await t.bus.flush();
      expect(text((await t.bus.request(s("ctl.ping"), bytes(""), { timeoutMs: 2000 })).data)).toBe("pong");
      await service.stop();
    });
  });
}
