/**
 * The behaviour every Bus must show, as a vitest suite: LocalBus runs it in unit tests, NatsBus
 * against a real nats-server in integration tests. Same suite, same semantics. Exported only
 * through `@orbitwin/runtime/testing`. Nothing here sleeps: tests await the event they expect,
 * with a deadline, and prove an absence by a marker message that must arrive after it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bus, BusMessage, StreamRecord, StreamStore } from "./bus.js";
import { KvConflictError, NoRespondersError, RequestTimeoutError, StorageFullError } from "../errors.js";
import { InvalidSubjectError } from "./subject-match.js";

export interface BusUnderTest {
  bus: Bus;
  cleanup(): Promise<void>;
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Rejects naming `what` when `promise` has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Subscribes and records; `next(n)` resolves once `n` messages in total have arrived. */
function recorder(bus: Bus, subject: string, queue?: string) {
  const received: BusMessage[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const sub = bus.subscribe(
    subject,
    (m) => {
      received.push(m);
      for (const w of waiters.filter((x) => received.length >= x.count)) w.resolve();
    },
    queue === undefined ? {} : { queue },
  );
  const next = (count: number, ms = 5000) =>
    within(new Promise<void>((resolve) => (received.length >= count ? resolve() : waiters.push({ count, resolve }))), ms, `${count} messages on ${subject}`);
  return { sub, received, next, texts: () => received.map((m) => text(m.data)) };
}

export function describeBusContract(name: string, makeBus: () => Promise<BusUnderTest>): void {
  describe(`${name} (bus contract)`, () => {
    const tag = `${name.toLowerCase().replace(/[^a-z0-9]/g, "")}-${process.pid}`;
    let t: BusUnderTest;
    let bus: Bus;
    let n = 0;
    /** A subject unique to this test, so runs against a shared server never cross. */
    const s = (suffix: string) => `ct.${tag}.${n}.${suffix}`;
    /** A stream / bucket name unique to this test. */
    const id = (kind: string) => `ct-${kind}-${tag}-${n}`;

    /** Resolves once every message published before it has reached its subscribers. */
    const settle = async () => {
      const marker = recorder(bus, s(`settle.${n}`));
      await bus.flush();
      bus.publish(s(`settle.${n}`), bytes("."));
      await marker.next(1);
      marker.sub.unsubscribe();
    };

    beforeEach(async () => {
      n++;
      t = await makeBus();
      bus = t.bus;
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it("delivers to exact, * and > subscribers, and not to others", async () => {
      const exact = recorder(bus, s("tlm.c1"));
      const star = recorder(bus, s("tlm.*"));
      const tail = recorder(bus, s("tlm.>"));
      const other = recorder(bus, s("evt.*"));
      await bus.flush();
      bus.publish(s("tlm.c1"), bytes("a"));
      bus.publish(s("tlm.c1.s1"), bytes("b"));
      await tail.next(2);
      await settle();
      expect(exact.texts()).toEqual(["a"]);
      expect(star.texts()).toEqual(["a"]);
      expect(tail.received.map((m) => m.subject)).toEqual([s("tlm.c1"), s("tlm.c1.s1")]);
      expect(other.received).toEqual([]);
    });

    it("keeps the publish order for each subscription", async () => {
      const r = recorder(bus, s("order"));
      await bus.flush();
      for (const i of range(200)) bus.publish(s("order"), bytes(String(i)));
      await r.next(200);
      expect(r.texts().map(Number)).toEqual(range(200));
    });

    it("gives each message to exactly one member of a queue group, and to every plain subscriber", async () => {
      const a = recorder(bus, s("work"), "workers");
      const b = recorder(bus, s("work"), "workers");
      const plain = recorder(bus, s("work"));
      const otherGroup = recorder(bus, s("work"), "auditors");
      await bus.flush();
      for (const i of range(40)) bus.publish(s("work"), bytes(String(i)));
      await plain.next(40);
      await otherGroup.next(40);
      await settle();
      const all = [...a.texts(), ...b.texts()].map(Number).sort((x, y) => x - y);
      expect(all).toEqual(range(40));
    });

    it("answers a request with the responder's reply", async () => {
      bus.subscribe(s("echo"), (m) => m.respond(bytes(`re:${text(m.data)}`)));
      await bus.flush();
      const reply = await bus.request(s("echo"), bytes("hi"), { timeoutMs: 2000 });
      expect(text(reply.data)).toBe("re:hi");
    });

    it("tells a handler whether it could respond", async () => {
      const results: boolean[] = [];
      const r = recorder(bus, s("maybe"));
      bus.subscribe(s("maybe"), (m) => results.push(m.respond(bytes("ok"))));
      await bus.flush();
      bus.publish(s("maybe"), bytes("no reply subject"));
      await r.next(1);
      await settle();
      expect(r.received[0]!.reply).toBeUndefined();
      expect(results).toEqual([false]);
    });

    it("fails a request at once with NoRespondersError when nobody listens", async () => {
      const started = Date.now();
      await expect(bus.request(s("nobody"), bytes("x"), { timeoutMs: 10_000 })).rejects.toBeInstanceOf(NoRespondersError);
      expect(Date.now() - started).toBeLessThan(5000);
      const gone = bus.subscribe(s("gone"), (m) => m.respond(bytes("here")));
      await bus.flush();
      gone.unsubscribe();
      await bus.flush();
      await expect(bus.request(s("gone"), bytes("x"), { timeoutMs: 10_000 })).rejects.toBeInstanceOf(NoRespondersError);
    });

    it("fails a request with RequestTimeoutError when the responder is silent", async () => {
      bus.subscribe(s("silent"), () => undefined);
      await bus.flush();
      const err: unknown = await bus.request(s("silent"), bytes("x"), { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RequestTimeoutError);
      expect(String(err)).toContain(s("silent"));
    });

    it("stops delivery after unsubscribe", async () => {
      const first = recorder(bus, s("unsub"));
      const marker = recorder(bus, s("unsub"));
      await bus.flush();
      bus.publish(s("unsub"), bytes("1"));
      await first.next(1);
      first.sub.unsubscribe();
      first.sub.unsubscribe();
      await bus.flush();
      bus.publish(s("unsub"), bytes("2"));
      await marker.next(2);
      await settle();
      expect(first.texts()).toEqual(["1"]);
    });

    it("drains a subscription: delivers what was published before, then nothing", async () => {
      const r = recorder(bus, s("drain"));
      const marker = recorder(bus, s("drain"));
      await bus.flush();
      for (const i of range(50)) bus.publish(s("drain"), bytes(String(i)));
      await within(r.sub.drain(), 5000, "the subscription to drain");
      expect(r.texts().map(Number)).toEqual(range(50));
      bus.publish(s("drain"), bytes("late"));
      await marker.next(51);
      await settle();
      expect(r.received).toHaveLength(50);
    });

    it("drains the bus: delivers buffered messages, then closes without error", async () => {
      const r = recorder(bus, s("close"));
      await bus.flush();
      for (const i of range(20)) bus.publish(s("close"), bytes(String(i)));
      await within(bus.drain(), 10_000, "the bus to drain");
      expect(r.texts().map(Number)).toEqual(range(20));
      await expect(within(bus.closed(), 5000, "closed()")).resolves.toBeUndefined();
      expect(() => bus.publish(s("close"), bytes("after"))).toThrow();
      await within(bus.drain(), 5000, "a second drain");
    });

    it("survives handlers that throw or reject", async () => {
      bus.subscribe(s("boom"), () => {
        throw new Error("handler bug");
      });
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- an async handler that rejects is the case under test
      bus.subscribe(s("boom"), () => Promise.reject(new Error("async handler bug")));
      const ok = recorder(bus, s("boom"));
      await bus.flush();
      bus.publish(s("boom"), bytes("1"));
      bus.publish(s("boom"), bytes("2"));
      await ok.next(2);
      await settle();
      expect(ok.texts()).toEqual(["1", "2"]);
    });

    it("isolates subscribers from a publisher reusing its buffer", async () => {
      const r = recorder(bus, s("reuse"));
      await bus.flush();
      const buffer = bytes("first");
      bus.publish(s("reuse"), buffer);
      buffer.set(bytes("XXXXX"));
      bus.publish(s("reuse"), bytes("second"));
      await r.next(2);
      expect(r.texts()).toEqual(["first", "second"]);
    });

    it("refuses malformed subjects with an error naming the subject", async () => {
      expect(() => bus.publish(s("a.*"), bytes("x"))).toThrow(InvalidSubjectError);
      expect(() => bus.publish(`${s("a")}..b`, bytes("x"))).toThrow(/empty token/);
      expect(() => bus.subscribe(`${s("a")}.>.b`, () => undefined)).toThrow(/must come last/);
      await expect(bus.request(s("a.>"), bytes("x"))).rejects.toBeInstanceOf(InvalidSubjectError);
    });

    it("stores, updates with compare-and-set, lists and deletes KV entries", async () => {
      const kv = await bus.kv(id("kv"));
      expect(await kv.get("cluster.a")).toBeUndefined();
      const r1 = await kv.put("cluster.a", bytes("v1"));
      expect(await kv.get("cluster.a")).toMatchObject({ key: "cluster.a", revision: r1 });
      expect(text((await kv.get("cluster.a"))!.value)).toBe("v1");
      const r2 = await kv.update("cluster.a", bytes("v2"), r1);
      expect(r2).toBeGreaterThan(r1);
      await expect(kv.update("cluster.a", bytes("stale"), r1)).rejects.toBeInstanceOf(KvConflictError);
      await expect(kv.update("cluster.a", bytes("stale"), 0)).rejects.toBeInstanceOf(KvConflictError);
      const r3 = await kv.update("cluster.b", bytes("new"), 0);
      expect(r3).toBeGreaterThan(r2);
      await expect(kv.update("cluster.b", bytes("again"), 0)).rejects.toThrow(/revision/);
      expect(await kv.keys()).toEqual(["cluster.a", "cluster.b"]);
      expect(await kv.keys("*.b")).toEqual(["cluster.b"]);
      expect(await kv.keys("cluster.>")).toEqual(["cluster.a", "cluster.b"]);
      await kv.delete("cluster.a");
      expect(await kv.get("cluster.a")).toBeUndefined();
      expect(await kv.keys()).toEqual(["cluster.b"]);
      // A deleted key may be created again, as JetStream KV allows.
      expect(await kv.update("cluster.a", bytes("reborn"), 0)).toBeGreaterThan(r3);
      // Opening the bucket again sees the same data.
      const again = await bus.kv(id("kv"));
      expect(text((await again.get("cluster.a"))!.value)).toBe("reborn");
      await kv.destroy();
    });

    it("deletes the KV keys a filter matches in one operation, and lists keys without reading them", async () => {
      const kv = await bus.kv(id("kv"));
      try {
        for (const key of ["t1.a", "t1.b.n", "t2.a", "t2.b.n", "t10.a"]) await kv.put(key, bytes(key));
        expect(await kv.keys(">", { unread: true })).toEqual(["t1.a", "t1.b.n", "t10.a", "t2.a", "t2.b.n"]);
        await kv.deleteMatching("t1.>");
        expect(await kv.keys()).toEqual(["t10.a", "t2.a", "t2.b.n"]);
        expect(await kv.keys(">", { unread: true })).toEqual(["t10.a", "t2.a", "t2.b.n"]);
        await kv.deleteMatching("*.a");
        expect(await kv.keys()).toEqual(["t2.b.n"]);
        await expect(kv.deleteMatching("t2..b")).rejects.toThrow(/empty token/);
        await kv.deleteMatching(">");
        expect(await kv.keys()).toEqual([]);
      } finally {
        await kv.destroy();
      }
    });

    it("refuses an invalid KV key with a clear error", async () => {
      const kv = await bus.kv(id("kv"));
      try {
        await expect(kv.put("has space", bytes("x"))).rejects.toThrow();
        await expect(kv.put("a.*", bytes("x"))).rejects.toThrow();
      } finally {
        await kv.destroy();
      }
    });

    it("keeps a stream of its subjects, in order, deduplicating retried publishes", async () => {
      const stream = await bus.stream(id("st"), { subjects: [s("evt.>")], maxMessages: 1000 });
      try {
        const live = recorder(bus, s("evt.>"));
        await bus.flush();
        const seq1 = await stream.publish(s("evt.a"), bytes("1"), "id-1");
        expect(await stream.publish(s("evt.a"), bytes("1"), "id-1")).toBe(seq1);
        expect(await stream.publish(s("evt.b"), bytes("2"))).toBe(seq1 + 1);
        // A plain publish on a stream subject is stored too, as JetStream captures it.
        bus.publish(s("evt.c"), bytes("3"));
        await bus.flush();
        const records = await readUntil(stream, 3);
        expect(records.map((r) => [r.seq, r.subject, text(r.data)])).toEqual([
          [1, s("evt.a"), "1"],
          [2, s("evt.b"), "2"],
          [3, s("evt.c"), "3"],
        ]);
        expect(records[0]!.storedAtMs).toBeGreaterThan(Date.parse("2020-01-01"));
        expect(await stream.lastSeq()).toBe(3);
        expect((await stream.read(2, 1)).map((r) => r.seq)).toEqual([2]);
        expect(await stream.read(4, 10)).toEqual([]);
        expect((await stream.lastOnSubject(s("evt.b")))?.seq).toBe(2);
        expect(await stream.lastOnSubject(s("evt.none"))).toBeUndefined();
        await expect(stream.publish(s("other.x"), bytes("x"))).rejects.toThrow(/does not store/);
        // Subscribers see stream publishes, duplicates included: on NATS dedupe is storage-only.
        await live.next(4);
        expect(live.texts()).toEqual(["1", "1", "2", "3"]);
      } finally {
        await stream.destroy();
      }
    });

    it("refuses a put past a bucket's byte limit, naming the bucket, and keeps what it holds", async () => {
      const kv = await bus.kv(id("kv"), { maxBytes: 4096 });
      try {
        await kv.put("a", new Uint8Array(1500));
        await kv.put("b", new Uint8Array(1500));
        const refused = kv.put("c", new Uint8Array(1500));
        await expect(refused).rejects.toBeInstanceOf(StorageFullError);
        await expect(refused).rejects.toThrow(new RegExp(`KV bucket ${kv.bucket} is full`));
        expect(await kv.keys()).toEqual(["a", "b"]);
        // A larger limit asked for later applies to the bucket as it is.
        const larger = await bus.kv(kv.bucket, { maxBytes: 8192 });
        await larger.put("c", new Uint8Array(1500));
        expect(await kv.keys()).toEqual(["a", "b", "c"]);
      } finally {
        await kv.destroy();
      }
    });

    it("refuses a publish to a full discard-new stream and keeps every record it acknowledged", async () => {
      const stream = await bus.stream(id("st"), { subjects: [s("cmd.*")], maxMessages: 3, discard: "new" });
      try {
        for (const i of range(3)) await stream.publish(s("cmd.x"), bytes(String(i)));
        const refused = stream.publish(s("cmd.x"), bytes("3"));
        await expect(refused).rejects.toBeInstanceOf(StorageFullError);
        await expect(refused).rejects.toThrow(new RegExp(`stream ${stream.name} is full`));
        expect((await stream.read(1, 10)).map((r) => text(r.data))).toEqual(["0", "1", "2"]);
      } finally {
        await stream.destroy();
      }
    });

    it("drops the oldest stream records beyond maxMessages", async () => {
      const stream = await bus.stream(id("st"), { subjects: [s("log.*")], maxMessages: 3 });
      try {
        for (const i of range(5)) await stream.publish(s("log.x"), bytes(String(i)));
        expect(await stream.lastSeq()).toBe(5);
        const records = await stream.read(1, 10);
        expect(records.map((r) => [r.seq, text(r.data)])).toEqual([
          [3, "2"],
          [4, "3"],
          [5, "4"],
        ]);
      } finally {
        await stream.destroy();
      }
    });

    it("follows a stream from a sequence: stored records, then live ones, each once and in order", async () => {
      const stream = await bus.stream(id("st"), { subjects: [s("hist.*")], maxMessages: 1000 });
      try {
        for (const i of range(5)) await stream.publish(s("hist.a"), bytes(String(i)));
        const seen: { seq: number; text: string }[] = [];
        let wake: (() => void) | undefined;
        const follower = await stream.follow(3, (r) => {
          seen.push({ seq: r.seq, text: text(r.data) });
          if (seen.length >= 7) wake?.();
        });
        // Published while the replay may still be running: the seam must neither drop nor repeat.
        for (const i of range(3)) await stream.publish(s("hist.a"), bytes(String(5 + i)));
        bus.publish(s("hist.b"), bytes("8"));
        await within(new Promise<void>((resolve) => (seen.length >= 7 ? resolve() : (wake = resolve))), 5000, "7 followed records");
        await follower.stop();
        await follower.stop();
        expect(seen).toEqual(range(7).map((i) => ({ seq: 3 + i, text: String(2 + i) })));
        const opened = await bus.openStream(id("st"));
        expect((await opened.read(1, 100)).map((r) => text(r.data))).toEqual(range(9).map(String));
      } finally {
        await stream.destroy();
      }
    });

    it("refuses to open a stream that does not exist, naming it", async () => {
      await expect(bus.openStream(id("missing"))).rejects.toMatchObject({
        code: "ORBITWIN_UNKNOWN_STREAM",
        message: expect.stringContaining(id("missing")) as string,
      });
    });

    it("serves a service's endpoints, one instance per request, discoverable by ping", async () => {
      const answers: string[] = [];
      const make = (instance: string) =>
        bus.addService({
          name: `ct-svc-${n}`,
          version: "1.0.0",
          description: "bus contract",
          endpoints: [{ name: "ping", subject: s("ctl.ping"), handler: (m) => (answers.push(instance), m.respond(bytes(`pong from ${instance}`))) }],
        });
      const one = await make("one");
      const two = await make("two");
      await bus.flush();
      for (const i of range(6)) {
        expect(text((await bus.request(s("ctl.ping"), bytes(String(i)), { timeoutMs: 2000 })).data)).toMatch(/^pong from (one|two)$/);
      }
      expect(answers).toHaveLength(6);
      const discovered = await bus.request(`$SRV.PING.ct-svc-${n}`, bytes(""), { timeoutMs: 2000 });
      expect(JSON.parse(text(discovered.data))).toMatchObject({ type: "io.nats.micro.v1.ping_response", name: `ct-svc-${n}`, version: "1.0.0" });
      await one.stop();
      await two.stop();
      await bus.flush();
      await expect(bus.request(s("ctl.ping"), bytes(""), { timeoutMs: 2000 })).rejects.toBeInstanceOf(NoRespondersError);
    });
  });
}

/**
 * Reads from seq 1 until `count` records are there. A plain publish reaches a NATS stream
 * asynchronously and a stream has no "stored" notification, so this polls, with a deadline.
 */
async function readUntil(stream: StreamStore, count: number, timeoutMs = 5000): Promise<StreamRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await stream.read(1, count + 10);
    if (records.length >= count) return records;
    if (Date.now() > deadline) throw new Error(`stream ${stream.name} holds ${records.length} records, not ${count}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
